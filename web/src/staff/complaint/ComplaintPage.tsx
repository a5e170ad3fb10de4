import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiResult, Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { LANGUAGES, localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { useSignedIn, useStaffSession } from '../session.js';
import { ActionPanel, type Submit } from './ActionPanel.js';
import { complaintMessages } from './complaint.messages.js';
import { ACTION_PATHS, type ActionType, type Attachment, type OfficeOption, type Officer, type PossibleDuplicate, type StaffComplaint, type TimelineEntry } from './types.js';
import './complaint.css';

type Key = keyof typeof complaintMessages.en;
type Translate = (key: Key, values?: Record<string, string | number>) => string;

const isKey = (key: string): key is Key => Object.hasOwn(complaintMessages.en, key);
/** A label for one of the API's words (a state, an event type, a role), or the word itself if there is none. */
const labelOf = (t: Translate, prefix: string, value: string): string => {
  const key = `${prefix}.${value}`;
  return isKey(key) ? t(key) : value;
};

const DONE: Record<ActionType, Key> = {
  acknowledge: 'action.acknowledge.done',
  assign_officer: 'action.assign.done',
  ask_information: 'action.ask.done',
  add_note: 'action.note.done',
  public_update: 'action.update.done',
  transfer: 'action.transfer.done',
  recategorise: 'action.category.done',
  assign_office: 'action.office.done',
  resolve: 'action.resolve.done',
  propose_rejection: 'action.propose.done',
  reject: 'action.reject.done',
  merge_duplicate: 'action.merge.done',
};

/** Tracking codes compare without case, spaces or hyphens. */
const sameCode = (a: string, b: string) => a.toUpperCase().replace(/[^0-9A-Z]/g, '') === b.toUpperCase().replace(/[^0-9A-Z]/g, '');

type Load = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed' } | { kind: 'gone' } | { kind: 'loaded'; complaint: StaffComplaint };
interface Notice {
  kind: 'status' | 'alert';
  text: string;
  /** Counts notices, so the same words twice still move focus. */
  serial: number;
}

/** The staff console's complaint page: facts, the citizen's words and photos, the whole timeline, and the actions open now. */
export function ComplaintPage({ code }: { code: string }) {
  // A page of its own for each code: nothing of one complaint's state carries over to the next.
  return <ComplaintView key={code} code={code} />;
}

function ComplaintView({ code }: { code: string }) {
  const t = useMessages(complaintMessages);
  const { call } = useStaffSession();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [liveNotice, setLiveNotice] = useState('');
  const [offices, setOffices] = useState<OfficeOption[]>([]);
  const [officers, setOfficers] = useState<Officer[]>([]);
  const noticeRef = useRef<HTMLDivElement | null>(null);
  const versionRef = useRef<number | null>(null);
  /** Actions on their way to the server. */
  const actingRef = useRef(0);
  const canonical = load.kind === 'loaded' ? load.complaint.code : code;

  const show = useCallback((complaint: StaffComplaint) => {
    versionRef.current = complaint.version;
    setLoad({ kind: 'loaded', complaint });
  }, []);

  // Once transferred out of one's jurisdiction the page says so; a live notice of the same transfer must not turn that into "no such complaint".
  const goneRef = useRef(false);
  const apply = useCallback(
    (result: ApiResult<StaffComplaint>): StaffComplaint | null => {
      if (goneRef.current) return null;
      if (result.ok) {
        // A read that left before an action's answer may come back after it: never go back to an older version.
        if (versionRef.current !== null && result.data.version < versionRef.current) return null;
        show(result.data);
        return result.data;
      }
      if (result.problem.status === 404 || result.problem.status === 400) setLoad({ kind: 'missing' });
      else if (result.problem.status !== 401) setLoad({ kind: 'failed' });
      return null;
    },
    [show],
  );
  const read = useCallback((signal?: AbortSignal) => call<StaffComplaint>(`/api/v1/staff/complaints/${encodeURIComponent(code)}`, signal ? { signal } : {}), [call, code]);
  const reload = useCallback(async (): Promise<StaffComplaint | null> => apply(await read()), [apply, read]);
  const loadDuplicates = useCallback(async () => {
    const result = await call<{ duplicates: PossibleDuplicate[] }>(`/api/v1/staff/complaints/${encodeURIComponent(code)}/duplicates`);
    return result.ok ? result.data.duplicates : null;
  }, [call, code]);

  useEffect(() => {
    const controller = new AbortController();
    read(controller.signal)
      .then(apply)
      .catch(() => undefined);
    return () => controller.abort();
  }, [read, apply]);

  // The offices (for transfers, triage and naming offices in the timeline); public names, read once.
  useEffect(() => {
    const controller = new AbortController();
    call<{ offices: OfficeOption[] }>('/api/v1/staff/offices', { signal: controller.signal })
      .then((result) => result.ok && setOffices(result.data.offices))
      .catch(() => undefined);
    return () => controller.abort();
  }, [call]);

  // Who works in the complaint's office (for assigning, and naming staff in the timeline).
  const officeId = load.kind === 'loaded' ? (load.complaint.office?.id ?? null) : null;
  useEffect(() => {
    if (officeId === null) return;
    const controller = new AbortController();
    call<{ officers: Officer[] }>(`/api/v1/staff/offices/${encodeURIComponent(officeId)}/officers`, { signal: controller.signal })
      .then((result) => setOfficers(result.ok ? result.data.officers : []))
      .catch(() => undefined);
    return () => controller.abort();
  }, [call, officeId]);

  // Live: the queue's stream names the complaints that changed; this page re-reads when it is one of them.
  const refreshLive = useCallback(async () => {
    const result = await read();
    const known = versionRef.current;
    const complaint = apply(result);
    // Someone else's change is announced; the echo of one's own action (before or after its answer) is not.
    if (complaint && known !== null && complaint.version > known && actingRef.current === 0) setLiveNotice(t('live.changed'));
  }, [read, apply, t]);
  const refreshRef = useRef(refreshLive);
  const canonicalRef = useRef(canonical);
  useEffect(() => {
    refreshRef.current = refreshLive;
    canonicalRef.current = canonical;
  });
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/staff/queue/live');
    const refresh = () => void refreshRef.current();
    source.addEventListener('queue', (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as { codes?: unknown };
        if (Array.isArray(data.codes) && data.codes.some((c) => typeof c === 'string' && (sameCode(c, code) || sameCode(c, canonicalRef.current)))) refresh();
      } catch {
        // Not a notice this page understands.
      }
    });
    source.addEventListener('resync', refresh);
    return () => source.close();
  }, [code]);

  // A notice takes the focus, so keyboard and screen reader users learn what their action did.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const announce = useCallback((kind: Notice['kind'], text: string) => setNotice((last) => ({ kind, text, serial: (last?.serial ?? 0) + 1 })), []);

  const submit: Submit = useCallback(
    async (type, body) => {
      const version = versionRef.current;
      actingRef.current += 1;
      const result = await call<StaffComplaint | null>(`/api/v1/staff/complaints/${encodeURIComponent(code)}/${ACTION_PATHS[type]}`, {
        method: 'POST',
        ...(body !== null && { json: body }),
        ...(version !== null && { headers: { 'if-match': `"${version}"` } }),
      }).finally(() => {
        actingRef.current -= 1;
      });
      if (result.ok) {
        if (result.status === 204 || result.data === null) {
          // A transfer out of one's jurisdiction: the complaint can no longer be read here.
          goneRef.current = true;
          setLoad({ kind: 'gone' });
          return null;
        }
        show(result.data);
        announce('status', t(DONE[type]));
        return null;
      }
      const problem = result.problem;
      if (problem.status === 409) {
        await reload();
        announce('alert', t(problem.code === 'version_conflict' ? 'error.conflict' : 'error.notPossible'));
      } else announce('alert', refusal(t, problem));
      return problem;
    },
    [call, code, show, reload, announce, t],
  );

  if (load.kind === 'loading') return <p role="status">{t('loading')}</p>;
  if (load.kind === 'missing' || load.kind === 'failed' || load.kind === 'gone') {
    return (
      <section className="complaint-page">
        <h1>{t('title', { code })}</h1>
        <p role={load.kind === 'gone' ? 'status' : 'alert'}>{load.kind === 'gone' ? t('action.transfer.gone') : load.kind === 'missing' ? t('notFound', { code }) : t('loadFailed')}</p>
        {load.kind === 'failed' && (
          <button type="button" onClick={() => void reload()}>
            {t('retry')}
          </button>
        )}
        <p>
          <Link to="/staff">{t('backToQueue')}</Link>
        </p>
      </section>
    );
  }
  const { complaint } = load;
  return (
    <article className="complaint-page" aria-labelledby="complaint-title">
      <h1 id="complaint-title">
        {t('title', { code: '' })}
        <bdi dir="ltr">{complaint.code}</bdi>
      </h1>
      <p>
        <Link to="/staff">{t('backToQueue')}</Link>
      </p>
      <p role="status" className="visually-hidden">
        {liveNotice}
      </p>
      <Facts complaint={complaint} officers={officers} />
      <Description complaint={complaint} />
      {!complaint.anonymous && <ContactDetails code={complaint.code} />}
      <section aria-labelledby="actions-heading" className="actions">
        <h2 id="actions-heading">{t('actions.heading')}</h2>
        <div ref={noticeRef} tabIndex={-1} className="notice-slot">
          <div role="status">{notice?.kind === 'status' && <p className="notice">{notice.text}</p>}</div>
          <div role="alert">{notice?.kind === 'alert' && <p className="notice error">{notice.text}</p>}</div>
        </div>
        <ActionPanel complaint={complaint} offices={offices} officers={officers} submit={submit} duplicates={loadDuplicates} />
      </section>
      <Timeline complaint={complaint} offices={offices} officers={officers} />
    </article>
  );
}

/** What a refusal other than a conflict means, in the reader's language. */
function refusal(t: Translate, problem: Problem): string {
  if (problem.status === 0) return t('error.network');
  if (problem.status === 403) return t('error.forbidden');
  if (problem.status === 413) return t('error.tooLarge');
  if (problem.status === 415) return t('error.badPhoto');
  if ((problem.status === 400 || problem.status === 422) && (problem.errors?.length ?? 0) > 0) return t('error.fields');
  return t('error.other');
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function useDuration(): (ms: number) => string {
  const t = useMessages(complaintMessages);
  const { number } = useI18n();
  return (ms) => {
    const minutes = Math.max(0, Math.floor(ms / 60_000));
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    if (days > 0) return t('duration.days', { days: number(days), hours: number(hours) });
    if (hours > 0) return t('duration.hours', { hours: number(hours), minutes: number(minutes % 60) });
    return t('duration.minutes', { minutes: number(minutes) });
  };
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Facts({ complaint: c, officers }: { complaint: StaffComplaint; officers: Officer[] }) {
  const t = useMessages(complaintMessages);
  const { language, dateTime, number } = useI18n();
  const now = useNow(30_000);
  const duration = useDuration();
  const named = (x: StaffComplaint['office']) => (x ? localName(x.name, language) : t('none'));
  const overdue = c.dueAt !== null && Date.parse(c.dueAt) < now;
  const assignee = c.assignedOfficerId === null ? t('unassigned') : (officers.find((o) => o.id === c.assignedOfficerId)?.displayName ?? c.assignedOfficerId);
  return (
    <section aria-labelledby="facts-heading">
      <h2 id="facts-heading">{t('facts.heading')}</h2>
      <dl className="facts complaint-facts">
        <Fact label={t('fact.state')}>
          <strong>{labelOf(t, 'state', c.state)}</strong>
        </Fact>
        <Fact label={t('fact.category')}>{named(c.category)}</Fact>
        <Fact label={t('fact.department')}>{named(c.department)}</Fact>
        <Fact label={t('fact.office')}>{named(c.office)}</Fact>
        <Fact label={t('fact.area')}>{named(c.area)}</Fact>
        <Fact label={t('fact.assignee')}>{assignee}</Fact>
        <Fact label={t('fact.escalation')}>{number(c.escalationLevel)}</Fact>
        {c.moderation && c.moderation.status !== 'none' && (
          <Fact label={t('fact.moderation')}>
            <span className={`moderation ${c.moderation.status}`}>{labelOf(t, 'moderation', c.moderation.status)}</span>
          </Fact>
        )}
        {c.urgency && (
          <Fact label={t('fact.urgency')}>
            {t('fact.urgencyGuess', { label: c.urgency.label, percent: number(Math.round(c.urgency.confidence * 100)) })}
          </Fact>
        )}
        <Fact label={t('fact.due')}>
          {c.dueAt === null ? (
            t('none')
          ) : (
            <>
              <time dateTime={c.dueAt}>{dateTime(c.dueAt)}</time>{' '}
              {c.closedAt === null && (
                <span className={overdue ? 'sla overdue' : 'sla'}>
                  ({c.slaPaused ? t('sla.paused') : overdue ? t('sla.over', { time: duration(now - Date.parse(c.dueAt)) }) : t('sla.in', { time: duration(Date.parse(c.dueAt) - now) })})
                </span>
              )}
            </>
          )}
        </Fact>
        <Fact label={t('fact.channel')}>{labelOf(t, 'channel', c.channel)}</Fact>
        <Fact label={t('fact.language')}>{LANGUAGES.find((l) => l.code === c.language)?.name ?? c.language}</Fact>
        <Fact label={t('fact.submitted')}>
          <time dateTime={c.submittedAt}>{dateTime(c.submittedAt)}</time>
        </Fact>
        {c.outcome && <Fact label={t('fact.outcome')}>{labelOf(t, 'outcome', c.outcome)}</Fact>}
        {c.masterCode && (
          <Fact label={t('fact.master')}>
            <Link to={`/staff/complaints/${encodeURIComponent(c.masterCode)}`} dir="ltr">
              {c.masterCode}
            </Link>
          </Fact>
        )}
        {c.closedAt && (
          <Fact label={t('fact.closed')}>
            <time dateTime={c.closedAt}>{dateTime(c.closedAt)}</time>
          </Fact>
        )}
      </dl>
    </section>
  );
}

/** The citizen's own words (as text, never markup), their answers and their photos. */
function Description({ complaint: c }: { complaint: StaffComplaint }) {
  const t = useMessages(complaintMessages);
  const { language, number } = useI18n();
  const submittedSeq = c.timeline.find((e) => e.type === 'submitted')?.seq ?? null;
  const photos = c.attachments.filter((a) => a.eventSeq === null || a.eventSeq === submittedSeq);
  return (
    <section aria-labelledby="description-heading">
      <h2 id="description-heading">{t('description.heading')}</h2>
      {c.anonymous && <p>{t('description.anonymous')}</p>}
      <p className="complaint-text" dir="auto">
        {c.description}
      </p>
      {(c.address !== null || c.latitude !== null) && (
        <dl className="facts">
          {c.address !== null && (
            <Fact label={t('description.address')}>
              <span dir="auto">{c.address}</span>
            </Fact>
          )}
          {c.latitude !== null && c.longitude !== null && (
            <Fact label={t('description.location')}>
              <span dir="ltr">
                {number(c.latitude)}, {number(c.longitude)}
              </span>
            </Fact>
          )}
        </dl>
      )}
      {c.attributes.length > 0 && (
        <>
          <h3>{t('attributes.heading')}</h3>
          <dl className="facts attributes">
            {c.attributes.map((a) => (
              <Fact key={a.code} label={a.label ? a.label[language] : a.code}>
                <span dir="auto">{a.valueLabels ? a.valueLabels.map((l) => l[language]).join(', ') : Array.isArray(a.value) ? a.value.join(', ') : typeof a.value === 'number' ? number(a.value) : a.value}</span>
              </Fact>
            ))}
          </dl>
        </>
      )}
      {photos.length > 0 && (
        <>
          <h3>{t('photos.heading')}</h3>
          <Photos photos={photos} />
        </>
      )}
    </section>
  );
}

function Photos({ photos }: { photos: Attachment[] }) {
  const t = useMessages(complaintMessages);
  const { number } = useI18n();
  return (
    <ul className="photos">
      {photos.map((p, i) => (
        <li key={p.id}>
          <a href={p.url} target="_blank" rel="noopener noreferrer">
            <img src={p.url} alt={t('photo.alt', { number: number(i + 1), name: p.filename })} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

const DETAIL_ORDER = ['text', 'question', 'reason', 'outcome', 'officeId', 'fromOfficeId', 'toOfficeId', 'officerId', 'masterCode', 'attachments', 'satisfied', 'rating', 'comment', 'level'];

function Timeline({ complaint: c, offices, officers }: { complaint: StaffComplaint; offices: OfficeOption[]; officers: Officer[] }) {
  const t = useMessages(complaintMessages);
  const submittedSeq = c.timeline.find((e) => e.type === 'submitted')?.seq ?? null;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('timeline.heading')}</h2>
      <ol className="timeline staff-timeline">
        {c.timeline.map((entry) => (
          <Entry key={entry.seq} entry={entry} category={c.category} offices={offices} officers={officers} photos={entry.seq === submittedSeq ? [] : c.attachments.filter((a) => a.eventSeq === entry.seq)} />
        ))}
      </ol>
    </section>
  );
}

function Entry({ entry, category, offices, officers, photos }: { entry: TimelineEntry; category: StaffComplaint['category']; offices: OfficeOption[]; officers: Officer[]; photos: Attachment[] }) {
  const t = useMessages(complaintMessages);
  const { language, dateTime, number } = useI18n();
  const me = useSignedIn().user;
  const internal = entry.visibility !== 'public';
  const role = labelOf(t, 'role', entry.actorRole);
  const officer = entry.actorId ? officers.find((o) => o.id === entry.actorId) : undefined;
  const actor = entry.actorId !== null && entry.actorId === me.id ? t('actor.you') : officer ? t('actor.named', { name: officer.displayName, role }) : role;
  const office = (id: unknown) => {
    const found = typeof id === 'string' ? offices.find((o) => o.id === id) : undefined;
    return found ? localName(found.name, language) : String(id);
  };
  const value = (key: string, v: unknown): string => {
    if (key === 'outcome' && typeof v === 'string') return labelOf(t, 'outcome', v);
    if (key.endsWith('OfficeId') || key === 'officeId') return office(v);
    if (key === 'officerId') return officers.find((o) => o.id === v)?.displayName ?? String(v);
    if (key === 'channel' && typeof v === 'string') return labelOf(t, 'channel', v);
    if (key === 'categoryId' && category && v === category.id) return localName(category.name, language);
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (typeof v === 'number') return number(v);
    if (typeof v === 'string') return v;
    return JSON.stringify(v);
  };
  const keys = Object.keys(entry.details).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return (
    <li className={internal ? 'internal' : 'public'}>
      <p className="event">
        <strong>{labelOf(t, 'event', entry.type)}</strong> <span className={internal ? 'badge internal' : 'badge public'}>{internal ? t('visibility.internal') : t('visibility.public')}</span>
      </p>
      <p className="when">
        <time dateTime={entry.at}>{dateTime(entry.at)}</time> · {t('actor.by', { actor })}
      </p>
      {keys.length > 0 && (
        <dl>
          {keys.map((key) => (
            <div key={key}>
              <dt>{isKey(`detail.${key}`) ? t(`detail.${key}` as Key) : key}</dt>
              {/* Staff and citizens wrote these: text nodes only. */}
              <dd dir="auto">{value(key, entry.details[key])}</dd>
            </div>
          ))}
        </dl>
      )}
      {photos.length > 0 && <Photos photos={photos} />}
    </li>
  );
}

const rank = (key: string) => {
  const at = DETAIL_ORDER.indexOf(key);
  return at === -1 ? DETAIL_ORDER.length : at;
};

/** The citizen's contact details: shown only after the staff member says why (each read is on the audit log). */
function ContactDetails({ code }: { code: string }) {
  const t = useMessages(complaintMessages);
  const { call } = useStaffSession();
  const [purpose, setPurpose] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; field: boolean } | null>(null);
  const [contact, setContact] = useState<Record<string, string | null> | null>(null);
  const id = 'contact-purpose';
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (purpose.trim() === '') {
      setProblem({ text: t('field.required'), field: true });
      return;
    }
    setBusy(true);
    const result = await call<{ contact: Record<string, string | null> }>(`/api/v1/staff/complaints/${encodeURIComponent(code)}/contact`, { method: 'POST', json: { purpose: purpose.trim() } });
    setBusy(false);
    if (result.ok) {
      setProblem(null);
      setContact(result.data.contact);
    } else if (result.problem.status === 403 && result.problem.code.includes('anonymous')) setProblem({ text: t('contact.anonymous'), field: false });
    else setProblem({ text: refusal(t, result.problem), field: (result.problem.errors?.length ?? 0) > 0 });
  };
  return (
    <section aria-labelledby="contact-heading" className="contact">
      <h2 id="contact-heading">{t('contact.heading')}</h2>
      {contact ? (
        <dl className="facts">
          {(['name', 'phone', 'email', 'cnic', 'address'] as const).map((field) => (
            <Fact key={field} label={t(`contact.${field}`)}>
              <span dir="auto">{contact[field] ?? t('contact.empty')}</span>
            </Fact>
          ))}
        </dl>
      ) : (
        <form onSubmit={(event) => void onSubmit(event)} noValidate>
          <div className="field">
            <label htmlFor={id}>{t('contact.purpose')}</label>
            <p className="hint" id={`${id}-hint`}>
              {t('contact.hint')}
            </p>
            <input id={id} value={purpose} onChange={(event) => setPurpose(event.target.value)} maxLength={500} required aria-invalid={problem?.field || undefined} aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`} />
            {problem && (
              <p className="field-error" id={`${id}-error`} role="alert">
                {problem.text}
              </p>
            )}
          </div>
          <button type="submit" className="secondary" disabled={busy}>
            {busy ? t('sending') : t('contact.show')}
          </button>
        </form>
      )}
    </section>
  );
}
