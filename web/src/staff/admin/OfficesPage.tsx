import { useMemo, useState } from 'react';
import type { Problem } from '../../http.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { adminMessages } from './admin.messages.js';
import { AdminHeading, ListState, Outcome, useAdminData, useLanguage } from './common.js';
import type { Department } from './DepartmentsPage.js';
import { AdminForm, NamesFields, NO_NAMES, SelectField, namesValue, type NamesValue } from './fields.js';

export interface Office {
  id: string;
  departmentId: string;
  areaId: string;
  name: { en: string; ur: string | null; ps: string | null };
  active: boolean;
}
export interface Area {
  id: string;
  parentId: string | null;
  level: string;
  name: { en: string; ur: string | null; ps: string | null };
}

/** Areas as select options, indented by level (tehsils under their district). */
export function useAreaOptions(): { value: string; label: string }[] {
  const language = useLanguage();
  const { data } = useAdminData<{ areas: Area[] }>('/api/v1/areas');
  return useMemo(() => {
    const depth: Record<string, number> = { province: 0, division: 1, district: 2, tehsil: 3 };
    return [...(data?.areas ?? [])].sort((a, b) => a.id.localeCompare(b.id)).map((a) => ({ value: a.id, label: `${'\u00a0\u00a0'.repeat(depth[a.level] ?? 0)}${localName(a.name, language)}` }));
  }, [data, language]);
}

/** Offices: filtered by department and area, a table, and a form to create one or rename the one chosen. */
export function OfficesPage() {
  const t = useMessages(adminMessages);
  const language = useLanguage();
  const { call } = useStaffSession();
  const [filterDepartment, setFilterDepartment] = useState('');
  const [filterArea, setFilterArea] = useState('');
  const query = new URLSearchParams({ ...(filterDepartment && { departmentId: filterDepartment }), ...(filterArea && { areaId: filterArea }) }).toString();
  const { data, problem: loadProblem, reload } = useAdminData<{ offices: Office[] }>(`/api/v1/admin/offices${query ? `?${query}` : ''}`);
  const departments = useAdminData<{ departments: Department[] }>('/api/v1/admin/departments').data?.departments ?? [];
  const areaOptions = useAreaOptions();
  const areaNames = useMemo(() => new Map(areaOptions.map((o) => [o.value, o.label.trim()])), [areaOptions]);
  const departmentOptions = departments.map((d) => ({ value: d.id, label: localName(d.name, language) }));
  const [editing, setEditing] = useState<Office | null>(null);
  const [departmentId, setDepartmentId] = useState('');
  const [areaId, setAreaId] = useState('');
  const [names, setNames] = useState<NamesValue>(NO_NAMES);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<{ text: string | null; problem: Problem | null }>({ text: null, problem: null });

  const reset = () => {
    setEditing(null);
    setNames(NO_NAMES);
    setProblem(null);
  };
  const edit = (o: Office) => {
    setEditing(o);
    setNames(namesValue(o.name));
    setProblem(null);
  };
  const name = { en: names.en, ur: names.ur || null, ps: names.ps || null };
  const submit = async () => {
    const result = editing
      ? await call<Office>(`/api/v1/admin/offices/${encodeURIComponent(editing.id)}`, { method: 'PATCH', json: { name } })
      : await call<Office>('/api/v1/admin/offices', { method: 'POST', json: { departmentId: departmentId || departments[0]?.id || '', areaId: areaId || areaOptions[0]?.value || '', name } });
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setOutcome({ text: editing ? t('saved') : t('created'), problem: null });
    reset();
    reload();
  };
  const toggle = async (o: Office) => {
    const result = await call<Office>(`/api/v1/admin/offices/${encodeURIComponent(o.id)}`, { method: 'PATCH', json: { active: !o.active } });
    setOutcome(result.ok ? { text: t('saved'), problem: null } : { text: null, problem: result.problem });
    reload();
  };

  return (
    <section>
      <AdminHeading title={t('offices.title')} />
      <div className="admin-filter" role="search">
        <SelectField label={`${t('filter')}: ${t('department')}`} value={filterDepartment} onChange={setFilterDepartment} problem={null} pointer="/departmentId" options={[{ value: '', label: t('all') }, ...departmentOptions]} />
        <SelectField label={`${t('filter')}: ${t('area')}`} value={filterArea} onChange={setFilterArea} problem={null} pointer="/areaId" options={[{ value: '', label: t('all') }, ...areaOptions]} />
      </div>
      <Outcome {...outcome} />
      <ListState loaded={data !== null} problem={loadProblem} />
      {data && (
        <div className="admin-table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('names')}</th>
                <th scope="col">{t('department')}</th>
                <th scope="col">{t('area')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.offices.map((o) => (
                <tr key={o.id} className={o.active ? undefined : 'inactive'}>
                  <td>
                    {localName(o.name, language)}
                    <br />
                    <small dir="ltr">{o.id}</small>
                  </td>
                  <td>{departmentOptions.find((d) => d.value === o.departmentId)?.label ?? o.departmentId}</td>
                  <td>{areaNames.get(o.areaId) ?? o.areaId}</td>
                  <td>{o.active ? t('active') : t('inactive')}</td>
                  <td>
                    <div className="admin-actions">
                      <button type="button" className="secondary" aria-label={`${t('edit')}: ${localName(o.name, language)}`} onClick={() => edit(o)}>
                        {t('edit')}
                      </button>
                      <button type="button" className={o.active ? 'danger' : 'secondary'} aria-label={`${o.active ? t('deactivate') : t('activate')}: ${localName(o.name, language)}`} onClick={() => void toggle(o)}>
                        {o.active ? t('deactivate') : t('activate')}
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
        title={editing ? t('editing', { name: localName(editing.name, language) }) : t('offices.new')}
        problem={problem}
        onSubmit={() => void submit()}
        submitLabel={editing ? t('save') : t('create')}
        onCancel={editing ? reset : undefined}
      >
        {!editing && (
          <>
            <p className="hint">{t('offices.hint')}</p>
            <SelectField label={t('department')} value={departmentId || departments[0]?.id || ''} onChange={setDepartmentId} problem={problem} pointer="/departmentId" options={departmentOptions} />
            <SelectField label={t('area')} value={areaId || areaOptions[0]?.value || ''} onChange={setAreaId} problem={problem} pointer="/areaId" options={areaOptions} />
          </>
        )}
        <NamesFields value={names} onChange={setNames} problem={problem} optionalLocal />
      </AdminForm>
    </section>
  );
}
