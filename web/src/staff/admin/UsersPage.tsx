import { useId, useState } from 'react';
import type { Problem } from '../../http.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import { useStaffSession, type StaffRole } from '../session.js';
import { adminMessages } from './admin.messages.js';
import { AdminHeading, ListState, Outcome, useAdminData, useLanguage } from './common.js';
import type { Department } from './DepartmentsPage.js';
import { AdminForm, SelectField, TextField } from './fields.js';
import { useAreaOptions, type Office } from './OfficesPage.js';

interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: StaffRole;
  officeIds: string[];
  scope: { departmentId: string | null; areaId: string }[];
  secondFactor: boolean;
  lockedUntil: string | null;
  disabled: boolean;
}
const ROLES: StaffRole[] = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor', 'analyst', 'intake_agent', 'administrator'];
type ScopeRow = { departmentId: string; areaId: string };

/** Staff accounts over /api/v1/admin/users: list, create (the temporary password shown once), and each account's actions. */
export function UsersPage() {
  const t = useMessages(adminMessages);
  const language = useLanguage();
  const { call } = useStaffSession();
  const { data, problem: loadProblem, reload } = useAdminData<{ users: User[] }>('/api/v1/admin/users?limit=500');
  const offices = useAdminData<{ offices: Office[] }>('/api/v1/admin/offices').data?.offices.filter((o) => o.active) ?? [];
  const departments = useAdminData<{ departments: Department[] }>('/api/v1/admin/departments').data?.departments.filter((d) => d.active) ?? [];
  const areaOptions = useAreaOptions();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<StaffRole>('officer');
  const [officeIds, setOfficeIds] = useState<string[]>([]);
  const [scope, setScope] = useState<ScopeRow[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<{ text: string | null; problem: Problem | null }>({ text: null, problem: null });
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);
  const officesId = useId();

  const submit = async () => {
    setSecret(null);
    const result = await call<{ user: User; temporaryPassword: string }>('/api/v1/admin/users', {
      method: 'POST',
      json: { username, displayName, email: email.trim() || null, role, officeIds, scope: scope.map((s) => ({ departmentId: s.departmentId || null, areaId: s.areaId || areaOptions[0]?.value || '' })) },
    });
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setOutcome({ text: t('created'), problem: null });
    setSecret({ username: result.data.user.username, password: result.data.temporaryPassword });
    setUsername('');
    setDisplayName('');
    setEmail('');
    setOfficeIds([]);
    setScope([]);
    reload();
  };

  const act = async (u: User, action: 'password-reset' | 'unlock' | 'second-factor-reset' | 'sessions' | 'disable') => {
    setSecret(null);
    const path = `/api/v1/admin/users/${encodeURIComponent(u.id)}`;
    if (action === 'password-reset') {
      const result = await call<{ user: User; temporaryPassword: string }>(`${path}/password-reset`, { method: 'POST' });
      if (result.ok) setSecret({ username: u.username, password: result.data.temporaryPassword });
      setOutcome(result.ok ? { text: null, problem: null } : { text: null, problem: result.problem });
    } else if (action === 'sessions') {
      const result = await call<{ sessionsEnded: number }>(`${path}/sessions`, { method: 'DELETE' });
      setOutcome(result.ok ? { text: t('users.sessionsEnded', { count: result.data.sessionsEnded }), problem: null } : { text: null, problem: result.problem });
    } else {
      const result = action === 'disable' ? await call<User>(path, { method: 'PATCH', json: { disabled: !u.disabled } }) : await call<User>(`${path}/${action}`, { method: 'POST' });
      setOutcome(result.ok ? { text: t('saved'), problem: null } : { text: null, problem: result.problem });
    }
    reload();
  };

  const officeName = (id: string) => {
    const office = offices.find((o) => o.id === id);
    return office ? localName(office.name, language) : id;
  };
  const stateOf = (u: User) =>
    [u.disabled && t('users.disabled'), u.lockedUntil && t('users.locked'), !u.secondFactor && t('users.noSecondFactor')].filter(Boolean).join(', ') || t('users.ok');

  return (
    <section>
      <AdminHeading title={t('users.title')} />
      <div role="status">
        {secret && (
          <div className="notice">
            <p>{t('users.temporary', { username: secret.username })}</p>
            <p className="admin-secret" data-testid="temporary-password">
              {secret.password}
            </p>
            <p>{t('users.temporaryHint')}</p>
          </div>
        )}
      </div>
      <Outcome {...outcome} />
      <ListState loaded={data !== null} problem={loadProblem} />
      {data && (
        <div className="admin-table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.offices')}</th>
                <th scope="col">{t('users.state')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.users.map((u) => (
                <tr key={u.id} className={u.disabled ? 'inactive' : undefined}>
                  <td dir="ltr">{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td>{[...u.officeIds.map(officeName), ...u.scope.map((s) => `${s.departmentId ?? t('all')}: ${s.areaId}`)].join('; ')}</td>
                  <td>{stateOf(u)}</td>
                  <td>
                    <div className="admin-actions" role="group" aria-label={t('users.actionsFor', { name: u.username })}>
                      <button type="button" className="secondary" onClick={() => void act(u, 'password-reset')}>
                        {t('users.resetPassword')}
                      </button>
                      {u.lockedUntil && (
                        <button type="button" className="secondary" onClick={() => void act(u, 'unlock')}>
                          {t('users.unlock')}
                        </button>
                      )}
                      {u.secondFactor && (
                        <button type="button" className="secondary" onClick={() => void act(u, 'second-factor-reset')}>
                          {t('users.resetSecondFactor')}
                        </button>
                      )}
                      <button type="button" className="secondary" onClick={() => void act(u, 'sessions')}>
                        {t('users.endSessions')}
                      </button>
                      <button type="button" className={u.disabled ? 'secondary' : 'danger'} onClick={() => void act(u, 'disable')}>
                        {u.disabled ? t('users.enable') : t('users.disable')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AdminForm title={t('users.new')} problem={problem} onSubmit={() => void submit()} submitLabel={t('create')}>
        <TextField label={t('users.username')} value={username} onChange={setUsername} problem={problem} pointer="/username" dir="ltr" required />
        <TextField label={t('users.displayName')} value={displayName} onChange={setDisplayName} problem={problem} pointer="/displayName" required />
        <TextField label={`${t('users.email')} ${t('optional')}`} type="email" value={email} onChange={setEmail} problem={problem} pointer="/email" dir="ltr" />
        <SelectField label={t('users.role')} value={role} onChange={(v) => setRole(v as StaffRole)} problem={problem} pointer="/role" options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <OfficesField id={officesId} offices={offices} value={officeIds} onChange={setOfficeIds} problem={problem} />
        <fieldset className="field">
          <legend>{t('users.scope')}</legend>
          <p className="hint">{t('users.scopeHint')}</p>
          {scope.map((row, i) => (
            <div className="admin-scope" role="group" aria-label={t('users.scopeRow', { n: i + 1 })} key={i}>
              <SelectField
                label={t('department')}
                value={row.departmentId}
                onChange={(departmentId) => setScope(scope.map((s, j) => (j === i ? { ...s, departmentId } : s)))}
                problem={problem}
                pointer={`/scope/${i}/departmentId`}
                options={[{ value: '', label: t('all') }, ...departments.map((d) => ({ value: d.id, label: localName(d.name, language) }))]}
              />
              <SelectField label={t('area')} value={row.areaId || areaOptions[0]?.value || ''} onChange={(areaId) => setScope(scope.map((s, j) => (j === i ? { ...s, areaId } : s)))} problem={problem} pointer={`/scope/${i}/areaId`} options={areaOptions} />
              <button type="button" className="secondary" onClick={() => setScope(scope.filter((_, j) => j !== i))}>
                {t('users.removeScope', { n: i + 1 })}
              </button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => setScope([...scope, { departmentId: '', areaId: '' }])}>
            {t('users.addScope')}
          </button>
          {problem?.errors?.some((e) => e.pointer === '/scope') && (
            <p className="field-error">
              {problem.errors
                .filter((e) => e.pointer === '/scope')
                .map((e) => e.detail)
                .join('; ')}
            </p>
          )}
        </fieldset>
      </AdminForm>
    </section>
  );
}

/** The offices an account works in: a multiple select (keyboard: arrows with Shift or Ctrl and Space). */
function OfficesField({ id, offices, value, onChange, problem }: { id: string; offices: Office[]; value: string[]; onChange(ids: string[]): void; problem: Problem | null }) {
  const t = useMessages(adminMessages);
  const language = useLanguage();
  const errors = problem?.errors?.filter((e) => e.pointer === '/officeIds' || e.pointer.startsWith('/officeIds/')) ?? [];
  return (
    <div className="field">
      <label htmlFor={id}>{t('users.offices')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('users.officesHint')}
      </p>
      <select
        id={id}
        multiple
        value={value}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length > 0 ? `${id}-hint ${id}-error` : `${id}-hint`}
        onChange={(event) => onChange([...event.target.selectedOptions].map((o) => o.value))}
      >
        {offices.map((o) => (
          <option key={o.id} value={o.id}>
            {localName(o.name, language)}
          </option>
        ))}
      </select>
      {errors.length > 0 && (
        <p className="field-error" id={`${id}-error`}>
          {errors.map((e) => e.detail).join('; ')}
        </p>
      )}
    </div>
  );
}
