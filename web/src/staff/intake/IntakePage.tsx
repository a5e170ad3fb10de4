import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Language } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { intakeMessages } from './intake.messages.js';
import { answersForJson, formatDuration, type Answers, type ListedComplaint } from './intake-form.js';
import {
  AttributeFields,
  CategoryPicker,
  CodeToReadBack,
  ComplaintsTable,
  FieldErrors,
  invalidProps,
  LANGUAGE_CHOICES,
  PlacePicker,
  TextField,
  useCatalogue,
  useFilings,
  FormProblems,
} from './shared.js';
import './intake.css';

const OUTCOMES = ['status_given', 'information_given', 'referred', 'dropped', 'other'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** Seconds since `startedAt`, ticking each second. */
function useElapsed(startedAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((now - startedAt) / 1000));
}

type Lookup = { kind: 'idle' } | { kind: 'looking' } | { kind: 'found'; phone: string; complaints: ListedComplaint[] };

/**
 * The helpline's screen, for an agent on a headset: the caller's number first, their complaints to read the state
 * out from, then either the call logged with its outcome or a complaint filed for them; the call's time runs from
 * the moment the screen opens for the caller and is sent with what is logged.
 */
export function IntakePage() {
  const t = useMessages(intakeMessages);
  // A new call is a new screen: every field and the timer start again.
  const [callKey, setCallKey] = useState(0);
  const { filings, reload } = useFilings();
  return (
    <div className="intake">
      <h1>{t('helpline.title')}</h1>
      <Call key={callKey} onNext={() => setCallKey((k) => k + 1)} onFiled={reload} />
      <section aria-labelledby="filings-heading">
        <h2 id="filings-heading">{t('filings.heading')}</h2>
        {filings === null ? null : filings.length === 0 ? <p>{t('filings.none')}</p> : <ComplaintsTable caption={t('filings.heading')} complaints={filings} />}
      </section>
    </div>
  );
}

function Call({ onNext, onFiled }: { onNext: () => void; onFiled: () => void }) {
  const t = useMessages(intakeMessages);
  const { call } = useStaffSession();
  const [startedAt] = useState(() => Date.now());
  const elapsed = useElapsed(startedAt);
  const [phone, setPhone] = useState('');
  const [lookup, setLookup] = useState<Lookup>({ kind: 'idle' });
  const [phoneProblem, setPhoneProblem] = useState<{ detail: string }[]>([]);
  const [logged, setLogged] = useState<string | null>(null);
  const [filed, setFiled] = useState<{ code: string; citizenSecret: string } | null>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const phoneId = useId();
  const durationSeconds = () => Math.min(86_400, Math.max(0, Math.floor((Date.now() - startedAt) / 1000)));

  useEffect(() => phoneRef.current?.focus(), []);

  const lookUp = async (event: FormEvent) => {
    event.preventDefault();
    const number = phone.trim();
    if (number === '') {
      setPhoneProblem([{ detail: t('phone.required') }]);
      phoneRef.current?.focus();
      return;
    }
    setLookup({ kind: 'looking' });
    setPhoneProblem([]);
    const result = await call<{ complaints: ListedComplaint[] }>(`/api/v1/staff/intake/callers?phone=${encodeURIComponent(number)}`);
    if (result.ok) setLookup({ kind: 'found', phone: number, complaints: result.data.complaints });
    else {
      setLookup({ kind: 'idle' });
      const at = problemsAt(result.problem, '/querystring/phone');
      setPhoneProblem(at.length > 0 ? at : [{ detail: result.problem.status === 0 ? t('form.network') : t('form.failed', { detail: result.problem.detail }) }]);
      phoneRef.current?.focus();
    }
  };

  const errorId = `${phoneId}-error`;
  const hintId = `${phoneId}-hint`;
  return (
    <>
      <div className="call-bar">
        <p className="timer">
          <span>{t('helpline.timer')}: </span>
          <span role="timer" dir="ltr">
            {formatDuration(elapsed)}
          </span>
        </p>
        <button type="button" className="secondary" onClick={onNext}>
          {t('helpline.newCall')}
        </button>
      </div>

      <section aria-labelledby="caller-heading">
        <h2 id="caller-heading">{t('caller.heading')}</h2>
        <form className="field" role="search" onSubmit={(event) => void lookUp(event)} noValidate>
          <label htmlFor={phoneId}>{t('caller.phone')}</label>
          <p id={hintId} className="hint">
            {t('caller.phoneHint')}
          </p>
          <div className="row">
            <input
              ref={phoneRef}
              id={phoneId}
              name="phone"
              type="tel"
              dir="ltr"
              inputMode="tel"
              autoComplete="off"
              maxLength={32}
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
              {...invalidProps(errorId, phoneProblem, hintId)}
            />
            <button type="submit">{t('caller.lookUp')}</button>
          </div>
          <FieldErrors id={errorId} errors={phoneProblem} />
        </form>
        <div role="status">
          {lookup.kind === 'looking' ? <p>{t('caller.looking')}</p> : null}
          {lookup.kind === 'found' ? <p>{lookup.complaints.length === 0 ? t('caller.none') : t('caller.found', { count: lookup.complaints.length })}</p> : null}
        </div>
        {lookup.kind === 'found' && lookup.complaints.length > 0 ? <ComplaintsTable caption={t('caller.complaints')} complaints={lookup.complaints} /> : null}
      </section>

      {filed ? (
        <Filed filed={filed} onNext={onNext} />
      ) : (
        <>
          <LogCall
            complaints={lookup.kind === 'found' ? lookup.complaints : []}
            phone={phone.trim()}
            durationSeconds={durationSeconds}
            logged={logged}
            onLogged={setLogged}
            onPhoneProblem={(errors) => {
              setPhoneProblem(errors);
              phoneRef.current?.focus();
            }}
          />
          {logged === null ? (
            <FileForCaller
              phone={phone.trim()}
              durationSeconds={durationSeconds}
              onFiled={(result) => {
                setFiled(result);
                onFiled();
              }}
              onPhoneProblem={(errors) => {
                setPhoneProblem(errors);
                phoneRef.current?.focus();
              }}
            />
          ) : null}
        </>
      )}
    </>
  );
}

/** The filed complaint's code, large, to read back; focus moves to it so the agent's screen reader says it. */
function Filed({ filed, onNext }: { filed: { code: string; citizenSecret: string }; onNext: () => void }) {
  const t = useMessages(intakeMessages);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="filed-heading" className="notice filed">
      <h2 id="filed-heading" ref={heading} tabIndex={-1}>
        {t('file.done')}
      </h2>
      <CodeToReadBack code={filed.code} />
      <p className="secret">
        <span>{t('file.secret')}: </span>
        <code dir="ltr">{filed.citizenSecret}</code>
      </p>
      <button type="button" onClick={onNext}>
        {t('helpline.newCall')}
      </button>
    </section>
  );
}

function LogCall({
  complaints,
  phone,
  durationSeconds,
  logged,
  onLogged,
  onPhoneProblem,
}: {
  complaints: ListedComplaint[];
  phone: string;
  durationSeconds: () => number;
  logged: string | null;
  onLogged: (duration: string) => void;
  onPhoneProblem: (errors: { detail: string }[]) => void;
}) {
  const t = useMessages(intakeMessages);
  const { call } = useStaffSession();
  const [outcome, setOutcome] = useState<Outcome>('status_given');
  const [complaintCode, setComplaintCode] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  // The complaint the call was about: the caller's only one, unless the agent picks another.
  const chosen = complaintCode === '' && complaints.length === 1 ? (complaints[0]?.code ?? '') : complaintCode;
  const codeErrors = problemsAt(problem, '/complaintCode');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const seconds = durationSeconds();
    const result = await call<{ id: string }>('/api/v1/staff/intake/calls', {
      json: { ...(phone !== '' ? { callerPhone: phone } : {}), durationSeconds: seconds, outcome, ...(chosen !== '' && chosen !== '-' ? { complaintCode: chosen } : {}) },
    });
    setBusy(false);
    if (result.ok) {
      setProblem(null);
      onLogged(formatDuration(seconds));
      return;
    }
    setProblem(result.problem);
    const phoneErrors = problemsAt(result.problem, '/callerPhone');
    if (phoneErrors.length > 0) onPhoneProblem(phoneErrors);
  };

  if (logged !== null) {
    return (
      <section aria-labelledby="logged-heading">
        <h2 id="logged-heading">{t('call.heading')}</h2>
        <p role="status" className="notice">
          {t('call.logged', { duration: logged })}
        </p>
      </section>
    );
  }
  const general = problem && (problem.errors ?? []).length === 0 ? (problem.status === 0 ? t('form.network') : t('form.failed', { detail: problem.detail })) : null;
  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">{t('call.heading')}</h2>
      <form className="log-call" onSubmit={(event) => void submit(event)}>
        <div className="row">
          <TextField label={t('call.outcome')} errors={problemsAt(problem, '/outcome')}>
            {({ id, props }) => (
              <select id={id} name="outcome" value={outcome} onChange={(event) => setOutcome(event.target.value as Outcome)} {...props}>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`call.outcome.${o}`)}
                  </option>
                ))}
              </select>
            )}
          </TextField>
          {complaints.length > 0 ? (
            <TextField label={t('call.complaint')} errors={codeErrors}>
              {({ id, props }) => (
                <select id={id} name="complaintCode" value={chosen === '' ? '-' : chosen} onChange={(event) => setComplaintCode(event.target.value)} {...props}>
                  <option value="-">{t('call.noComplaint')}</option>
                  {complaints.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.code}
                    </option>
                  ))}
                </select>
              )}
            </TextField>
          ) : null}
        </div>
        <div role="alert">{general ? <p className="notice error">{general}</p> : null}</div>
        <button type="submit" disabled={busy}>
          {t('call.log')}
        </button>
      </form>
    </section>
  );
}

function FileForCaller({ phone, durationSeconds, onFiled, onPhoneProblem }: { phone: string; durationSeconds: () => number; onFiled: (result: { code: string; citizenSecret: string }) => void; onPhoneProblem: (errors: { detail: string }[]) => void }) {
  const t = useMessages(intakeMessages);
  const { language: uiLanguage } = useI18n();
  const { call } = useStaffSession();
  const catalogue = useCatalogue();
  const [categoryId, setCategoryId] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [description, setDescription] = useState('');
  const [district, setDistrict] = useState('');
  const [tehsil, setTehsil] = useState('');
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<Language>(uiLanguage === 'en' ? 'ur' : uiLanguage);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  if (catalogue.kind === 'loading') return <p role="status">{t('form.loading')}</p>;
  if (catalogue.kind === 'failed') return <p role="alert">{t('form.loadFailed')}</p>;
  const category = catalogue.categories.find((c) => c.id === categoryId);
  const attributes = category?.attributes ?? [];
  const at = (pointer: string) => problemsAt(problem, pointer);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (phone === '') {
      onPhoneProblem([{ detail: t('phone.required') }]);
      return;
    }
    setBusy(true);
    const areaId = tehsil || district;
    const location = areaId !== '' || address.trim() !== '' ? { ...(areaId !== '' ? { areaId } : {}), ...(address.trim() !== '' ? { address: address.trim() } : {}) } : undefined;
    const result = await call<{ code: string; citizenSecret: string }>('/api/v1/staff/intake/complaints', {
      json: {
        categoryId,
        description: description.trim(),
        ...(location ? { location } : {}),
        contact: { phone, ...(name.trim() !== '' ? { name: name.trim() } : {}) },
        language,
        ...(answersForJson(attributes, answers) ? { attributes: answersForJson(attributes, answers) } : {}),
        call: { durationSeconds: durationSeconds() },
      },
    });
    setBusy(false);
    if (result.ok) {
      onFiled(result.data);
      return;
    }
    setProblem(result.problem);
    const phoneErrors = problemsAt(result.problem, '/contact/phone');
    if (phoneErrors.length > 0) onPhoneProblem(phoneErrors);
    else formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  };

  const known = ['/categoryId', '/description', '/location', '/contact', '/language', '/attributes'];
  const unplaced = (problem?.errors ?? []).filter((e) => !known.some((p) => e.pointer === p || e.pointer.startsWith(`${p}/`)));
  const general = problem ? (problem.status === 0 ? t('form.network') : (problem.errors ?? []).length > 0 ? t('form.fix') : t('form.failed', { detail: problem.detail })) : null;
  return (
    <section aria-labelledby="file-heading">
      <h2 id="file-heading">{t('file.heading')}</h2>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        <CategoryPicker
          categories={catalogue.categories}
          value={categoryId}
          onChange={(id) => {
            setCategoryId(id);
            setAnswers({});
          }}
          errors={at('/categoryId')}
        />
        <AttributeFields attributes={attributes} answers={answers} onChange={setAnswers} errorsAt={at} />
        <TextField label={t('form.description')} errors={at('/description')}>
          {({ id, props }) => <textarea id={id} name="description" required minLength={10} maxLength={5000} value={description} onChange={(event) => setDescription(event.target.value)} {...props} />}
        </TextField>
        <PlacePicker
          areas={catalogue.areas}
          district={district}
          tehsil={tehsil}
          onChange={(d, te) => {
            setDistrict(d);
            setTehsil(te);
          }}
          errors={at('/location/areaId')}
        />
        <TextField label={`${t('form.address')} ${t('form.optional')}`} errors={at('/location/address')}>
          {({ id, props }) => <input id={id} name="address" maxLength={500} value={address} onChange={(event) => setAddress(event.target.value)} {...props} />}
        </TextField>
        <TextField label={`${t('file.callerName')} ${t('form.optional')}`} errors={at('/contact/name')}>
          {({ id, props }) => <input id={id} name="name" autoComplete="off" maxLength={120} value={name} onChange={(event) => setName(event.target.value)} {...props} />}
        </TextField>
        <TextField label={t('file.language')} errors={at('/language')}>
          {({ id, props }) => (
            <select id={id} name="language" value={language} onChange={(event) => setLanguage(event.target.value as Language)} {...props}>
              {LANGUAGE_CHOICES.map((choice) => (
                <option key={choice.code} value={choice.code} lang={choice.code}>
                  {choice.name}
                </option>
              ))}
            </select>
          )}
        </TextField>
        <FormProblems general={general} unplaced={unplaced} />
        <button type="submit" disabled={busy}>
          {busy ? t('file.filing') : t('file.submit')}
        </button>
      </form>
    </section>
  );
}
