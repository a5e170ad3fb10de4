import { useCategories } from '../categories.js';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { STATES, type ComplaintState, type QueueFilters } from './filters.js';
import { queueMessages } from './queue.messages.js';

/** The queue's filters as labelled controls; each change applies at once (and goes into the URL). */
export function QueueFilterControls({ filters, offices, onChange }: { filters: QueueFilters; offices: { id: string; name: string }[]; onChange: (filters: QueueFilters) => void }) {
  const t = useMessages(queueMessages);
  const { language } = useI18n();
  const categories = useCategories();
  const set = (patch: Partial<QueueFilters>) => {
    const merged: Record<string, unknown> = { ...filters, ...patch };
    for (const key of Object.keys(merged)) if (merged[key] === undefined || merged[key] === '' || (Array.isArray(merged[key]) && merged[key].length === 0)) delete merged[key];
    onChange(merged as QueueFilters);
  };
  const toggleState = (state: ComplaintState, on: boolean) => set({ state: STATES.filter((s) => (s === state ? on : (filters.state ?? []).includes(s))) });
  return (
    <section className="queue-filters" aria-labelledby="queue-filters-title">
      <h2 id="queue-filters-title">{t('filters.title')}</h2>
      <fieldset className="field states">
        <legend>{t('filters.state')}</legend>
        <p className="hint">{t('filters.stateHint')}</p>
        {STATES.map((state) => (
          <label key={state} className="check">
            <input type="checkbox" name="state" value={state} checked={(filters.state ?? []).includes(state)} onChange={(e) => toggleState(state, e.target.checked)} />
            {t(`state.${state}`)}
          </label>
        ))}
      </fieldset>
      <div className="selects">
        <div className="field">
          <label htmlFor="filter-office">{t('filters.office')}</label>
          <select id="filter-office" value={filters.officeId ?? ''} onChange={(e) => set({ officeId: e.target.value || undefined })}>
            <option value="">{t('filters.anyOffice')}</option>
            {offices.map((office) => (
              <option key={office.id} value={office.id}>
                {office.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-assignee">{t('filters.assignee')}</label>
          <select id="filter-assignee" value={filters.assignee ?? ''} onChange={(e) => set({ assignee: (e.target.value || undefined) as QueueFilters['assignee'] })}>
            <option value="">{t('filters.anyone')}</option>
            <option value="me">{t('filters.me')}</option>
            <option value="unassigned">{t('filters.unassigned')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-level">{t('filters.escalation')}</label>
          <select id="filter-level" value={filters.escalationLevel ?? ''} onChange={(e) => set({ escalationLevel: e.target.value === '' ? undefined : Number(e.target.value) })}>
            <option value="">{t('filters.anyLevel')}</option>
            {[1, 2, 3].map((level) => (
              <option key={level} value={level}>
                {t('filters.atLeast', { level })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-category">{t('filters.category')}</label>
          <select id="filter-category" value={filters.categoryId ?? ''} onChange={(e) => set({ categoryId: e.target.value || undefined })}>
            <option value="">{t('filters.anyCategory')}</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {localName(category.name, language)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label className="check">
          <input type="checkbox" id="filter-overdue" checked={filters.overdue === true} onChange={(e) => set({ overdue: e.target.checked || undefined })} />
          {t('filters.overdue')}
        </label>
      </div>
      <button type="button" className="secondary" onClick={() => onChange({})}>
        {t('filters.clear')}
      </button>
    </section>
  );
}
