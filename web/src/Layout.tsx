import type { ReactNode } from 'react';
import { LANGUAGES, isLanguage } from './i18n/languages.js';
import { useI18n } from './i18n/i18n.js';
import { Link, navigate } from './router.js';
import { accountMessages } from './pages/account/account.messages.js';
import { CitizenSessionProvider, useCitizenSession } from './pages/account/session.js';
import { useMessages } from './i18n/messages.js';
import { QueuedNotice } from './pages/file/QueuedNotice.js';

function LanguagePicker() {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="language">
      <label htmlFor="language">{t('language.label')}</label>
      <select id="language" value={language} onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Sign in", or "My complaints" and "Sign out" for a signed-in citizen. */
function CitizenNav() {
  const { t } = useI18n();
  const account = useMessages(accountMessages);
  const { state, signOut } = useCitizenSession();
  if (state.kind !== 'signed_in') {
    return (
      <li>
        <Link to="/signin">{t('nav.signIn')}</Link>
      </li>
    );
  }
  const onSignOut = async () => {
    await signOut();
    navigate('/signin');
  };
  return (
    <>
      <li>
        <Link to="/my">{account('nav.my')}</Link>
      </li>
      <li>
        <button type="button" className="link" onClick={() => void onSignOut()}>
          {account('nav.signOut')}
        </button>
      </li>
    </>
  );
}

/** Every page's frame: skip link, header with the name, navigation and language picker, the page, the footer. */
export function Layout({ children }: { children: ReactNode }) {
  return (
    <CitizenSessionProvider>
      <Frame>{children}</Frame>
    </CitizenSessionProvider>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul>
            <li>
              <Link to="/file">{t('nav.file')}</Link>
            </li>
            <li>
              <Link to="/track">{t('nav.track')}</Link>
            </li>
            <CitizenNav />
          </ul>
        </nav>
        <LanguagePicker />
      </header>
      <main id="main" tabIndex={-1}>
        <QueuedNotice />
        {children}
      </main>
      <footer className="footer">
        <p>{t('footer.about')}</p>
        <ul>
          <li>
            <Link to="/transparency">{t('footer.transparency')}</Link>
          </li>
          <li>
            <a href="/docs">{t('footer.api')}</a>
          </li>
          <li>
            <Link to="/staff">{t('nav.staff')}</Link>
          </li>
        </ul>
      </footer>
    </>
  );
}
