import { useEffect } from 'react';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';

/** Sets the document title to the page's heading and the app's name. */
export function useTitle(key: MessageKey) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t(key)} · ${t('app.name')}`;
  }, [t, key]);
}

export function HomePage() {
  const { t } = useI18n();
  useTitle('app.tagline');
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>
      <ul className="cards">
        <li>
          <h2>
            <Link to="/file">{t('nav.file')}</Link>
          </h2>
          <p>{t('home.fileLead')}</p>
        </li>
        <li>
          <h2>
            <Link to="/track">{t('nav.track')}</Link>
          </h2>
          <p>{t('home.trackLead')}</p>
        </li>
        <li>
          <h2>
            <Link to="/signin">{t('nav.signIn')}</Link>
          </h2>
          <p>{t('home.signInLead')}</p>
        </li>
      </ul>
    </>
  );
}

export function FilePage() {
  const { t } = useI18n();
  useTitle('file.title');
  return (
    <>
      <h1>{t('file.title')}</h1>
      <p>{t('file.channels')}</p>
      <p>
        <Link to="/track">{t('nav.track')}</Link>
      </p>
    </>
  );
}

export function SignInPage() {
  const { t } = useI18n();
  useTitle('signIn.title');
  return (
    <>
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.channels')}</p>
      <p>
        <Link to="/track">{t('nav.track')}</Link>
      </p>
    </>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  useTitle('notFound.title');
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('nav.home')}</Link>
      </p>
    </>
  );
}
