import { useEffect, useState } from 'react';
import { rememberSecret } from '../../citizen-secrets.js';
import { useMessages } from '../../i18n/messages.js';
import { Link, usePath } from '../../router.js';
import { fileMessages } from './file.messages.js';
import { readOutbox } from './outbox.js';
import { sendOutbox } from './outbox-sender.js';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * On every page but the filing form (which does this itself): complaints queued while offline are sent as soon as
 * the connection is back, and the citizen is told their codes; while they wait, a notice says so.
 */
export function QueuedNotice() {
  const t = useMessages(fileMessages);
  const path = usePath();
  const onForm = path === '/file';
  const [waiting, setWaiting] = useState(() => {
    const store = storage();
    return store ? readOutbox(store).length : 0;
  });
  const [sent, setSent] = useState<string[]>([]);

  useEffect(() => {
    const store = storage();
    if (onForm || !store) return;
    const send = async () => {
      await sendOutbox(store, {
        sent: (created) => {
          rememberSecret(created.code, created.citizenSecret);
          setSent((codes) => [...codes, created.code]);
        },
      });
      setWaiting(readOutbox(store).length);
    };
    void send();
    const onOnline = () => void send();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [onForm]);

  if (onForm) return null;
  return (
    <div role="status" className="queued-notice">
      {sent.length > 0 && (
        <p className="notice">
          {t('outbox.sent')}{' '}
          {sent.map((code) => (
            <Link key={code} to={`/track/${code}`} dir="ltr">
              {code}
            </Link>
          ))}
        </p>
      )}
      {waiting > 0 && (
        <p className="notice">
          {t('outbox.waiting')} <Link to="/file">{t('outbox.open')}</Link>
        </p>
      )}
    </div>
  );
}
