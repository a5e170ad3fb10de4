import { useEffect, useRef, useState, type FormEvent } from 'react';
import { problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { useCitizenSession } from '../account/session.js';
import { callerFor, type Auth, type TrackedComplaint } from './model.js';
import { trackMessages } from './track.messages.js';

type TrackKey = keyof (typeof trackMessages)['en'];
type Action = 'information' | 'feedback' | 'contest' | 'withdraw';
type Send = (action: Action, body: { json: unknown } | { form: FormData }) => Promise<{ ok: true; complaint: TrackedComplaint } | { ok: false; problem: Problem }>;

/** The message for a refusal that is not about one field. */
function refusal(problem: Problem): TrackKey {
  if (problem.status === 409) return 'error.conflict';
  if (problem.status === 401 || problem.status === 403) return 'error.auth';
  if (problem.status === 413 || problem.status === 415) return 'error.photos';
  return 'error.failed';
}

/** A multi-line text field with its label, optional hint and the error beside it. */
function TextField({ id, label, hint, error, value, onChange, maxLength, required = false }: { id: string; label: string; hint?: string; error: string | null; value: string; onChange: (value: string) => void; maxLength: number; required?: boolean }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} maxLength={maxLength} aria-required={required || undefined} aria-invalid={error !== null} {...(describedBy && { 'aria-describedby': describedBy })} />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The refusal of a whole form (not one field), said at once. */
function FormError({ problem, fields }: { problem: Problem | null; fields: string[] }) {
  const tr = useMessages(trackMessages);
  if (problem === null || fields.some((f) => problemsAt(problem, f).length > 0)) return null;
  return (
    <p role="alert" className="notice error">
      {tr(refusal(problem))}
    </p>
  );
}

function InformationForm({ send, onDone, question }: { send: Send; onDone: (message: string) => void; question: string | null }) {
  const tr = useMessages(trackMessages);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const files = useRef<HTMLInputElement>(null);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const form = new FormData();
    form.append('text', text);
    for (const file of Array.from(files.current?.files ?? [])) form.append('photos', file, file.name);
    const result = await send('information', { form });
    setBusy(false);
    if (result.ok) onDone(tr('info.sent'));
    else {
      setProblem(result.problem);
      if (problemsAt(result.problem, '/text').length > 0) document.getElementById('info-text')?.focus();
    }
  };
  const photoError = problem && (problemsAt(problem, '/photos').length > 0 || problem.status === 413 || problem.status === 415) ? tr('error.photos') : null;
  return (
    <section aria-labelledby="info-heading" className="action">
      <h4 id="info-heading">{question !== null ? tr('asked.title') : tr('info.title')}</h4>
      {question !== null && (
        <blockquote className="question">
          <p>{question}</p>
        </blockquote>
      )}
      <form onSubmit={onSubmit} noValidate>
        <TextField id="info-text" label={tr('info.text')} hint={tr('info.textHint')} error={problemsAt(problem, '/text').length > 0 ? tr('error.text') : null} value={text} onChange={setText} maxLength={5000} required />
        <div className="field">
          <label htmlFor="info-photos">{tr('info.photos')}</label>
          <input ref={files} id="info-photos" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" multiple aria-invalid={photoError !== null} {...(photoError && { 'aria-describedby': 'info-photos-error' })} />
          {photoError && (
            <p id="info-photos-error" className="field-error">
              {photoError}
            </p>
          )}
        </div>
        {problem && !photoError && <FormError problem={problem} fields={['/text']} />}
        <button type="submit" disabled={busy}>
          {tr('info.submit')}
        </button>
      </form>
    </section>
  );
}

function FeedbackForm({ send, onDone }: { send: Send; onDone: (message: string) => void }) {
  const tr = useMessages(trackMessages);
  const { number } = useI18n();
  const [satisfied, setSatisfied] = useState<boolean | null>(null);
  const [rating, setRating] = useState('');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missingChoice, setMissingChoice] = useState(false);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (satisfied === null) {
      setMissingChoice(true);
      document.getElementById('feedback-satisfied')?.focus();
      return;
    }
    setMissingChoice(false);
    setBusy(true);
    const json = satisfied
      ? { satisfied: true, ...(rating !== '' && { rating: Number(rating) }), ...(comment.trim() !== '' && { comment }) }
      : { satisfied: false, ...(reason.trim() !== '' && { reason }) };
    const result = await send('feedback', { json });
    setBusy(false);
    if (result.ok) onDone(result.complaint.state === 'closed' ? tr('feedback.closed') : tr('reopened', { level: number(result.complaint.escalationLevel) }));
    else {
      setProblem(result.problem);
      const field = ['/reason', '/rating', '/comment'].find((f) => problemsAt(result.problem, f).length > 0);
      if (field) document.getElementById(`feedback-${field.slice(1)}`)?.focus();
    }
  };
  const ratingError = problemsAt(problem, '/rating').length > 0 ? tr('error.rating') : null;
  return (
    <section aria-labelledby="feedback-heading" className="action">
      <h4 id="feedback-heading">{tr('feedback.title')}</h4>
      <form onSubmit={onSubmit} noValidate>
        <fieldset className="field" {...(missingChoice && { 'aria-describedby': 'feedback-choice-error' })}>
          <legend>{tr('feedback.choice')}</legend>
          <label className="choice">
            <input id="feedback-satisfied" type="radio" name="satisfied" checked={satisfied === true} onChange={() => setSatisfied(true)} /> {tr('feedback.satisfied')}
          </label>
          <label className="choice">
            <input id="feedback-not-satisfied" type="radio" name="satisfied" checked={satisfied === false} onChange={() => setSatisfied(false)} /> {tr('feedback.notSatisfied')}
          </label>
          {missingChoice && (
            <p id="feedback-choice-error" className="field-error">
              {tr('error.choice')}
            </p>
          )}
        </fieldset>
        {satisfied === true && (
          <>
            <div className="field">
              <label htmlFor="feedback-rating">{tr('feedback.rating')}</label>
              <select id="feedback-rating" value={rating} onChange={(e) => setRating(e.target.value)} aria-invalid={ratingError !== null} {...(ratingError && { 'aria-describedby': 'feedback-rating-error' })}>
                <option value="">{tr('feedback.noRating')}</option>
                {([1, 2, 3, 4, 5] as const).map((n) => (
                  <option key={n} value={n}>
                    {tr(`feedback.rating.${n}`)}
                  </option>
                ))}
              </select>
              {ratingError && (
                <p id="feedback-rating-error" className="field-error">
                  {ratingError}
                </p>
              )}
            </div>
            <TextField id="feedback-comment" label={tr('feedback.comment')} error={problemsAt(problem, '/comment').length > 0 ? tr('error.comment') : null} value={comment} onChange={setComment} maxLength={2000} />
          </>
        )}
        {satisfied === false && (
          <TextField id="feedback-reason" label={tr('feedback.reason')} hint={tr('feedback.reasonHint')} error={problemsAt(problem, '/reason').length > 0 ? tr('error.reason') : null} value={reason} onChange={setReason} maxLength={2000} required />
        )}
        <FormError problem={problem} fields={['/reason', '/rating', '/comment']} />
        <button type="submit" disabled={busy}>
          {tr('feedback.submit')}
        </button>
      </form>
    </section>
  );
}

function ContestForm({ send, onDone }: { send: Send; onDone: (message: string) => void }) {
  const tr = useMessages(trackMessages);
  const { number } = useI18n();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await send('contest', { json: { reason } });
    setBusy(false);
    if (result.ok) onDone(tr('reopened', { level: number(result.complaint.escalationLevel) }));
    else {
      setProblem(result.problem);
      if (problemsAt(result.problem, '/reason').length > 0) document.getElementById('contest-reason')?.focus();
    }
  };
  return (
    <section aria-labelledby="contest-heading" className="action">
      <h4 id="contest-heading">{tr('contest.title')}</h4>
      <form onSubmit={onSubmit} noValidate>
        <TextField id="contest-reason" label={tr('contest.reason')} hint={tr('feedback.reasonHint')} error={problemsAt(problem, '/reason').length > 0 ? tr('error.reason') : null} value={reason} onChange={setReason} maxLength={2000} required />
        <FormError problem={problem} fields={['/reason']} />
        <button type="submit" disabled={busy}>
          {tr('contest.submit')}
        </button>
      </form>
    </section>
  );
}

function WithdrawForm({ send, onDone }: { send: Send; onDone: (message: string) => void }) {
  const tr = useMessages(trackMessages);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (opened.current) startRef.current?.focus();
    opened.current = confirming || opened.current;
  }, [confirming]);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await send('withdraw', { json: reason.trim() === '' ? {} : { reason } });
    setBusy(false);
    if (result.ok) onDone(tr('withdraw.done'));
    else setProblem(result.problem);
  };
  return (
    <section aria-labelledby="withdraw-heading" className="action">
      <h4 id="withdraw-heading">{tr('withdraw.title')}</h4>
      {!confirming ? (
        <button ref={startRef} type="button" className="secondary" onClick={() => setConfirming(true)}>
          {tr('withdraw.start')}
        </button>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <p ref={confirmRef} tabIndex={-1} id="withdraw-confirm">
            {tr('withdraw.confirm')}
          </p>
          <TextField id="withdraw-reason" label={tr('withdraw.reason')} error={problemsAt(problem, '/reason').length > 0 ? tr('error.reason') : null} value={reason} onChange={setReason} maxLength={2000} />
          <FormError problem={problem} fields={['/reason']} />
          <div className="row">
            <button type="submit" className="danger" disabled={busy}>
              {tr('withdraw.yes')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {tr('withdraw.no')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The latest question the office asked, while the complaint waits for the citizen's answer. */
function openQuestion(complaint: TrackedComplaint): string | null {
  if (complaint.state !== 'awaiting_citizen') return null;
  const asked = [...complaint.timeline].reverse().find((e) => e.type === 'information_requested');
  return typeof asked?.details.question === 'string' ? asked.details.question : null;
}

/** What the complaint's owner may do now (the API's `citizenActions`), each with its own form; the outcome is said and focused. */
export function CitizenActions({ complaint, auth, onChanged }: { complaint: TrackedComplaint; auth: Auth; onChanged: (complaint: TrackedComplaint | null) => void }) {
  const tr = useMessages(trackMessages);
  const { call } = useCitizenSession();
  const [notice, setNotice] = useState<{ message: string; at: number } | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const actions = new Set(complaint.citizenActions ?? []);
  const caller = callerFor(auth, call);
  const send: Send = async (action, body) => {
    const result = await caller<TrackedComplaint>(`/api/v1/complaints/${encodeURIComponent(complaint.code)}/${action}`, { method: 'POST', ...body });
    if (result.ok) {
      onChanged(result.data.own ? result.data : null);
      return { ok: true, complaint: result.data };
    }
    if (result.problem.status === 409) onChanged(null);
    return { ok: false, problem: result.problem };
  };
  const onDone = (message: string) => setNotice({ message, at: Date.now() });
  // Each form starts afresh when the complaint moves to another state.
  const key = `${complaint.state}-${complaint.escalationLevel}`;

  if (actions.size === 0 && notice === null) return null;
  return (
    <section className="citizen-actions" aria-labelledby="actions-heading">
      <h3 id="actions-heading">{tr('actions.title')}</h3>
      <p ref={noticeRef} tabIndex={-1} role="status" className={notice ? 'notice' : 'visually-hidden'}>
        {notice?.message ?? ''}
      </p>
      {actions.has('provide_information') && <InformationForm key={`info-${key}`} send={send} onDone={onDone} question={openQuestion(complaint)} />}
      {actions.has('feedback') && <FeedbackForm key={`feedback-${key}`} send={send} onDone={onDone} />}
      {actions.has('contest') && <ContestForm key={`contest-${key}`} send={send} onDone={onDone} />}
      {actions.has('withdraw') && <WithdrawForm key={`withdraw-${key}`} send={send} onDone={onDone} />}
    </section>
  );
}
