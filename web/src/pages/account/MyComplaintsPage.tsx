import { useEffect, useState, type FormEvent } from 'react';
import type { Names } from '../../api.js';
import { problemsAt, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { isMessageKey, LANGUAGES, localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { accountMessages } from './account.messages.js';
import { useCitizenSession, type CitizenProfile } from './session.js';
import './account.css';

/** One line of GET /api/v1/citizen/complaints. */
interface CitizenComplaint {
  code: string;
  state: string;
  channel: string;
  category: { id: string; name: Names } | null;
  escalationLevel: number;
  submittedAt: string;
}

interface Page {
  complaints: CitizenComplaint[];
  next: string | null;
}

type ChannelKey = `channel.${'web' | 'mobile' | 'whatsapp' | 'sms' | 'email' | 'phone' | 'letter' | 'open311'}`;
const CHANNEL_KEYS = new Set<string>(['channel.web', 'channel.mobile', 'channel.whatsapp', 'channel.sms', 'channel.email', 'channel.phone', 'channel.letter', 'channel.open311']);

function useAccountTitle() {
  const t = useMessages(accountMessages);
  const { t: core } = useI18n();
  useEffect(() => {
    document.title = `${t('my.title')} · ${core('app.name')}`;
  }, [t, core]);
}

function ComplaintList() {
  const t = useMessages(accountMessages);
  const { t: core, language, dateTime } = useI18n();
  const { call } = useCitizenSession();
  const [rows, setRows] = useState<CitizenComplaint[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(false);
  const [announce, setAnnounce] = useState('');

  const pagePath = (after: string | null) => `/api/v1/citizen/complaints?limit=20${after ? `&after=${encodeURIComponent(after)}` : ''}`;

  useEffect(() => {
    const controller = new AbortController();
    call<Page>(pagePath(null), { signal: controller.signal }).then(
      (result) => {
        if (!result.ok) return setFailed(true);
        setRows(result.data.complaints);
        setNext(result.data.next);
      },
      () => undefined,
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loads once per page visit
  }, []);

  const loadMore = async () => {
    if (next === null) return;
    setLoading(true);
    const result = await call<Page>(pagePath(next));
    setLoading(false);
    if (!result.ok) return setFailed(true);
    setFailed(false);
    const all = [...(rows ?? []), ...result.data.complaints];
    setRows(all);
    setNext(result.data.next);
    setAnnounce(t('my.shown', { count: all.length }));
  };

  if (failed && rows === null) return <p role="alert">{t('my.failed')}</p>;
  if (rows === null) return <p role="status">{t('my.loading')}</p>;
  if (rows.length === 0) return <p>{t('my.none')}</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">{t('my.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('my.code')}</th>
              <th scope="col">{t('my.category')}</th>
              <th scope="col">{t('my.state')}</th>
              <th scope="col">{t('my.channel')}</th>
              <th scope="col">{t('my.filed')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const channelKey = `channel.${c.channel}`;
              const stateKey = `state.${c.state}`;
              return (
                <tr key={c.code}>
                  <td>
                    <Link to={`/track/${encodeURIComponent(c.code)}`} dir="ltr">
                      {c.code}
                    </Link>
                  </td>
                  <td>{c.category ? localName(c.category.name, language) : t('my.unsorted')}</td>
                  <td>{isMessageKey(stateKey) ? core(stateKey) : c.state}</td>
                  <td>{CHANNEL_KEYS.has(channelKey) ? t(channelKey as ChannelKey) : c.channel}</td>
                  <td>
                    <time dateTime={c.submittedAt}>{dateTime(c.submittedAt)}</time>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {failed && <p role="alert">{t('my.failed')}</p>}
      {next !== null && (
        <p>
          <button type="button" className="secondary" disabled={loading} onClick={() => void loadMore()}>
            {t('my.more')}
          </button>
        </p>
      )}
      <p role="status" className="visually-hidden">
        {announce}
      </p>
    </>
  );
}

function ProfileForm({ profile }: { profile: CitizenProfile }) {
  const t = useMessages(accountMessages);
  const { call, setProfile } = useCitizenSession();
  const [name, setName] = useState(profile.name ?? '');
  const [language, setLanguage] = useState(profile.language);
  const [cnic, setCnic] = useState(profile.cnic ?? '');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setProblem(null);
    const result = await call<CitizenProfile>('/api/v1/citizen/profile', { method: 'PATCH', json: { name: name.trim() === '' ? null : name.trim(), language, cnic: cnic.trim() === '' ? null : cnic.trim() } });
    setBusy(false);
    if (result.ok) {
      setProfile(result.data);
      setCnic(result.data.cnic ?? '');
      setSaved(true);
    } else setProblem(result.problem);
  };

  const nameError = problemsAt(problem, '/name').length > 0 ? t('profile.error.name') : null;
  const cnicError = problemsAt(problem, '/cnic').length > 0 ? t('profile.error.cnic') : null;
  const otherError = problem && nameError === null && cnicError === null ? t('error.failed') : null;
  const contact = profile.phone ?? profile.email ?? '';
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('profile.title')}</h2>
      <p>
        {t('profile.signedInWith')}: <span dir="ltr">{contact}</span>
      </p>
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="profile-name">{t('profile.name')}</label>
          <input id="profile-name" type="text" autoComplete="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={nameError !== null} {...(nameError && { 'aria-describedby': 'profile-name-error' })} />
          {nameError && (
            <p id="profile-name-error" className="field-error">
              {nameError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="profile-language">{t('profile.language')}</label>
          <select id="profile-language" value={language} onChange={(e) => setLanguage(e.target.value as CitizenProfile['language'])}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="profile-cnic">{t('profile.cnic')}</label>
          <p id="profile-cnic-hint" className="hint">
            {t('profile.cnicHint')}
          </p>
          <input id="profile-cnic" type="text" dir="ltr" inputMode="numeric" maxLength={40} value={cnic} onChange={(e) => setCnic(e.target.value)} aria-invalid={cnicError !== null} aria-describedby={cnicError ? 'profile-cnic-hint profile-cnic-error' : 'profile-cnic-hint'} />
          {cnicError && (
            <p id="profile-cnic-error" className="field-error">
              {cnicError}
            </p>
          )}
        </div>
        <button type="submit" disabled={busy}>
          {t('profile.save')}
        </button>
        <p role="status">{saved ? t('profile.saved') : ''}</p>
        {otherError && <p role="alert">{otherError}</p>}
      </form>
    </section>
  );
}

/** "My complaints": every complaint filed with the signed-in citizen's number or address, and their details. */
export function MyComplaintsPage() {
  const t = useMessages(accountMessages);
  const { state } = useCitizenSession();
  useAccountTitle();
  if (state.kind !== 'signed_in') {
    return (
      <>
        <h1>{t('my.title')}</h1>
        {state.kind === 'loading' ? (
          <p role="status">{t('my.loading')}</p>
        ) : (
          <p>
            <Link to="/signin?next=/my">{t('my.signInFirst')}</Link>
          </p>
        )}
      </>
    );
  }
  return (
    <div className="account">
      <h1>{t('my.title')}</h1>
      <p className="lead">{t('my.lead')}</p>
      <ComplaintList />
      <ProfileForm profile={state.session.citizen} />
    </div>
  );
}
