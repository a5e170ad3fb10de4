import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Names, TimelineEntry } from '../../api.js';
import type { MessageKey } from '../../i18n/en.js';
import { useI18n } from '../../i18n/i18n.js';
import { isMessageKey, localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { Link, navigate } from '../../router.js';
import { useCitizenSession } from '../account/session.js';
import { useTitle } from '../Home.js';
import { CitizenActions } from './CitizenActions.js';
import { isEntry, loadComplaint, withEntry, type Auth, type Loaded, type TrackedComplaint } from './model.js';
import { OwnDetails } from './OwnDetails.js';
import { trackMessages } from './track.messages.js';
import './track.css';

/** Timeline details shown, in this order, each as plain text. */
const DETAIL_FIELDS = ['question', 'text', 'reason', 'office', 'toOffice', 'masterCode', 'channel', 'attachments'] as const;

/** The message for a word the API uses (a state, an event type), or `fallback` for a word this build does not know. */
export function labelFor(t: (key: MessageKey) => string, key: string, fallback: string): string {
  return isMessageKey(key) ? t(key) : fallback;
}

function TrackForm({ initial }: { initial: string }) {
  const { t } = useI18n();
  const [code, setCode] = useState(initial);
  const hintId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = code.trim();
    if (trimmed !== '') navigate(`/track/${encodeURIComponent(trimmed)}`);
  };
  return (
    <form className="track-form" onSubmit={onSubmit} role="search">
      <label htmlFor="code">{t('track.codeLabel')}</label>
      <p id={hintId} className="hint">
        {t('track.codeHint')}
      </p>
      <div className="row">
        <input id="code" name="code" dir="ltr" autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={40} required aria-describedby={hintId} value={code} onChange={(event) => setCode(event.target.value)} />
        <button type="submit">{t('track.submit')}</button>
      </div>
    </form>
  );
}

function isNamed(value: unknown): value is { name: Names } {
  return typeof value === 'object' && value !== null && 'name' in value && typeof (value as { name: { en?: unknown } }).name?.en === 'string';
}

function Detail({ field, value }: { field: (typeof DETAIL_FIELDS)[number]; value: unknown }) {
  const { t, language, number } = useI18n();
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = number(value);
  else if (Array.isArray(value)) text = number(value.length);
  else if (isNamed(value)) text = localName(value.name, language);
  else return null;
  return (
    <div>
      <dt>{t(`track.detail.${field}`)}</dt>
      {/* Text from citizens and offices: a text node, never markup. */}
      <dd>{text}</dd>
    </div>
  );
}

function Entry({ entry }: { entry: TimelineEntry }) {
  const { t, dateTime } = useI18n();
  const label = labelFor(t, `event.${entry.type}`, t('event.other'));
  const details = DETAIL_FIELDS.filter((field) => entry.details[field] !== undefined && !(field === 'office' && entry.type === 'submitted'));
  return (
    <li>
      <p className="event">
        <strong>{label}</strong> · <span>{t(`track.by.${entry.by}`)}</span>
      </p>
      <p className="when">
        <time dateTime={entry.at}>{dateTime(entry.at)}</time>
      </p>
      {details.length > 0 && (
        <dl>
          {details.map((field) => (
            <Detail key={field} field={field} value={entry.details[field]} />
          ))}
        </dl>
      )}
    </li>
  );
}

function Viewer({ auth, code }: { auth: Auth; code: string }) {
  const tr = useMessages(trackMessages);
  const { state } = useCitizenSession();
  // Signed in, and still not the owner: somebody else's complaint; signing in again would not help.
  if (auth.kind === 'none' && state.kind === 'signed_in') return null;
  if (auth.kind === 'secret') return <p className="notice">{tr('viewer.secret')}</p>;
  if (auth.kind === 'session') return <p className="notice">{tr('viewer.session')}</p>;
  return (
    <p className="notice">
      {tr('viewer.public')} <Link to={`/signin?next=${encodeURIComponent(`/track/${code}`)}`}>{tr('viewer.signIn')}</Link>
    </p>
  );
}

function ComplaintView({ complaint, auth, onChanged }: { complaint: TrackedComplaint; auth: Auth; onChanged: (complaint: TrackedComplaint | null) => void }) {
  const { t, language, dateTime, number } = useI18n();
  const state = labelFor(t, `state.${complaint.state}`, complaint.state);
  const rows: Array<[MessageKey, string | null]> = [
    ['track.category', complaint.category ? localName(complaint.category.name, language) : null],
    ['track.department', complaint.department ? localName(complaint.department.name, language) : null],
    ['track.office', complaint.office ? localName(complaint.office.name, language) : null],
    ['track.area', complaint.area ? localName(complaint.area.name, language) : null],
    ['track.submittedAt', dateTime(complaint.submittedAt)],
    ['track.dueAt', complaint.dueAt ? dateTime(complaint.dueAt) : null],
    ['track.closedAt', complaint.closedAt ? dateTime(complaint.closedAt) : null],
    ['track.outcome', complaint.outcome ? labelFor(t, `outcome.${complaint.outcome}`, complaint.outcome) : null],
    ['track.escalation', complaint.escalationLevel > 0 ? number(complaint.escalationLevel) : null],
  ];
  return (
    <section aria-labelledby="complaint-heading">
      <h2 id="complaint-heading" dir="ltr">
        {complaint.code}
      </h2>
      <Viewer auth={auth} code={complaint.code} />
      <p className="state" data-state={complaint.state}>
        {t('track.state')}: <strong>{state}</strong>
      </p>
      <dl className="facts">
        {rows
          .filter((row): row is [MessageKey, string] => row[1] !== null)
          .map(([key, value]) => (
            <div key={key} data-fact={key}>
              <dt>{t(key)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {complaint.own && auth.kind !== 'none' && <OwnDetails own={complaint.own} auth={auth} />}
      {complaint.own && auth.kind !== 'none' && <CitizenActions complaint={complaint} auth={auth} onChanged={onChanged} />}
      <h3>{t('track.timeline')}</h3>
      <ol className="timeline">
        {complaint.timeline.map((entry) => (
          <Entry key={entry.seq} entry={entry} />
        ))}
      </ol>
    </section>
  );
}

/**
 * Follows the complaint's public timeline (Server-Sent Events; EventSource reconnects by itself and resumes with
 * Last-Event-ID): each new entry is added at once and announced, and the complaint is read again for its state.
 */
function useLive(code: string | null, after: number | null, onEntry: (entry: TimelineEntry) => void) {
  const handler = useRef(onEntry);
  const start = useRef(after);
  useEffect(() => {
    handler.current = onEntry;
    start.current = after;
  });
  const ready = after !== null;
  useEffect(() => {
    if (code === null || !ready || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/complaints/${encodeURIComponent(code)}/live?after=${start.current ?? 0}`);
    const listener = (event: MessageEvent<string>) => {
      let data: unknown = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isEntry(data)) handler.current(data);
    };
    source.addEventListener('timeline', listener);
    return () => {
      source.removeEventListener('timeline', listener);
      source.close();
    };
  }, [code, ready]);
}

/** "Track a complaint": the code form, the complaint's state and timeline (live), and for its owner their text and actions. */
export function TrackPage({ code }: { code: string | null }) {
  const { t } = useI18n();
  const tr = useMessages(trackMessages);
  useTitle('track.title');
  const { state: session, call } = useCitizenSession();
  const signedIn = session.kind === 'signed_in';
  const [result, setResult] = useState<{ code: string; result: Loaded } | null>(null);
  const [generation, setGeneration] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const refetch = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (code === null || session.kind === 'loading') return;
    const controller = new AbortController();
    loadComplaint(code, signedIn, call, controller.signal).then(
      (found) => setResult((previous) => (found.kind === 'failed' && previous?.code === code && previous.result.kind === 'found' ? previous : { code, result: found })),
      () => undefined,
    );
    return () => controller.abort();
    // `call` changes with the session's token; a new sign-in is `signedIn`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code, signedIn, session.kind, generation]);

  useEffect(() => () => window.clearTimeout(refetch.current), []);

  const current = code !== null && result?.code === code ? result.result : null;
  const found = current?.kind === 'found' ? current : null;
  const lastSeq = found ? Math.max(0, ...found.complaint.timeline.map((e) => e.seq)) : null;

  // The entries on the page: one that comes live is new only if it is not among them.
  const seen = useRef(new Set<number>());
  useEffect(() => {
    seen.current = new Set(found?.complaint.timeline.map((e) => e.seq) ?? []);
  }, [found?.complaint.timeline]);

  const onEntry = useCallback(
    (entry: TimelineEntry) => {
      if (seen.current.has(entry.seq)) return;
      seen.current.add(entry.seq);
      setResult((previous) => {
        if (previous?.result.kind !== 'found') return previous;
        const timeline = withEntry(previous.result.complaint.timeline, entry);
        return { ...previous, result: { ...previous.result, complaint: { ...previous.result.complaint, timeline } } };
      });
      // Announced politely, and the complaint read again for its new state (once for a burst of entries).
      setAnnouncement(tr('live.new', { event: labelFor(t, `event.${entry.type}`, t('event.other')) }));
      window.clearTimeout(refetch.current);
      refetch.current = window.setTimeout(() => setGeneration((g) => g + 1), 300);
    },
    [t, tr],
  );
  useLive(found ? code : null, lastSeq, onEntry);

  const onChanged = useCallback(
    (complaint: TrackedComplaint | null) => {
      if (complaint === null) setGeneration((g) => g + 1);
      else setResult((previous) => (previous?.result.kind === 'found' ? { ...previous, result: { ...previous.result, complaint } } : previous));
    },
    [],
  );

  return (
    <>
      <h1>{t('track.title')}</h1>
      <TrackForm key={code ?? ''} initial={code ?? ''} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <div aria-live="polite">
        {code !== null && current === null && <p role="status">{t('track.loading')}</p>}
        {current?.kind === 'not_found' && <p role="alert">{t('track.notFound', { code: code ?? '' })}</p>}
        {current?.kind === 'invalid' && <p role="alert">{t('track.invalid')}</p>}
        {current?.kind === 'failed' && <p role="alert">{t('track.failed')}</p>}
      </div>
      {found && <ComplaintView complaint={found.complaint} auth={found.auth} onChanged={onChanged} />}
    </>
  );
}
