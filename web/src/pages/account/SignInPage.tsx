import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { Link, navigate } from '../../router.js';
import { useTitle } from '../Home.js';
import { accountMessages } from './account.messages.js';
import { useCitizenSession, type CitizenSessionView } from './session.js';
import './account.css';

type Method = 'phone' | 'email';
type Channel = 'sms' | 'whatsapp';
type Key = keyof (typeof accountMessages)['en'];

/** Where to go once signed in: `?next=/track/…` (only a path of this site), else "my complaints". */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next !== null && /^\/[a-z]/.test(next) && !next.startsWith('//') ? next : '/my';
}

/** The message for a refusal that is not about one field. */
function problemMessage(problem: Problem): Key {
  if (problem.code === 'sign_in_code_invalid') return 'error.codeInvalid';
  if (problem.status === 429) return 'error.tooMany';
  if (problem.code === 'sign_in_channel_unavailable') return 'error.channel';
  return 'error.failed';
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (message === null) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}

/** Citizen sign-in: a number or address, then the one-time code sent to it. */
export function SignInPage() {
  const t = useMessages(accountMessages);
  const { language } = useI18n();
  const { state, setSession } = useCitizenSession();
  useTitle('signIn.title');
  const [method, setMethod] = useState<Method>('phone');
  const [channel, setChannel] = useState<Channel>('sms');
  const [contact, setContact] = useState('');
  const [sent, setSent] = useState<{ sentTo: string; contact: Record<string, string> } | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const contactRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (sent) codeRef.current?.focus();
  }, [sent]);

  const requestCode = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const body = method === 'phone' ? { phone: contact.trim(), channel, language } : { email: contact.trim(), channel: 'email', language };
    const result = await api<{ sentTo: string }>('/api/v1/citizen/sign-in/code', { json: body });
    setBusy(false);
    if (result.ok) {
      setCode('');
      setSent({ sentTo: result.data.sentTo, contact: method === 'phone' ? { phone: contact.trim() } : { email: contact.trim() } });
    } else {
      setProblem(result.problem);
      if (problemsAt(result.problem, `/${method}`).length > 0) contactRef.current?.focus();
      else alertRef.current?.focus();
    }
  };

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    if (!sent) return;
    setBusy(true);
    setProblem(null);
    const result = await api<CitizenSessionView>('/api/v1/citizen/sign-in', { json: { ...sent.contact, code: code.trim() } });
    setBusy(false);
    if (result.ok) {
      setSession(result.data);
      navigate(nextPath());
    } else {
      setProblem(result.problem);
      codeRef.current?.focus();
    }
  };

  const startOver = () => {
    setSent(null);
    setProblem(null);
    setTimeout(() => contactRef.current?.focus(), 0);
  };

  if (state.kind === 'signed_in') {
    const who = state.session.citizen.phone ?? state.session.citizen.email ?? '';
    return (
      <>
        <h1>{t('signIn.title')}</h1>
        <p>
          {t('signIn.already', { who: '\u2068' + who + '\u2069' })}
        </p>
        <p>
          <Link to="/my">{t('signIn.toMy')}</Link>
        </p>
      </>
    );
  }

  const contactField = method === 'phone' ? '/phone' : '/email';
  const contactError = problem && problemsAt(problem, contactField).length > 0 ? t(method === 'phone' ? 'error.phone' : 'error.email') : null;
  const codeError = problem && problemsAt(problem, '/code').length > 0 ? t('error.code') : problem?.code === 'sign_in_code_invalid' && sent ? t('error.codeInvalid') : null;
  const generalError = problem && contactError === null && codeError === null ? t(problemMessage(problem)) : null;

  return (
    <div className="account">
      <h1>{t('signIn.title')}</h1>
      <p className="lead">{t('signIn.lead')}</p>
      <p ref={alertRef} tabIndex={-1} role="alert" className={generalError ? 'notice error' : 'visually-hidden'}>
        {generalError ?? ''}
      </p>
      {sent === null ? (
        <form onSubmit={requestCode} noValidate>
          <fieldset className="field">
            <legend>{t('signIn.method')}</legend>
            {(['phone', 'email'] as const).map((m) => (
              <label key={m} className="choice">
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => (setMethod(m), setProblem(null))} /> {t(`signIn.method.${m}`)}
              </label>
            ))}
          </fieldset>
          {method === 'phone' ? (
            <>
              <div className="field">
                <label htmlFor="signin-phone">{t('signIn.phone')}</label>
                <p id="signin-phone-hint" className="hint">
                  {t('signIn.phoneHint')}
                </p>
                <input
                  ref={contactRef}
                  id="signin-phone"
                  type="tel"
                  dir="ltr"
                  autoComplete="tel"
                  inputMode="tel"
                  maxLength={32}
                  value={contact}
                  onChange={(e) => setContact(e.target.value)}
                  aria-invalid={contactError !== null}
                  aria-describedby={contactError ? 'signin-phone-hint signin-contact-error' : 'signin-phone-hint'}
                />
                <FieldError id="signin-contact-error" message={contactError} />
              </div>
              <fieldset className="field">
                <legend>{t('signIn.channel')}</legend>
                {(['sms', 'whatsapp'] as const).map((c) => (
                  <label key={c} className="choice">
                    <input type="radio" name="channel" value={c} checked={channel === c} onChange={() => setChannel(c)} /> {t(`signIn.channel.${c}`)}
                  </label>
                ))}
              </fieldset>
            </>
          ) : (
            <div className="field">
              <label htmlFor="signin-email">{t('signIn.email')}</label>
              <input
                ref={contactRef}
                id="signin-email"
                type="email"
                dir="ltr"
                autoComplete="email"
                maxLength={254}
                value={contact}
                onChange={(e) => setContact(e.target.value)}
                aria-invalid={contactError !== null}
                {...(contactError && { 'aria-describedby': 'signin-contact-error' })}
              />
              <FieldError id="signin-contact-error" message={contactError} />
            </div>
          )}
          <button type="submit" disabled={busy}>
            {t('signIn.send')}
          </button>
          <p role="status">{busy ? t('signIn.sending') : ''}</p>
        </form>
      ) : (
        <form onSubmit={signIn} noValidate>
          <p role="status">{t('signIn.sent', { sentTo: '\u2066' + sent.sentTo + '\u2069' })}</p>
          <div className="field">
            <label htmlFor="signin-code">{t('signIn.code')}</label>
            <p id="signin-code-hint" className="hint">
              {t('signIn.codeHint')}
            </p>
            <input
              ref={codeRef}
              id="signin-code"
              dir="ltr"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={12}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-invalid={codeError !== null}
              aria-describedby={codeError ? 'signin-code-hint signin-code-error' : 'signin-code-hint'}
            />
            <FieldError id="signin-code-error" message={codeError} />
          </div>
          <div className="row">
            <button type="submit" disabled={busy}>
              {t('signIn.submit')}
            </button>
            <button type="button" className="secondary" onClick={startOver}>
              {t('signIn.other')}
            </button>
          </div>
          <p className="visually-hidden" role="status">
            {busy ? t('signIn.checking') : ''}
          </p>
        </form>
      )}
    </div>
  );
}
