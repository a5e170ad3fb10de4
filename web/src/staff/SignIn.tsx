import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import QRCode from 'qrcode';
import { api, problemsAt, type Problem } from '../http.js';
import { useI18n } from '../i18n/i18n.js';
import { useMessages } from '../i18n/messages.js';
import { useStaffSession, type StaffSessionView } from './session.js';
import { signInMessages } from './signin.messages.js';
import './signin.css';

type T = ReturnType<typeof useMessages<keyof typeof signInMessages.en>>;

/** What a refused step says to the person, in their language (the server's detail only for the unexpected). */
function problemText(t: T, problem: Problem, number: (n: number) => string): string {
  const minutes = number(Math.max(1, Math.ceil((problem.retryAfter ?? 60) / 60)));
  if (problem.code === 'network') return t('network');
  if (problem.code === 'account_locked') return t('locked', { minutes });
  if (problem.status === 429) return t('tooMany', { minutes });
  if (problem.code === 'invalid_credentials') return t('wrongPassword');
  if (problem.code === 'invalid_second_factor') return t('code.wrong');
  return t('failed', { detail: problem.detail || problem.title });
}

/** One labelled input with its hint and error beside it. */
function Field(props: { id: string; label: string; error?: string | undefined; hint?: string; children: (describedBy: string | undefined, invalid: boolean) => ReactNode }) {
  const describedBy = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children(describedBy, Boolean(props.error))}
    </div>
  );
}

/** A step's form: submits once at a time, shows the refusal in an alert. */
function useStep() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = async (work: () => Promise<{ ok: true; data: StaffSessionView } | { ok: false; problem: Problem }>, onDone: (session: StaffSessionView) => void) => {
    setBusy(true);
    setProblem(null);
    const result = await work();
    setBusy(false);
    if (result.ok) onDone(result.data);
    else setProblem(result.problem);
  };
  return { busy, problem, setProblem, run };
}

function Alert({ text }: { text: string | null }) {
  return (
    <div role="alert" className={text ? 'notice error' : undefined}>
      {text}
    </div>
  );
}

function PasswordStep() {
  const t = useMessages(signInMessages);
  const { number } = useI18n();
  const { setSession } = useStaffSession();
  const { busy, problem, run } = useStep();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const gaps = { username: username.trim() === '', password: password === '' };
    setMissing(gaps);
    if (gaps.username || gaps.password) return;
    // Login CSRF: the server refuses a sign-in another site's page makes (Sec-Fetch-Site: cross-site); ours is same-origin.
    void run(() => api<StaffSessionView>('/api/v1/auth/sign-in', { json: { username: username.trim(), password } }), (session) => {
      setPassword('');
      setSession(session);
    });
  };
  const fieldError = (pointer: string, empty?: boolean) => (empty ? t('required') : problemsAt(problem, pointer)[0]?.detail);
  return (
    <form onSubmit={submit} noValidate>
      <p>{t('intro')}</p>
      <Alert text={problem && problem.status !== 400 ? problemText(t, problem, number) : null} />
      <Field id="staff-username" label={t('username')} error={fieldError('/username', missing.username)}>
        {(describedBy, invalid) => (
          <input id="staff-username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} dir="ltr" value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
        )}
      </Field>
      <Field id="staff-password" label={t('password')} error={fieldError('/password', missing.password)}>
        {(describedBy, invalid) => (
          <input id="staff-password" name="password" type="password" autoComplete="current-password" dir="ltr" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
        )}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? t('working') : t('submit')}
      </button>
    </form>
  );
}

/** The six-digit code form shared by the second factor and enrolment. */
function CodeForm({ path, csrfToken, submitLabel }: { path: string; csrfToken: string; submitLabel: string }) {
  const t = useMessages(signInMessages);
  const { number } = useI18n();
  const { setSession } = useStaffSession();
  const { busy, problem, run } = useStep();
  const [code, setCode] = useState('');
  const [formatError, setFormatError] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const digits = code.replace(/\s/g, '');
    setFormatError(!/^\d{6}$/.test(digits));
    if (!/^\d{6}$/.test(digits)) return;
    void run(() => api<StaffSessionView>(path, { json: { code: digits }, csrfToken }), (session) => {
      setCode('');
      setSession(session);
    });
  };
  const error = formatError ? t('code.format') : problem?.code === 'invalid_second_factor' ? t('code.wrong') : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Alert text={problem && problem.code !== 'invalid_second_factor' ? problemText(t, problem, number) : null} />
      <Field id="staff-code" label={t('code.label')} hint={t('code.hint')} error={error}>
        {(describedBy, invalid) => (
          <input id="staff-code" name="code" inputMode="numeric" autoComplete="one-time-code" dir="ltr" maxLength={8} className="code" value={code} onChange={(e) => setCode(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />
        )}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? t('working') : submitLabel}
      </button>
    </form>
  );
}

/** A QR code drawn as SVG from the code's matrix (no data: URL, no innerHTML: the page's CSP allows neither). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    let d = '';
    for (let row = 0; row < modules.size; row++) for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    return { size: modules.size + 8, path: d };
  }, [text]);
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} width="220" height="220" shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

function EnrolStep({ csrfToken }: { csrfToken: string }) {
  const t = useMessages(signInMessages);
  const { number } = useI18n();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const started = useRef(false);
  useEffect(() => {
    // Each start makes a new secret: once per visit to this step, not again on a re-render.
    if (started.current) return;
    started.current = true;
    void api<{ secret: string; uri: string }>('/api/v1/auth/second-factor/enrolment', { method: 'POST', csrfToken }).then((result) => (result.ok ? setEnrolment(result.data) : setProblem(result.problem)));
  }, [csrfToken]);
  return (
    <>
      <p>{t('enrol.intro')}</p>
      <Alert text={problem ? problemText(t, problem, number) : null} />
      {!enrolment && !problem && <p role="status">{t('enrol.loading')}</p>}
      {enrolment && (
        <>
          <QrCode text={enrolment.uri} label={t('enrol.qr')} />
          <p>
            {t('enrol.secret')}: <code className="secret" dir="ltr">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <p>{t('enrol.then')}</p>
          <CodeForm path="/api/v1/auth/second-factor/enrolment/confirm" csrfToken={csrfToken} submitLabel={t('enrol.submit')} />
        </>
      )}
    </>
  );
}

function ChangePasswordStep({ csrfToken }: { csrfToken: string }) {
  const t = useMessages(signInMessages);
  const { number } = useI18n();
  const { setSession } = useStaffSession();
  const { busy, problem, run } = useStep();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(next !== repeat);
    if (next !== repeat || current === '' || next === '') return;
    void run(() => api<StaffSessionView>('/api/v1/auth/password', { json: { currentPassword: current, newPassword: next }, csrfToken }), setSession);
  };
  const newError = problemsAt(problem, '/newPassword')[0]?.detail;
  const currentError = problem?.code === 'invalid_credentials' ? t('wrongPassword') : problemsAt(problem, '/currentPassword')[0]?.detail;
  const general = problem && !newError && !currentError ? problemText(t, problem, number) : null;
  return (
    <form onSubmit={submit} noValidate>
      <p>{t('password.intro')}</p>
      <Alert text={general} />
      <Field id="staff-current" label={t('password.current')} error={currentError}>
        {(describedBy, invalid) => <input id="staff-current" type="password" autoComplete="current-password" dir="ltr" value={current} onChange={(e) => setCurrent(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />}
      </Field>
      <Field id="staff-new" label={t('password.new')} error={newError}>
        {(describedBy, invalid) => <input id="staff-new" type="password" autoComplete="new-password" dir="ltr" minLength={12} value={next} onChange={(e) => setNext(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />}
      </Field>
      <Field id="staff-repeat" label={t('password.repeat')} error={mismatch ? t('password.mismatch') : undefined}>
        {(describedBy, invalid) => <input id="staff-repeat" type="password" autoComplete="new-password" dir="ltr" value={repeat} onChange={(e) => setRepeat(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} required />}
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? t('working') : t('password.submit')}
      </button>
    </form>
  );
}

/**
 * Staff sign-in, step by step as the server's `stage` says: password, then the authenticator app's code (or setting
 * one up, for roles that need it), or a new password in place of a temporary one. Each step's answer is the session.
 */
export function StaffSignIn() {
  const t = useMessages(signInMessages);
  const { state, setSession } = useStaffSession();
  const headingId = useId();
  const session = state.kind === 'signed_in' ? state.session : null;
  const stage = session?.stage ?? 'password';
  const title = stage === 'second_factor' ? t('code.title') : stage === 'enrol_second_factor' ? t('enrol.title') : stage === 'change_password' ? t('password.title') : t('title');
  const startAgain = async () => {
    if (session) await api('/api/v1/auth/session', { method: 'DELETE', csrfToken: session.csrfToken });
    setSession(null);
  };
  return (
    <section className="staff-signin" aria-labelledby={headingId}>
      <h1 id={headingId}>{title}</h1>
      {session === null && <PasswordStep />}
      {session?.stage === 'second_factor' && (
        <>
          <p>{t('code.intro')}</p>
          <CodeForm path="/api/v1/auth/second-factor" csrfToken={session.csrfToken} submitLabel={t('code.submit')} />
        </>
      )}
      {session?.stage === 'enrol_second_factor' && <EnrolStep csrfToken={session.csrfToken} />}
      {session?.stage === 'change_password' && <ChangePasswordStep csrfToken={session.csrfToken} />}
      {session && (
        <p>
          <button type="button" className="secondary" onClick={() => void startAgain()}>
            {t('startAgain')}
          </button>
        </p>
      )}
    </section>
  );
}
