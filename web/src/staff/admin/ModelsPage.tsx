import { useState } from 'react';
import type { Problem } from '../../http.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { adminMessages } from './admin.messages.js';
import { AdminHeading, ListState, Outcome, useAdminData } from './common.js';

/** GET /api/v1/admin/models (one row). */
interface Model {
  version: number;
  status: 'candidate' | 'active' | 'retired' | 'rejected';
  source: 'cli_import' | 'scheduled_retrain' | 'admin_retrain';
  createdAt: string;
  labels: string[];
  trainingExamples: number;
  heldOut: { examples: number; accuracy: number; macroF1: number; compared: { version: number; macroF1: number } | null } | null;
}
type Retrained = { outcome: 'promoted' | 'rejected'; model: Model } | { outcome: 'refused'; reason: string };

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The routing models: each with its held-out figures; retrain now, make one active, or roll back. */
export function ModelsPage() {
  const t = useMessages(adminMessages);
  const { call } = useStaffSession();
  const { data, problem: loadProblem, reload } = useAdminData<{ items: Model[] }>('/api/v1/admin/models');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string | null; problem: Problem | null }>({ text: null, problem: null });

  const act = async <T,>(path: string, done: (result: T) => string) => {
    setBusy(true);
    setOutcome({ text: path.endsWith('retrain') ? t('models.retraining') : null, problem: null });
    const result = await call<T>(path, { method: 'POST' });
    setBusy(false);
    setOutcome(result.ok ? { text: done(result.data), problem: null } : { text: null, problem: result.problem });
    reload();
  };
  const retrain = () =>
    act<Retrained>('/api/v1/admin/models/retrain', (r) => (r.outcome === 'refused' ? t('models.refused', { reason: r.reason }) : t(r.outcome === 'promoted' ? 'models.promoted' : 'models.rejected', { version: String(r.model.version) })));
  const promote = (version: number) => act<Model>(`/api/v1/admin/models/${version}/promote`, (m) => t('models.promoted', { version: String(m.version) }));
  const rollback = () => act<Model>('/api/v1/admin/models/rollback', (m) => t('models.promoted', { version: String(m.version) }));

  return (
    <section>
      <AdminHeading title={t('models.title')} />
      <p>{t('models.lead')}</p>
      <div className="admin-actions">
        <button type="button" disabled={busy} onClick={() => void retrain()}>
          {t('models.retrain')}
        </button>
        <button type="button" className="secondary" disabled={busy || !data?.items.some((m) => m.status === 'active')} onClick={() => void rollback()}>
          {t('models.rollback')}
        </button>
      </div>
      <Outcome {...outcome} />
      <ListState loaded={data !== null} problem={loadProblem} />
      {data && data.items.length === 0 && <p>{t('models.none')}</p>}
      {data && data.items.length > 0 && (
        // Focusable, so a keyboard can scroll the table when it is wider than the screen (it may hold no button).
        <div className="admin-table-wrap" tabIndex={0} role="region" aria-label={t('models.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('models.version')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('models.source')}</th>
                <th scope="col">{t('models.created')}</th>
                <th scope="col">{t('models.examples')}</th>
                <th scope="col">{t('models.figures')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((m) => (
                <tr key={m.version} className={m.status === 'active' ? undefined : 'inactive'}>
                  <td dir="ltr">v{m.version}</td>
                  <td>{t(`models.status.${m.status}`)}</td>
                  <td>{t(`models.source.${m.source}`)}</td>
                  <td dir="ltr">{m.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td dir="ltr">{m.trainingExamples}</td>
                  <td dir="ltr">{m.heldOut ? `${percent(m.heldOut.macroF1)}${m.heldOut.compared ? ` (v${m.heldOut.compared.version}: ${percent(m.heldOut.compared.macroF1)})` : ''}` : '—'}</td>
                  <td>
                    {(m.status === 'candidate' || m.status === 'retired') && (
                      <button type="button" className="secondary" disabled={busy} aria-label={`${t('models.promote')}: v${m.version}`} onClick={() => void promote(m.version)}>
                        {t('models.promote')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
