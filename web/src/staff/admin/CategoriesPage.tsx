import { useState } from 'react';
import type { Problem } from '../../http.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession } from '../session.js';
import { adminMessages } from './admin.messages.js';
import { AdminHeading, ListState, Outcome, useAdminData, useLanguage } from './common.js';
import type { Department } from './DepartmentsPage.js';
import { AdminForm, NamesFields, NO_NAMES, SelectField, TextField, namesValue, type NamesValue } from './fields.js';

interface Category {
  id: string;
  serviceCode: string;
  departmentId: string;
  group: string;
  name: { en: string; ur: string; ps: string };
  description: string;
  keywords: string[];
  slaDays: number;
  active: boolean;
}

interface Draft {
  id: string;
  serviceCode: string;
  departmentId: string;
  group: string;
  names: NamesValue;
  description: string;
  keywords: string;
  slaDays: string;
}
const EMPTY: Draft = { id: '', serviceCode: '', departmentId: '', group: '', names: NO_NAMES, description: '', keywords: '', slaDays: '7' };

/** The service catalogue: a table, and a form to create a category or change the one chosen. */
export function CategoriesPage() {
  const t = useMessages(adminMessages);
  const language = useLanguage();
  const { call } = useStaffSession();
  const { data, problem: loadProblem, reload } = useAdminData<{ categories: Category[] }>('/api/v1/admin/categories');
  const departments = useAdminData<{ departments: Department[] }>('/api/v1/admin/departments').data?.departments ?? [];
  const departmentOptions = departments.map((d) => ({ value: d.id, label: localName(d.name, language) }));
  const [editing, setEditing] = useState<Category | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<{ text: string | null; problem: Problem | null }>({ text: null, problem: null });
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const reset = () => {
    setEditing(null);
    setDraft(EMPTY);
    setProblem(null);
  };
  const edit = (c: Category) => {
    setEditing(c);
    setDraft({ id: c.id, serviceCode: c.serviceCode, departmentId: c.departmentId, group: c.group, names: namesValue(c.name), description: c.description, keywords: c.keywords.join(', '), slaDays: String(c.slaDays) });
    setProblem(null);
  };
  const submit = async () => {
    const body = {
      serviceCode: draft.serviceCode,
      departmentId: draft.departmentId || departments[0]?.id || '',
      group: draft.group,
      name: draft.names,
      description: draft.description,
      keywords: draft.keywords.split(/[,،]/).map((k) => k.trim()).filter(Boolean),
      // A number the schema checks (1–90); text that is not one goes as is so the answer names the field.
      slaDays: /^\d+$/.test(draft.slaDays.trim()) ? Number(draft.slaDays.trim()) : draft.slaDays,
    };
    const result = editing
      ? await call<Category>(`/api/v1/admin/categories/${encodeURIComponent(editing.id)}`, { method: 'PATCH', json: body })
      : await call<Category>('/api/v1/admin/categories', { method: 'POST', json: { id: draft.id, ...body } });
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setOutcome({ text: editing ? t('saved') : t('created'), problem: null });
    reset();
    reload();
  };
  const toggle = async (c: Category) => {
    const result = await call<Category>(`/api/v1/admin/categories/${encodeURIComponent(c.id)}`, { method: 'PATCH', json: { active: !c.active } });
    setOutcome(result.ok ? { text: t('saved'), problem: null } : { text: null, problem: result.problem });
    reload();
  };

  return (
    <section>
      <AdminHeading title={t('categories.title')} />
      <Outcome {...outcome} />
      <ListState loaded={data !== null} problem={loadProblem} />
      {data && (
        <div className="admin-table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('names')}</th>
                <th scope="col">{t('serviceCode')}</th>
                <th scope="col">{t('department')}</th>
                <th scope="col">{t('slaDays')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.categories.map((c) => (
                <tr key={c.id} className={c.active ? undefined : 'inactive'}>
                  <td>
                    {localName(c.name, language)}
                    <br />
                    <small>{c.group}</small>
                  </td>
                  <td dir="ltr">{c.serviceCode}</td>
                  <td>{departmentOptions.find((d) => d.value === c.departmentId)?.label ?? c.departmentId}</td>
                  <td>{c.slaDays}</td>
                  <td>{c.active ? t('active') : t('inactive')}</td>
                  <td>
                    <div className="admin-actions">
                      <button type="button" className="secondary" aria-label={`${t('edit')}: ${localName(c.name, language)}`} onClick={() => edit(c)}>
                        {t('edit')}
                      </button>
                      <button type="button" className={c.active ? 'danger' : 'secondary'} aria-label={`${c.active ? t('deactivate') : t('activate')}: ${localName(c.name, language)}`} onClick={() => void toggle(c)}>
                        {c.active ? t('deactivate') : t('activate')}
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
        title={editing ? t('editing', { name: localName(editing.name, language) }) : t('categories.new')}
        problem={problem}
        onSubmit={() => void submit()}
        submitLabel={editing ? t('save') : t('create')}
        onCancel={editing ? reset : undefined}
      >
        <TextField label={t('id')} hint={t('id.hint')} value={draft.id} onChange={(id) => set({ id })} problem={problem} pointer="/id" dir="ltr" disabled={editing !== null} required />
        <TextField label={t('serviceCode')} value={draft.serviceCode} onChange={(serviceCode) => set({ serviceCode })} problem={problem} pointer="/serviceCode" dir="ltr" required />
        <SelectField label={t('department')} value={draft.departmentId || departments[0]?.id || ''} onChange={(departmentId) => set({ departmentId })} problem={problem} pointer="/departmentId" options={departmentOptions} />
        <TextField label={t('group')} value={draft.group} onChange={(group) => set({ group })} problem={problem} pointer="/group" required />
        <NamesFields value={draft.names} onChange={(names) => set({ names })} problem={problem} />
        <TextField label={t('slaDays')} type="number" min={1} max={90} value={draft.slaDays} onChange={(slaDays) => set({ slaDays })} problem={problem} pointer="/slaDays" required />
        <TextField label={t('keywords')} hint={t('keywords.hint')} value={draft.keywords} onChange={(keywords) => set({ keywords })} problem={problem} pointer="/keywords" />
        <TextField label={t('description')} value={draft.description} onChange={(description) => set({ description })} problem={problem} pointer="/description" dir="ltr" lang="en" />
      </AdminForm>
    </section>
  );
}
