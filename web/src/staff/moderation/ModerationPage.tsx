import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { useSignedIn, useStaffSession } from '../session.js';
import { moderationMessages } from './moderation.messages.js';
import './moderation.css';

/** One item of GET /api/v1/staff/moderation. */
interface Flag {
  code: string;
  reasons: string[];
  score: number | null;
  confidence: number | null;
  createdAt: string;
  description: string;
}

type Decision = 'clear' | 'uphold';
type T = ReturnType<typeof useMessages<keyof typeof moderationMessages.en>>;
const REASONS = ['abuse', 'profanity', 'model'] as const;

function reasonText(t: T, reason: string): string {
  return (REASONS as readonly string[]).includes(reason) ? t(`reason.${reason as (typeof REASONS)[number]}`) : reason;
}

/** One flagged complaint: why it was flagged, its text, and the two decisions (upholding needs the reason). */
function FlagItem({ flag, canOpen, decide }: { flag: Flag; canOpen: boolean; decide: (code: string, decision: Decision, reason: string) => Promise<Problem | null> }) {
  const t = useMessages(moderationMessages);
  const { number, dateTime } = useI18n();
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (decision: Decision) => {
    if (decision === 'uphold' && reason.trim() === '') {
      setMissing(true);
      field.current?.focus();
      return;
    }
    setBusy(true);
    const refused = await decide(flag.code, decision, reason.trim());
    setBusy(false);
    setProblem(refused);
    if (refused) field.current?.focus();
  };
  const fieldMessages = [...(missing && reason.trim() === '' ? [t('field.required')] : []), ...problemsAt(problem, '/reason').map((p) => p.detail), ...problemsAt(problem, '/note').map((p) => p.detail)];
  const general = problem && fieldMessages.length === 0 ? t('error.failed', { detail: problem.detail || problem.title }) : null;
  return (
    <li className="flag">
      <h2>{t('flag.heading', { code: flag.code })}</h2>
      <dl className="flag-facts">
        <div>
          <dt>{t('flag.reasons')}</dt>
          <dd>{flag.reasons.map((r) => reasonText(t, r)).join('; ')}</dd>
        </div>
        <div>
          <dt>{t('flag.score')}</dt>
          <dd>{flag.score === null ? t('flag.notMeasured') : number(flag.score)}</dd>
        </div>
        <div>
          <dt>{t('flag.confidence')}</dt>
          <dd>{flag.confidence === null ? t('flag.notMeasured') : t('flag.percent', { percent: number(Math.round(flag.confidence * 100)) })}</dd>
        </div>
        <div>
          <dt>{t('flag.submitted')}</dt>
          <dd>{dateTime(flag.createdAt)}</dd>
        </div>
      </dl>
      <h3>{t('flag.text')}</h3>
      <blockquote className="flag-text" dir="auto">
        {flag.description}
      </blockquote>
      {canOpen && (
        <p>
          <Link to={`/staff/complaints/${encodeURIComponent(flag.code)}`}>{t('flag.open', { code: flag.code })}</Link>
        </p>
      )}
      <form
        className="flag-decision"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <label htmlFor={`${id}-reason`}>{t('field.reason')}</label>
        <p className="hint" id={`${id}-hint`}>
          {t('field.reasonHint')}
        </p>
        <textarea
          id={`${id}-reason`}
          ref={field}
          rows={2}
          maxLength={1000}
          value={reason}
          aria-invalid={fieldMessages.length > 0 || undefined}
          aria-describedby={[`${id}-hint`, fieldMessages.length > 0 ? `${id}-error` : null].filter(Boolean).join(' ')}
          onChange={(e) => setReason(e.target.value)}
        />
        {fieldMessages.length > 0 && (
          <p className="field-error" id={`${id}-error`}>
            {fieldMessages.join(' ')}
          </p>
        )}
        {general && (
          <p role="alert" className="notice error">
            {general}
          </p>
        )}
        <div className="buttons">
          <button type="button" className="secondary" disabled={busy} onClick={() => void send('clear')}>
            {t('action.clear')}
          </button>
          <button type="button" disabled={busy} onClick={() => void send('uphold')}>
            {t('action.uphold')}
          </button>
        </div>
      </form>
    </li>
  );
}

/** The moderation queue (provincial monitors and administrators): pending flags, oldest first, each decided here. */
export function ModerationPage() {
  const t = useMessages(moderationMessages);
  const { number } = useI18n();
  const { call } = useStaffSession();
  const session = useSignedIn();
  const [flags, setFlags] = useState<Flag[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    let live = true;
    void call<{ complaints: Flag[] }>('/api/v1/staff/moderation?status=pending&limit=100').then((result) => {
      if (!live) return;
      if (result.ok) setFlags(result.data.complaints);
      else setProblem(result.problem);
    });
    return () => {
      live = false;
    };
  }, [call]);

  const decide = useCallback(
    async (code: string, decision: Decision, reason: string): Promise<Problem | null> => {
      const result = await call<null>(`/api/v1/staff/moderation/${encodeURIComponent(code)}/${decision}`, { method: 'POST', json: decision === 'uphold' ? { reason } : reason ? { note: reason } : {} });
      if (!result.ok) return result.problem;
      setFlags((current) => (current ?? []).filter((f) => f.code !== code));
      setAnnouncement(t(decision === 'clear' ? 'done.cleared' : 'done.upheld', { code }));
      return null;
    },
    [call, t],
  );

  return (
    <section className="moderation-page">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <div role="status" aria-live="polite" className="live">
        {announcement}
      </div>
      {problem && (
        <p role="alert" className="notice error">
          {t('failed', { detail: problem.detail || problem.title })}
        </p>
      )}
      {flags === null && !problem && <p role="status">{t('loading')}</p>}
      {flags !== null &&
        (flags.length === 0 ? (
          <p>{t('empty')}</p>
        ) : (
          <>
            <p>{t('count', { count: number(flags.length) })}</p>
            <ol className="flags">
              {flags.map((flag) => (
                <FlagItem key={flag.code} flag={flag} canOpen={session.user.role === 'provincial_monitor'} decide={decide} />
              ))}
            </ol>
          </>
        ))}
    </section>
  );
}
