import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import type { Auth, OwnPart } from './model.js';
import { trackMessages } from './track.messages.js';

type Photo = OwnPart['attachments'][number];

/**
 * One of the citizen's photos. An <img> cannot send the secret as a Bearer header, so the bytes are fetched (with the
 * secret, or with the session cookie) and shown through an object URL, released when the photo leaves the page.
 */
function OwnPhoto({ photo, n, auth }: { photo: Photo; n: number; auth: Auth }) {
  const tr = useMessages(trackMessages);
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const secret = auth.kind === 'secret' ? auth.secret : null;
  useEffect(() => {
    const controller = new AbortController();
    let url: string | null = null;
    fetch(photo.url, { headers: secret ? { authorization: `Bearer ${secret}` } : {}, credentials: 'same-origin', signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        url = URL.createObjectURL(await response.blob());
        setSrc(url);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [photo.url, secret]);
  const alt = tr('own.photoAlt', { n, name: photo.filename });
  return (
    <li>
      {src ? <img src={src} alt={alt} /> : <p role={failed ? 'alert' : undefined}>{failed ? tr('own.photoFailed', { n }) : tr('own.photoLoading', { n })}</p>}
    </li>
  );
}

/** What the citizen wrote, where, and their photos: shown only to them (all text as text nodes). */
export function OwnDetails({ own, auth }: { own: OwnPart; auth: Auth }) {
  const tr = useMessages(trackMessages);
  const { number, language } = useI18n();
  const answers = own.attributes ?? [];
  const answerText = (a: NonNullable<OwnPart['attributes']>[number]) =>
    a.valueLabels ? a.valueLabels.map((n) => localName(n, language)).join(language === 'en' ? ', ' : '، ') : Array.isArray(a.value) ? a.value.join(', ') : typeof a.value === 'number' ? number(a.value) : a.value;
  const position = own.latitude !== null && own.longitude !== null ? `${number(own.latitude)}, ${number(own.longitude)}` : null;
  return (
    <section className="own" aria-labelledby="own-heading">
      <h3 id="own-heading">{tr('own.title')}</h3>
      <dl className="facts">
        {own.description !== null && (
          <div>
            <dt>{tr('own.description')}</dt>
            <dd className="own-description">{own.description}</dd>
          </div>
        )}
        {own.address !== null && own.address !== '' && (
          <div>
            <dt>{tr('own.address')}</dt>
            <dd>{own.address}</dd>
          </div>
        )}
        {position !== null && (
          <div>
            <dt>{tr('own.position')}</dt>
            <dd dir="ltr">{position}</dd>
          </div>
        )}
      </dl>
      {answers.length > 0 && (
        <>
          <h4>{tr('own.answers')}</h4>
          <dl className="facts">
            {answers.map((a) => (
              <div key={a.code}>
                <dt>{a.label ? localName(a.label, language) : a.code}</dt>
                <dd>{answerText(a)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {own.anonymous && <p>{tr('own.anonymous')}</p>}
      {own.attachments.length > 0 && (
        <>
          <h4>{tr('own.photos')}</h4>
          <ul className="own-photos">
            {own.attachments.map((photo, i) => (
              <OwnPhoto key={photo.id} photo={photo} n={i + 1} auth={auth} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
