import { useState } from 'react';
import type { Problem } from '../../http.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { adminMessages } from './admin.messages.js';
import { AdminHeading, ListState, Outcome, useAdminData, useLanguage } from './common.js';
import { AdminForm, NamesFields, NO_NAMES, SelectField, TextField, namesValue, type NamesValue } from './fields.js';

export interface Department {
  id: string;
  name: { en: string; ur: string; ps: string };
  officeLevel: Level;
  active: boolean;
}
type Level = 'province' | 'division' | 'district' | 'tehsil';
export const LEVELS: Level[] = ['province', 'division', 'district', 'tehsil'];

/** Departments: a table, and one form to create a department or edit the one chosen. */
export function DepartmentsPage() {
  const t = useMessages(adminMessages);
  const language = useLanguage();
  const { call } = useStaffSession();
  const { data, problem: loadProblem, reload } = useAdminData<{ departments: Department[] }>('/api/v1/admin/departments');
  const [editing, setEditing] = useState<Department | null>(null);
  const [id, setId] = useState('');
  const [names, setNames] = useState<NamesValue>(NO_NAMES);
  const [level, setLevel] = useState<Level>('district');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<{ text: string | null; problem: Problem | null }>({ text: null, problem: null });

  const reset = () => {
    setEditing(null);
    setId('');
    setNames(NO_NAMES);
    setLevel('district');
    setProblem(null);
  };
  const edit = (d: Department) => {
    setEditing(d);
    setId(d.id);
    setNames(namesValue(d.name));
    setLevel(d.officeLevel);
    setProblem(null);
  };
  const submit = async () => {
    const result = editing
      ? await call<Department>(`/api/v1/admin/departments/${encodeURIComponent(editing.id)}`, { method: 'PATCH', json: { name: names, officeLevel: level } })
      : await call<Department>('/api/v1/admin/departments', { method: 'POST', json: { id, name: names, officeLevel: level } });
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setOutcome({ text: editing ? t('saved') : t('created'), problem: null });
    reset();
    reload();
  };
  const toggle = async (d: Department) => {
    const result = await call<Department>(`/api/v1/admin/departments/${encodeURIComponent(d.id)}`, { method: 'PATCH', json: { active: !d.active } });
    setOutcome(result.ok ? { text: t('saved'), problem: null } : { text: null, problem: result.problem });
    reload();
  };

  return (
    <section>
      <AdminHeading title={t('departments.title')} />
      <Outcome {...outcome} />
      <ListState loaded={data !== null} problem={loadProblem} />
      {data && (
        <div className="admin-table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('id')}</th>
                <th scope="col">{t('names')}</th>
                <th scope="col">{t('level')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.departments.map((d) => (
                <tr key={d.id} className={d.active ? undefined : 'inactive'}>
                  <td dir="ltr">{d.id}</td>
                  <td>{localName(d.name, language)}</td>
                  <td>{t(`level.${d.officeLevel}`)}</td>
                  <td>{d.active ? t('active') : t('inactive')}</td>
                  <td>
                    <div className="admin-actions">
                      <button type="button" className="secondary" aria-label={`${t('edit')}: ${localName(d.name, language)}`} onClick={() => edit(d)}>
                        {t('edit')}
                      </button>
                      <button type="button" className={d.active ? 'danger' : 'secondary'} aria-label={`${d.active ? t('deactivate') : t('activate')}: ${localName(d.name, language)}`} onClick={() => void toggle(d)}>
                        {d.active ? t('deactivate') : t('activate')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AdminForm
        title={editing ? t('editing', { name: localName(editing.name, language) }) : t('departments.new')}
        problem={problem}
        onSubmit={() => void submit()}
        submitLabel={editing ? t('save') : t('create')}
        onCancel={editing ? reset : undefined}
      >
        <TextField label={t('id')} hint={t('id.hint')} value={id} onChange={setId} problem={problem} pointer="/id" dir="ltr" disabled={editing !== null} required />
        <NamesFields value={names} onChange={setNames} problem={problem} />
        <SelectField label={t('level')} value={level} onChange={(v) => setLevel(v as Level)} problem={problem} pointer="/officeLevel" options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
      </AdminForm>
    </section>
  );
}
