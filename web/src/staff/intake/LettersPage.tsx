import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Names } from '../../api.js';
import { problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useSignedIn, useStaffSession } from '../session.js';
import { intakeMessages } from './intake.messages.js';
import { appendAnswers, todayInKarachi, type Answers, type Area, type Category } from './intake-form.js';
import {
  AttributeFields,
  CategoryPicker,
  CodeToReadBack,
  ComplaintsTable,
  FieldErrors,
  invalidProps,
  PlacePicker,
  TextField,
  useCatalogue,
  useFilings,
  useWords,
  FormProblems,
} from './shared.js';
import './intake.css';

/** IntakeLetterView. */
interface Letter {
  id: string;
  diaryNumber: string;
  receivedOn: string;
  office: { id: string; name: Names } | null;
  code: string;
  state: string;
  category: { id: string; name: Names } | null;
  pageCount: number;
  enteredAt: string;
  trackingUrl: string;
  acknowledgementUrl: string;
}

const OTHER = '*other';

/**
 * The letter diary: a letter entered with its scanned pages, its diary number, the date and office it came to, and
 * its complaint's fields; the tracking code and the acknowledgement slip to print come back. Below it, a letter
 * found by its diary number, and the letters the agent entered lately.
 */
export function LettersPage() {
  const t = useMessages(intakeMessages);
  const catalogue = useCatalogue();
  const { filings, reload } = useFilings();
  const [entryKey, setEntryKey] = useState(0);
  const letters = (filings ?? []).filter((c) => c.channel === 'letter');
  return (
    <div className="intake letters">
      <h1>{t('letters.title')}</h1>
      {catalogue.kind === 'loading' ? <p role="status">{t('form.loading')}</p> : null}
      {catalogue.kind === 'failed' ? <p role="alert">{t('form.loadFailed')}</p> : null}
      {catalogue.kind === 'ready' ? (
        <>
          <LetterEntry key={entryKey} categories={catalogue.categories} areas={catalogue.areas} onEntered={reload} onAnother={() => setEntryKey((k) => k + 1)} />
          <LetterLookup categories={catalogue.categories} areas={catalogue.areas} />
        </>
      ) : null}
      <section aria-labelledby="recent-letters">
        <h2 id="recent-letters">{t('letters.recent')}</h2>
        {filings === null ? null : letters.length === 0 ? <p>{t('filings.none')}</p> : <ComplaintsTable caption={t('letters.recent')} complaints={letters} />}
      </section>
    </div>
  );
}

/** The departments the catalogue names (offices are a department's, in an area). */
function departmentsOf(categories: Category[]): { id: string; name: Names }[] {
  const seen = new Map<string, Names>();
  for (const c of categories) if (!seen.has(c.department.id)) seen.set(c.department.id, c.department.name);
  return [...seen.entries()].map(([id, name]) => ({ id, name }));
}

/** An office's id is its department's and its area's ("health@kp.peshawar.peshawar"); its name is made of theirs. */
function useOfficeName(categories: Category[], areas: Area[]) {
  const t = useMessages(intakeMessages);
  const { language } = useI18n();
  const departments = useMemo(() => departmentsOf(categories), [categories]);
  return (officeId: string) => {
    const [departmentId, areaId] = officeId.split('@');
    const department = departments.find((d) => d.id === departmentId);
    const area = areas.find((a) => a.id === areaId);
    return department && area ? t('letters.officeName', { department: localName(department.name, language), area: localName(area.name, language) }) : officeId;
  };
}

/**
 * The office a letter came to: one of the agent's own offices, or another (its department and area). `onChange`
 * receives the office id.
 */
function OfficePicker({ categories, areas, value, onChange, errors }: { categories: Category[]; areas: Area[]; value: string; onChange: (officeId: string) => void; errors: { detail: string }[] }) {
  const t = useMessages(intakeMessages);
  const { language } = useI18n();
  const { user } = useSignedIn();
  const officeName = useOfficeName(categories, areas);
  const own = user.officeIds;
  const [mode, setMode] = useState(own.includes(value) || (own.length > 0 && value === '') ? value : OTHER);
  const [departmentId, setDepartmentId] = useState(value.includes('@') && !own.includes(value) ? (value.split('@')[0] ?? '') : '');
  const [areaId, setAreaId] = useState(value.includes('@') && !own.includes(value) ? (value.split('@')[1] ?? '') : '');
  const departments = useMemo(() => departmentsOf(categories).sort((a, b) => localName(a.name, language).localeCompare(localName(b.name, language), language)), [categories, language]);
  const levels = ['division', 'district', 'tehsil'] as const;
  const sorted = useMemo(() => [...areas].sort((a, b) => localName(a.name, language).localeCompare(localName(b.name, language), language)), [areas, language]);
  const other = (d: string, a: string) => onChange(d !== '' && a !== '' ? `${d}@${a}` : '');
  const errorId = useId();
  const hasOwn = own.length > 0;
  const otherFields = (
    <div className="row">
      <TextField label={t('letters.department')} errors={[]}>
        {({ id, props }) => (
          <select
            id={id}
            name="officeDepartment"
            value={departmentId}
            onChange={(event) => {
              setDepartmentId(event.target.value);
              other(event.target.value, areaId);
            }}
            {...props}
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby={errors.length > 0 ? errorId : undefined}
          >
            <option value="">{t('letters.chooseDepartment')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {localName(d.name, language)}
              </option>
            ))}
          </select>
        )}
      </TextField>
      <TextField label={t('letters.officeArea')} errors={[]}>
        {({ id, props }) => (
          <select
            id={id}
            name="officeArea"
            value={areaId}
            onChange={(event) => {
              setAreaId(event.target.value);
              other(departmentId, event.target.value);
            }}
            {...props}
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby={errors.length > 0 ? errorId : undefined}
          >
            <option value="">{t('letters.chooseArea')}</option>
            {levels.map((level) => (
              <optgroup key={level} label={t(level === 'division' ? 'letters.division' : level === 'district' ? 'form.district' : 'form.tehsil')}>
                {sorted
                  .filter((a) => a.level === level)
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {localName(a.name, language)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        )}
      </TextField>
    </div>
  );
  if (!hasOwn) {
    // No office of one's own: the office is named by its department and area.
    return (
      <fieldset className="field office">
        <legend>{t('letters.office')}</legend>
        {otherFields}
        <FieldErrors id={errorId} errors={errors} />
      </fieldset>
    );
  }
  return (
    <div className="office">
      <TextField label={t('letters.office')} errors={mode === OTHER ? [] : errors}>
        {({ id, props }) => (
          <select
            id={id}
            name="office"
            value={mode}
            onChange={(event) => {
              setMode(event.target.value);
              if (event.target.value === OTHER) other(departmentId, areaId);
              else onChange(event.target.value);
            }}
            {...props}
          >
            {own.map((id) => (
              <option key={id} value={id}>
                {officeName(id)}
              </option>
            ))}
            <option value={OTHER}>{t('letters.otherOffice')}</option>
          </select>
        )}
      </TextField>
      {mode === OTHER ? (
        <>
          {otherFields}
          <FieldErrors id={errorId} errors={errors} />
        </>
      ) : null}
    </div>
  );
}

function LetterEntry({ categories, areas, onEntered, onAnother }: { categories: Category[]; areas: Area[]; onEntered: () => void; onAnother: () => void }) {
  const t = useMessages(intakeMessages);
  const { call } = useStaffSession();
  const { user } = useSignedIn();
  const today = todayInKarachi();
  const [diaryNumber, setDiaryNumber] = useState('');
  const [receivedOn, setReceivedOn] = useState(today);
  const [officeId, setOfficeId] = useState(user.officeIds[0] ?? '');
  const [categoryId, setCategoryId] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [description, setDescription] = useState('');
  const [district, setDistrict] = useState('');
  const [tehsil, setTehsil] = useState('');
  const [address, setAddress] = useState('');
  const [writer, setWriter] = useState({ name: '', phone: '', email: '', cnic: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [entered, setEntered] = useState<Letter | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const filesRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const scansId = useId();
  const attributes = categories.find((c) => c.id === categoryId)?.attributes ?? [];
  useEffect(() => {
    if (entered) doneRef.current?.focus();
  }, [entered]);

  const at = (pointer: string) => {
    const errors = problemsAt(problem, pointer);
    // The one refusal the agent meets often, in their language.
    return pointer === '/diaryNumber' && problem?.code === 'diary_number_taken' ? [{ detail: t('letters.diaryTaken') }] : errors;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const form = new FormData();
    const add = (key: string, value: string) => {
      if (value.trim() !== '') form.append(key, value.trim());
    };
    add('diaryNumber', diaryNumber);
    add('receivedOn', receivedOn);
    add('officeId', officeId);
    add('categoryId', categoryId);
    add('description', description);
    add('areaId', tehsil || district);
    add('address', address);
    add('name', writer.name);
    add('phone', writer.phone);
    add('email', writer.email);
    add('cnic', writer.cnic);
    appendAnswers(form, attributes, answers);
    for (const file of Array.from(filesRef.current?.files ?? [])) form.append('scans', file, file.name);
    const result = await call<{ letter: Letter; citizenSecret: string }>('/api/v1/staff/intake/letters', { form });
    setBusy(false);
    if (result.ok) {
      setProblem(null);
      setEntered(result.data.letter);
      onEntered();
      return;
    }
    setProblem(result.problem);
    // Focus the first field named, once the messages are beside the fields.
    window.setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
  };

  if (entered) {
    return (
      <section aria-labelledby="entered-heading" className="notice filed">
        <h2 id="entered-heading" ref={doneRef} tabIndex={-1}>
          {t('letters.done')}
        </h2>
        <CodeToReadBack code={entered.code} />
        <p>
          <a href={entered.acknowledgementUrl} target="_blank" rel="noopener" className="slip">
            {t('letters.slip')}
          </a>
        </p>
        <button type="button" onClick={onAnother}>
          {t('letters.another')}
        </button>
      </section>
    );
  }

  const known = ['/diaryNumber', '/receivedOn', '/officeId', '/categoryId', '/description', '/location', '/contact', '/attributes', '/scans'];
  const unplaced = (problem?.errors ?? []).filter((e) => !known.some((p) => e.pointer === p || e.pointer.startsWith(`${p}/`)));
  const general = problem ? (problem.status === 0 ? t('form.network') : (problem.errors ?? []).length > 0 ? t('form.fix') : t('form.failed', { detail: problem.detail })) : null;
  const scanErrors = at('/scans');
  return (
    <section aria-labelledby="enter-heading">
      <h2 id="enter-heading">{t('letters.enter')}</h2>
      <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate encType="multipart/form-data">
        <div className="row">
          <TextField label={t('letters.diaryNumber')} hint={t('letters.diaryNumberHint')} errors={at('/diaryNumber')}>
            {({ id, props }) => <input id={id} name="diaryNumber" dir="ltr" autoComplete="off" required maxLength={60} value={diaryNumber} onChange={(event) => setDiaryNumber(event.target.value)} {...props} />}
          </TextField>
          <TextField label={t('letters.receivedOn')} errors={at('/receivedOn')}>
            {({ id, props }) => <input id={id} name="receivedOn" type="date" required max={today} value={receivedOn} onChange={(event) => setReceivedOn(event.target.value)} {...props} />}
          </TextField>
        </div>
        <OfficePicker categories={categories} areas={areas} value={officeId} onChange={setOfficeId} errors={at('/officeId')} />
        <div className="field">
          <label htmlFor={scansId}>{t('letters.scans')}</label>
          <p id={`${scansId}-hint`} className="hint">
            {t('letters.scansHint')}
          </p>
          <input ref={filesRef} id={scansId} name="scans" type="file" multiple accept="application/pdf,image/*" {...invalidProps(`${scansId}-error`, scanErrors, `${scansId}-hint`)} />
          <FieldErrors id={`${scansId}-error`} errors={scanErrors} />
        </div>
        <CategoryPicker
          categories={categories}
          value={categoryId}
          onChange={(id) => {
            setCategoryId(id);
            setAnswers({});
          }}
          errors={at('/categoryId')}
        />
        <AttributeFields attributes={attributes} answers={answers} onChange={setAnswers} errorsAt={at} />
        <TextField label={t('letters.description')} errors={at('/description')}>
          {({ id, props }) => <textarea id={id} name="description" required minLength={10} maxLength={5000} value={description} onChange={(event) => setDescription(event.target.value)} {...props} />}
        </TextField>
        <PlacePicker
          areas={areas}
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
        <fieldset className="field writer">
          <legend>{t('letters.writer')}</legend>
          <p className="hint">{t('letters.writerHint')}</p>
          {(
            [
              ['name', 'letters.name', 'text', 120],
              ['phone', 'letters.phone', 'tel', 32],
              ['email', 'letters.email', 'email', 254],
              ['cnic', 'letters.cnic', 'text', 20],
            ] as const
          ).map(([field, label, type, maxLength]) => (
            <TextField key={field} label={`${t(label)} ${t('form.optional')}`} errors={at(`/contact/${field}`)}>
              {({ id, props }) => (
                <input
                  id={id}
                  name={field}
                  type={type}
                  dir={field === 'name' ? undefined : 'ltr'}
                  autoComplete="off"
                  maxLength={maxLength}
                  value={writer[field]}
                  onChange={(event) => setWriter({ ...writer, [field]: event.target.value })}
                  {...props}
                />
              )}
            </TextField>
          ))}
        </fieldset>
        <FormProblems general={general} unplaced={unplaced} />
        <button type="submit" disabled={busy}>
          {busy ? t('letters.entering') : t('letters.submit')}
        </button>
      </form>
    </section>
  );
}

type Found = { kind: 'idle' } | { kind: 'found'; letter: Letter } | { kind: 'not_found' } | { kind: 'failed'; detail: string };

function LetterLookup({ categories, areas }: { categories: Category[]; areas: Area[] }) {
  const t = useMessages(intakeMessages);
  const { call } = useStaffSession();
  const { user } = useSignedIn();
  const { language, dateTime } = useI18n();
  const words = useWords();
  const [diaryNumber, setDiaryNumber] = useState('');
  const [officeId, setOfficeId] = useState(user.officeIds[0] ?? '');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [found, setFound] = useState<Found>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (diaryNumber.trim() === '' || officeId === '') {
      setProblem({
        status: 400,
        code: 'incomplete',
        title: '',
        detail: '',
        errors: [...(diaryNumber.trim() === '' ? [{ pointer: '/params/diaryNumber', detail: t('letters.diaryNumberHint') }] : []), ...(officeId === '' ? [{ pointer: '/querystring/office', detail: t('letters.chooseOffice') }] : [])],
      });
      return;
    }
    const result = await call<Letter>(`/api/v1/staff/intake/letters/${encodeURIComponent(diaryNumber.trim())}?office=${encodeURIComponent(officeId)}`);
    if (result.ok) {
      setProblem(null);
      setFound({ kind: 'found', letter: result.data });
    } else if (result.problem.status === 404) {
      setProblem(null);
      setFound({ kind: 'not_found' });
    } else {
      setProblem(result.problem);
      setFound(result.problem.errors?.length ? { kind: 'idle' } : { kind: 'failed', detail: result.problem.status === 0 ? t('form.network') : t('form.failed', { detail: result.problem.detail }) });
    }
  };

  return (
    <section aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">{t('letters.lookUp')}</h2>
      <form role="search" aria-labelledby="lookup-heading" onSubmit={(event) => void submit(event)} noValidate>
        <TextField label={t('letters.diaryNumber')} errors={problemsAt(problem, '/params/diaryNumber')}>
          {({ id, props }) => <input id={id} name="lookupDiaryNumber" dir="ltr" autoComplete="off" maxLength={60} value={diaryNumber} onChange={(event) => setDiaryNumber(event.target.value)} {...props} />}
        </TextField>
        <OfficePicker categories={categories} areas={areas} value={officeId} onChange={setOfficeId} errors={problemsAt(problem, '/querystring/office')} />
        <button type="submit">{t('letters.find')}</button>
      </form>
      <div role="status">
        {found.kind === 'not_found' ? <p>{t('letters.notFound')}</p> : null}
        {found.kind === 'failed' ? <p className="notice error">{found.detail}</p> : null}
        {found.kind === 'found' ? (
          <dl className="facts letter-found">
            <div>
              <dt>{t('table.code')}</dt>
              <dd dir="ltr">{found.letter.code}</dd>
            </div>
            <div>
              <dt>{t('letters.diaryNumber')}</dt>
              <dd dir="ltr">{found.letter.diaryNumber}</dd>
            </div>
            <div>
              <dt>{t('letters.receivedOn')}</dt>
              <dd>{found.letter.receivedOn}</dd>
            </div>
            <div>
              <dt>{t('letters.office')}</dt>
              <dd>{found.letter.office ? localName(found.letter.office.name, language) : '—'}</dd>
            </div>
            <div>
              <dt>{t('table.category')}</dt>
              <dd>{found.letter.category ? localName(found.letter.category.name, language) : '—'}</dd>
            </div>
            <div>
              <dt>{t('table.state')}</dt>
              <dd>{words.state(found.letter.state)}</dd>
            </div>
            <div>
              <dt>{t('letters.pages')}</dt>
              <dd>{found.letter.pageCount}</dd>
            </div>
            <div>
              <dt>{t('letters.entered')}</dt>
              <dd>{dateTime(found.letter.enteredAt)}</dd>
            </div>
            <div>
              <dt>{t('letters.slip')}</dt>
              <dd>
                <a href={found.letter.acknowledgementUrl} target="_blank" rel="noopener">
                  {`acknowledgement-${found.letter.code}.pdf`}
                </a>
              </dd>
            </div>
          </dl>
        ) : null}
      </div>
    </section>
  );
}
