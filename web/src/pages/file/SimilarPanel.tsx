import { useEffect, useRef, useState } from 'react';
import { api, type Problem } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import type { Draft } from './draft.js';
import { fileMessages } from './file.messages.js';

/** One open complaint that may be the same problem (POST /api/v1/complaints/similar). */
export interface Suggestion {
  code: string;
  state: string;
  submittedAt: string;
  followers: number;
}

/** "Is this your problem? Follow it instead", before the citizen files their own. */
export function SimilarPanel({
  suggestions,
  draft,
  onFollowed,
  onProblem,
  onFileAnyway,
}: {
  suggestions: Suggestion[];
  draft: Draft;
  onFollowed: (code: string, already: boolean) => void;
  onProblem: (problem: Problem) => void;
  onFileAnyway: () => void;
}) {
  const t = useMessages(fileMessages);
  const { language, dateTime, number } = useI18n();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const follow = async (code: string) => {
    const phone = draft.phone.trim();
    const email = draft.email.trim();
    const name = draft.name.trim();
    if (!phone && !email) {
      setNote(t('followNeedsContact'));
      return;
    }
    setBusy(true);
    const result = await api<{ code: string; alreadyFollowing: boolean }>(`/api/v1/complaints/${encodeURIComponent(code)}/follow`, {
      json: { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(name ? { name } : {}), language },
    });
    setBusy(false);
    if (result.ok) onFollowed(result.data.code, result.data.alreadyFollowing);
    else if (result.problem.status === 0) setNote(t('errorGeneral', { detail: result.problem.detail }));
    else onProblem(result.problem);
  };

  return (
    <section className="similar" aria-labelledby="similar-heading">
      <h2 id="similar-heading" ref={heading} tabIndex={-1}>
        {t('similarTitle')}
      </h2>
      <p>{t('similarIntro')}</p>
      <ul>
        {suggestions.map((s) => (
          <li key={s.code}>
            <p>
              <strong dir="ltr">{t('similarItem', { code: s.code, date: dateTime(s.submittedAt) })}</strong>
            </p>
            <p className="hint">{t('similarFollowers', { count: number(s.followers) })}</p>
            <div className="row">
              <button type="button" onClick={() => void follow(s.code)} disabled={busy}>
                {t('similarFollow')}
              </button>
              <Link to={`/track/${encodeURIComponent(s.code)}`}>{t('similarView', { code: s.code })}</Link>
            </div>
          </li>
        ))}
      </ul>
      {note && (
        <p className="field-error" role="alert">
          {note}
        </p>
      )}
      <button type="button" className="secondary" onClick={onFileAnyway} disabled={busy}>
        {t('similarFileAnyway')}
      </button>
    </section>
  );
}
