import type { StaffRole } from '../domain/actor.js';
import type { ScopeEntry } from '../domain/permissions/jurisdiction.js';
import type { AuditRecorder } from '../services/audit.js';
import { ReferenceDataService } from '../services/reference-data.service.js';
import { StaffUserService } from '../services/staff-user.service.js';
import type { Db } from '../store/db.js';
import { SessionRepository } from '../store/session.repository.js';
import { StaffUserRepository } from '../store/staff-user.repository.js';

/** One demo account: its user name, role, and where it works. */
interface DemoAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  officeIds?: string[];
  scope?: ScopeEntry[];
}

// The health department in Peshawar district, from the officer up to the CM's cell: one of every role of DESIGN.md
// section 1, so that every dashboard and every step of the escalation ladder can be tried.
const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'demo-officer', displayName: 'Demo Officer (DHO Peshawar)', role: 'officer', officeIds: ['health@kp.peshawar.peshawar'] },
  { username: 'demo-head', displayName: 'Demo Head of Office (DHO Peshawar)', role: 'head_of_office', officeIds: ['health@kp.peshawar.peshawar'] },
  { username: 'demo-department', displayName: 'Demo Department Monitor (Health)', role: 'department_monitor', scope: [{ departmentId: 'health', areaId: 'kp' }] },
  { username: 'demo-cm-cell', displayName: 'Demo Provincial Monitor (CM cell)', role: 'provincial_monitor', scope: [{ departmentId: null, areaId: 'kp' }] },
  { username: 'demo-helpline', displayName: 'Demo Intake Agent (helpline)', role: 'intake_agent' },
  { username: 'demo-analyst', displayName: 'Demo Analyst', role: 'analyst' },
  { username: 'demo-admin', displayName: 'Demo Administrator', role: 'administrator' },
];

/**
 * Adds the demo staff accounts that do not exist yet, each with a temporary password (changed at first sign-in; the
 * roles that need one also enrol an authenticator app). Returns the new accounts and their passwords, shown once.
 */
export async function seedDemoStaff(db: Db, audit: AuditRecorder): Promise<{ username: string; role: StaffRole; temporaryPassword: string }[]> {
  const users = new StaffUserRepository();
  const service = new StaffUserService(db, users, new SessionRepository(), new ReferenceDataService(db, 0), audit);
  const added: { username: string; role: StaffRole; temporaryPassword: string }[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await users.findByUsername(db, account.username)) continue;
    const { user, temporaryPassword } = await service.create({ role: 'system', id: 'seed-demo' }, account);
    added.push({ username: user.username, role: user.role, temporaryPassword: temporaryPassword ?? '' });
  }
  return added;
}
