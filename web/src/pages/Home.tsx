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

/** A page of a heading, a paragraph and one link onwards. */
function MessagePage({ title, body, link }: { title: MessageKey; body: MessageKey; link: { to: string; label: MessageKey } }) {
  const { t } = useI18n();
  useTitle(title);
  return (
    <>
      <h1>{t(title)}</h1>
      <p>{t(body)}</p>
      <p>
        <Link to={link.to}>{t(link.label)}</Link>
      </p>
    </>
  );
}


export const NotFoundPage = () => <MessagePage title="notFound.title" body="notFound.body" link={{ to: '/', label: 'nav.home' }} />;
