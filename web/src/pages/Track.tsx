import { useEffect, useId, useState, type FormEvent } from 'react';
import { trackComplaint, type Names, type PublicComplaint, type TimelineEntry, type TrackResult } from '../api.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { isMessageKey, localName } from '../i18n/languages.js';
import { navigate } from '../router.js';
import { useTitle } from './Home.js';

/** Timeline details shown, in this order, each as plain text. */
const DETAIL_FIELDS = ['question', 'text', 'reason', 'office', 'toOffice', 'masterCode', 'channel', 'attachments'] as const;

/** The message for a word the API uses (a state, an event type), or `fallback` for a word this build does not know. */
function labelFor(t: (key: MessageKey) => string, key: string, fallback: string): string {
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

function ComplaintView({ complaint }: { complaint: PublicComplaint }) {
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
      <p className="state">
        {t('track.state')}: <strong>{state}</strong>
      </p>
      <dl className="facts">
        {rows
          .filter((row): row is [MessageKey, string] => row[1] !== null)
          .map(([key, value]) => (
            <div key={key}>
              <dt>{t(key)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <h3>{t('track.timeline')}</h3>
      <ol className="timeline">
        {complaint.timeline.map((entry) => (
          <Entry key={entry.seq} entry={entry} />
        ))}
      </ol>
    </section>
  );
}

/** "Track a complaint": the code form, and the complaint's state and public timeline once a code is given. */
export function TrackPage({ code }: { code: string | null }) {
  const { t } = useI18n();
  useTitle('track.title');
  const [result, setResult] = useState<{ code: string; result: TrackResult } | null>(null);

  useEffect(() => {
    if (code === null) return;
    const controller = new AbortController();
    trackComplaint(code, controller.signal).then(
      (found) => setResult({ code, result: found }),
      () => undefined,
    );
    return () => controller.abort();
  }, [code]);

  const current = code !== null && result?.code === code ? result.result : null;
  return (
    <>
      <h1>{t('track.title')}</h1>
      <TrackForm key={code ?? ''} initial={code ?? ''} />
      <div aria-live="polite">
        {code !== null && current === null && <p role="status">{t('track.loading')}</p>}
        {current?.kind === 'not_found' && <p role="alert">{t('track.notFound', { code: code ?? '' })}</p>}
        {current?.kind === 'invalid' && <p role="alert">{t('track.invalid')}</p>}
        {current?.kind === 'failed' && <p role="alert">{t('track.failed')}</p>}
        {current?.kind === 'found' && <ComplaintView complaint={current.complaint} />}
      </div>
    </>
  );
}
