import { useEffect, useRef, useState } from 'react';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { fileMessages } from './file.messages.js';

function useFocusOnShow() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** Filed: the tracking code, large, to copy, and the way to follow it. */
export function FiledNotice({ code, onAnother }: { code: string; onAnother: () => void }) {
  const t = useMessages(fileMessages);
  const heading = useFocusOnShow();
  const codeRef = useRef<HTMLParagraphElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard
      ?.writeText(code)
      .then(() => setCopied(true))
      .catch(() => {
        // No clipboard (an old browser, or not allowed): select the code so the citizen can copy it themselves.
        const range = document.createRange();
        if (codeRef.current) range.selectNodeContents(codeRef.current);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      });
  };
  return (
    <div className="file-page file-done">
      <h1 ref={heading} tabIndex={-1}>
        {t('successTitle')}
      </h1>
      <p>{t('successCode')}</p>
      <p className="tracking-code" id="tracking-code" dir="ltr" ref={codeRef}>
        {code}
      </p>
      <p>{t('successKeep')}</p>
      <div className="row">
        <button type="button" onClick={copy}>
          {t('copy')}
        </button>
        <p role="status">{copied ? t('copied') : ''}</p>
      </div>
      <p>
        <Link to={`/track/${encodeURIComponent(code)}`}>{t('track')}</Link>
      </p>
      <button type="button" className="secondary" onClick={onAnother}>
        {t('another')}
      </button>
    </div>
  );
}

/** Following someone else's complaint instead of filing. */
export function FollowedNotice({ code, already }: { code: string; already: boolean }) {
  const t = useMessages(fileMessages);
  const heading = useFocusOnShow();
  return (
    <div className="file-page">
      <h1 ref={heading} tabIndex={-1}>
        {t('title')}
      </h1>
      <p className="notice" role="status">
        {already ? t('alreadyFollowing', { code }) : t('followed', { code })}
      </p>
      <p>
        <Link to={`/track/${encodeURIComponent(code)}`}>{t('similarView', { code })}</Link>
      </p>
    </div>
  );
}

/** Kept offline, to be sent when the connection is back. */
export function QueuedNotice({ photosDropped, sending, onSendNow }: { photosDropped: boolean; sending: boolean; onSendNow: () => void }) {
  const t = useMessages(fileMessages);
  const heading = useFocusOnShow();
  return (
    <div className="file-page">
      <h1 ref={heading} tabIndex={-1}>
        {t('title')}
      </h1>
      <div className="notice queued" role="status">
        <p>{sending ? t('queuedSending') : t('queued')}</p>
        {photosDropped && <p>{t('queuedPhotosDropped')}</p>}
      </div>
      <button type="button" onClick={onSendNow} disabled={sending}>
        {t('queuedSendNow')}
      </button>
    </div>
  );
}
