import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { problemsAt, type Problem } from '../../http.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { normaliseFilters, type QueueFilters } from './filters.js';
import { queueMessages } from './queue.messages.js';

interface SavedView {
  id: string;
  name: string;
  filters: QueueFilters;
}

/** The staff member's saved views (kept by the server, per user): save the current filters, apply or delete one. */
export function SavedViews({ filters, onApply, announce }: { filters: QueueFilters; onApply: (filters: QueueFilters) => void; announce: (text: string) => void }) {
  const t = useMessages(queueMessages);
  const { call } = useStaffSession();
  const [views, setViews] = useState<SavedView[]>([]);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [empty, setEmpty] = useState(false);

  const [generation, setGeneration] = useState(0);
  const load = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    let live = true;
    void call<{ views: SavedView[] }>('/api/v1/staff/views').then((result) => live && result.ok && setViews(result.data.views));
    return () => {
      live = false;
    };
  }, [call, generation]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setEmpty(name.trim() === '');
    setProblem(null);
    if (name.trim() === '') return;
    const result = await call<SavedView>('/api/v1/staff/views', { json: { name: name.trim(), filters } });
    if (!result.ok) return setProblem(result.problem);
    setName('');
    announce(t('views.saved', { name: result.data.name }));
    load();
  };
  const remove = async (view: SavedView) => {
    const result = await call(`/api/v1/staff/views/${encodeURIComponent(view.id)}`, { method: 'DELETE' });
    if (!result.ok) return setProblem(result.problem);
    announce(t('views.deleted', { name: view.name }));
    load();
  };
  const apply = (view: SavedView) => {
    onApply(normaliseFilters(view.filters));
    announce(t('views.applied', { name: view.name }));
  };

  const nameError = empty ? t('views.nameRequired') : problem?.code === 'saved_view_name_taken' ? t('views.nameTaken') : problemsAt(problem, '/name')[0]?.detail;
  const general = problem?.code === 'saved_view_limit_reached' ? t('views.limit') : problem && !nameError ? problem.detail || problem.title : null;
  return (
    <section className="saved-views" aria-labelledby="saved-views-title">
      <h2 id="saved-views-title">{t('views.title')}</h2>
      {views.length === 0 ? (
        <p>{t('views.none')}</p>
      ) : (
        <ul>
          {views.map((view) => (
            <li key={view.id}>
              <span className="view-name">{view.name}</span>{' '}
              <button type="button" className="secondary" aria-label={t('views.applyLabel', { name: view.name })} onClick={() => apply(view)}>
                {t('views.apply')}
              </button>{' '}
              <button type="button" className="danger" aria-label={t('views.deleteLabel', { name: view.name })} onClick={() => void remove(view)}>
                {t('views.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div role="alert">{general && <p className="notice error">{general}</p>}</div>
      <form onSubmit={(e) => void save(e)} noValidate className="field">
        <label htmlFor="view-name">{t('views.name')}</label>
        {nameError && (
          <p className="field-error" id="view-name-error">
            {nameError}
          </p>
        )}
        <div className="row">
          <input id="view-name" maxLength={80} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? 'view-name-error' : undefined} />
          <button type="submit">{t('views.save')}</button>
        </div>
      </form>
    </section>
  );
}
