import { useId, useState } from 'react';
import { problemsAt, type Problem } from '../../http.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { adminMessages } from './admin.messages.js';
import { AdminForm } from './fields.js';

type Day = { open: string; close: string } | null;
type DraftDay = { isOpen: boolean; open: string; close: string };
const ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

/**
 * The office week, day by day (Monday first on screen, Sunday first in the API): open or not, and its hours. The
 * form is drawn afresh from each week the server answers, so whether it was just saved is the page's to keep.
 */
export function WeekForm({ week, weekSource, saved, setSaved, onSaved }: { week: Day[]; weekSource: 'administrator' | 'configuration'; saved: boolean; setSaved(saved: boolean): void; onSaved(): void }) {
  const t = useMessages(adminMessages);
  const { call } = useStaffSession();
  const [draft, setDraft] = useState<DraftDay[]>(() => week.map((d) => (d ? { isOpen: true, ...d } : { isOpen: false, open: '09:00', close: '17:00' })));
  const [problem, setProblem] = useState<Problem | null>(null);
  const baseId = useId();
  const set = (i: number, patch: Partial<DraftDay>) => setDraft((days) => days.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  const save = async (value: Day[] | null) => {
    setSaved(false);
    const result = await call('/api/v1/admin/calendar/week', { method: 'PUT', json: { week: value } });
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setSaved(true);
    onSaved();
  };

  return (
    <AdminForm title={t('calendar.weekForm')} problem={problem} onSubmit={() => void save(draft.map((d) => (d.isOpen ? { open: d.open, close: d.close } : null)))} submitLabel={t('calendar.saveWeek')}>
      <p className="hint">{t(`calendar.source.${weekSource}`)}</p>
      <div role="status">{saved && <p className="notice">{t('calendar.weekSaved')}</p>}</div>
      {problemsAt(problem, '/week')
        .filter((e) => e.pointer === '/week')
        .map((e) => (
          <p className="field-error" key={e.detail}>
            {e.detail}
          </p>
        ))}
      {ORDER.map((i) => {
        const day = t(`day.${i}`);
        const d = draft[i]!;
        const id = `${baseId}-${i}`;
        const closeErrors = problemsAt(problem, `/week/${i}/close`);
        const openErrors = problemsAt(problem, `/week/${i}/open`);
        return (
          <fieldset className="field admin-day" key={i}>
            <legend>{day}</legend>
            <div className="admin-check">
              <input id={`${id}-on`} type="checkbox" checked={d.isOpen} onChange={(event) => set(i, { isOpen: event.target.checked })} />
              <label htmlFor={`${id}-on`}>{t('calendar.isOpen', { day })}</label>
            </div>
            {d.isOpen && (
              <div className="row">
                <div>
                  <label htmlFor={`${id}-open`}>{t('calendar.opens', { day })}</label>
                  <input id={`${id}-open`} type="time" dir="ltr" value={d.open} aria-invalid={openErrors.length > 0 || undefined} aria-describedby={openErrors.length > 0 ? `${id}-open-error` : undefined} onChange={(event) => set(i, { open: event.target.value })} />
                  {openErrors.length > 0 && (
                    <p className="field-error" id={`${id}-open-error`}>
                      {openErrors.map((e) => e.detail).join('; ')}
                    </p>
                  )}
                </div>
                <div>
                  <label htmlFor={`${id}-close`}>{t('calendar.closes', { day })}</label>
                  <input id={`${id}-close`} type="time" dir="ltr" value={d.close} aria-invalid={closeErrors.length > 0 || undefined} aria-describedby={closeErrors.length > 0 ? `${id}-close-error` : undefined} onChange={(event) => set(i, { close: event.target.value })} />
                  {closeErrors.length > 0 && (
                    <p className="field-error" id={`${id}-close-error`}>
                      {closeErrors.map((e) => e.detail).join('; ')}
                    </p>
                  )}
                </div>
              </div>
            )}
          </fieldset>
        );
      })}
      {weekSource === 'administrator' && (
        <p>
          <button type="button" className="secondary" onClick={() => void save(null)}>
            {t('calendar.useConfigured')}
          </button>
        </p>
      )}
    </AdminForm>
  );
}
