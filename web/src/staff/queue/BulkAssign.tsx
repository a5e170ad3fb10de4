import { useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n/messages.js';
import { useI18n } from '../../i18n/i18n.js';
import { useStaffSession } from '../session.js';
import { queueMessages } from './queue.messages.js';

export interface Officer {
  id: string;
  displayName: string;
  role: string;
}

interface BulkResult {
  code: string;
  ok: boolean;
  error?: string;
}

/** Heads of office and monitors assign the selected complaints to one officer; each complaint's result is listed. */
export function BulkAssign({ codes, officers, onDone }: { codes: string[]; officers: Officer[]; onDone: () => void }) {
  const t = useMessages(queueMessages);
  const { number } = useI18n();
  const { call } = useStaffSession();
  const [officerId, setOfficerId] = useState('');
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (codes.length === 0 || officerId === '') return setMessage(t('bulk.nothing'));
    setBusy(true);
    setMessage(null);
    const result = await call<{ results: BulkResult[] }>('/api/v1/staff/complaints/bulk/assign', { json: { codes, officerId } });
    setBusy(false);
    if (!result.ok) return setMessage(result.problem.detail || result.problem.title);
    setResults(result.data.results);
    setMessage(t('bulk.done', { ok: number(result.data.results.filter((r) => r.ok).length), total: number(result.data.results.length) }));
    onDone();
  };

  return (
    <section className="bulk" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('bulk.title')}</h2>
      <p>{t('bulk.selected', { count: number(codes.length) })}</p>
      <form onSubmit={(e) => void submit(e)} className="row">
        <div className="field">
          <label htmlFor="bulk-officer">{t('bulk.officer')}</label>
          <select id="bulk-officer" value={officerId} onChange={(e) => setOfficerId(e.target.value)}>
            <option value="">{t('bulk.chooseOfficer')}</option>
            {officers.map((officer) => (
              <option key={officer.id} value={officer.id}>
                {officer.displayName}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          {t('bulk.assign')}
        </button>
      </form>
      <div role="status">{message && <p>{message}</p>}</div>
      {results && (
        <>
          <h3>{t('bulk.results')}</h3>
          <ul className="bulk-results">
            {results.map((r) => (
              <li key={r.code} className={r.ok ? 'ok' : 'refused'}>
                {r.ok ? t('bulk.ok', { code: r.code }) : t('bulk.refused', { code: r.code, reason: r.error ?? '' })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
