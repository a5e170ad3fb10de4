import { useId, useState } from 'react';
import type { Problem } from '../../http.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { adminMessages } from './admin.messages.js';
import { AdminHeading, ListState, Outcome, useAdminData, useLanguage } from './common.js';
import { WeekForm } from './WeekForm.js';
import { AdminForm, NamesFields, NO_NAMES, SelectField, TextField, type NamesValue } from './fields.js';

type Kind = 'fixed' | 'lunar' | 'special';
interface Holiday {
  date: string;
  name: { en: string; ur: string | null; ps: string | null };
  kind: Kind;
  provisional: boolean;
}
interface CalendarView {
  weekSource: 'administrator' | 'configuration';
  timeZone: string;
  minutesPerDay: number;
  week: ({ open: string; close: string } | null)[];
  year: number;
  holidays: Holiday[];
}
const KINDS: Kind[] = ['fixed', 'lunar', 'special'];
const DAYS = [1, 2, 3, 4, 5, 6, 0] as const;

/** The office calendar: the working week (read-only) and a year's holidays, added and removed here. */
export function CalendarPage() {
  const t = useMessages(adminMessages);
  const language = useLanguage();
  const { call } = useStaffSession();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(thisYear));
  const [weekSaved, setWeekSaved] = useState(false);
  const shownYear = /^\d{4}$/.test(year) ? Number(year) : thisYear;
  const { data, problem: loadProblem, reload } = useAdminData<CalendarView>(`/api/v1/admin/calendar?year=${shownYear}`);
  const [date, setDate] = useState('');
  const [names, setNames] = useState<NamesValue>(NO_NAMES);
  const [kind, setKind] = useState<Kind>('fixed');
  const [provisional, setProvisional] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<{ text: string | null; problem: Problem | null }>({ text: null, problem: null });
  const provisionalId = useId();

  const submit = async () => {
    const result = await call<Holiday>('/api/v1/admin/calendar/holidays', { method: 'POST', json: { date, name: { en: names.en, ur: names.ur || null, ps: names.ps || null }, kind, provisional } });
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setOutcome({ text: t('created'), problem: null });
    setProblem(null);
    setNames(NO_NAMES);
    setDate('');
    setProvisional(false);
    if (result.data.date.slice(0, 4) !== String(shownYear)) setYear(result.data.date.slice(0, 4));
    else reload();
  };
  const remove = async (h: Holiday) => {
    const result = await call<null>(`/api/v1/admin/calendar/holidays/${h.date}/${encodeURIComponent(h.name.en)}`, { method: 'DELETE' });
    setOutcome(result.ok ? { text: t('calendar.removed'), problem: null } : { text: null, problem: result.problem });
    reload();
  };

  return (
    <section>
      <AdminHeading title={t('calendar.title')} />
      <Outcome {...outcome} />
      <ListState loaded={data !== null} problem={loadProblem} />
      {data && (
        <>
          <h2>{t('calendar.week')}</h2>
          <p className="hint">{t('calendar.weekHint', { hours: data.minutesPerDay / 60 })}</p>
          <table className="data admin-week">
            <thead>
              <tr>
                <th scope="col">{t('calendar.day')}</th>
                <th scope="col">{t('calendar.hours')}</th>
              </tr>
            </thead>
            <tbody>
              {DAYS.map((d) => {
                const hours = data.week[d];
                return (
                  <tr key={d}>
                    <th scope="row">{t(`day.${d}`)}</th>
                    <td dir="ltr">{hours ? `${hours.open}–${hours.close}` : t('calendar.closed')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <WeekForm key={JSON.stringify([data.weekSource, data.week])} week={data.week} weekSource={data.weekSource} saved={weekSaved} setSaved={setWeekSaved} onSaved={reload} />
          <h2>{t('calendar.holidays', { year: data.year })}</h2>
          <TextField label={t('calendar.year')} type="number" min={2000} max={2100} value={year} onChange={setYear} problem={null} pointer="/year" />
          {data.holidays.length === 0 ? (
            <p>{t('calendar.none')}</p>
          ) : (
            <div className="admin-table-wrap">
              <table className="data admin-holidays">
                <thead>
                  <tr>
                    <th scope="col">{t('calendar.date')}</th>
                    <th scope="col">{t('names')}</th>
                    <th scope="col">{t('calendar.kind')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.holidays.map((h) => (
                    <tr key={`${h.date}|${h.name.en}`}>
                      <td dir="ltr">{h.date}</td>
                      <td>{localName(h.name, language)}</td>
                      <td>
                        {t(`calendar.kind.${h.kind}`)}
                        {h.provisional && ` · ${t('calendar.provisional')}`}
                      </td>
                      <td>
                        <div className="admin-actions">
                          <button type="button" className="danger" aria-label={t('calendar.removeNamed', { name: `${localName(h.name, language)} ${h.date}` })} onClick={() => void remove(h)}>
                            {t('calendar.remove')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <AdminForm title={t('calendar.new')} problem={problem} onSubmit={() => void submit()} submitLabel={t('create')}>
        <p className="hint">{t('calendar.newHint')}</p>
        <TextField label={t('calendar.date')} type="date" value={date} onChange={setDate} problem={problem} pointer="/date" required />
        <NamesFields value={names} onChange={setNames} problem={problem} optionalLocal />
        <SelectField label={t('calendar.kind')} value={kind} onChange={(v) => setKind(v as Kind)} problem={problem} pointer="/kind" options={KINDS.map((k) => ({ value: k, label: t(`calendar.kind.${k}`) }))} />
        <div className="field admin-check">
          <input id={provisionalId} type="checkbox" checked={provisional} onChange={(event) => setProvisional(event.target.checked)} />
          <label htmlFor={provisionalId}>{t('calendar.provisional')}</label>
        </div>
      </AdminForm>
    </section>
  );
}
