import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { StaffRole } from '../domain/actor.js';
import { passwordProblem } from '../domain/identity/password-policy.js';
import { assignmentProblem } from '../domain/identity/roles.js';
import type { ScopeEntry, StaffActor } from '../domain/permissions/jurisdiction.js';
import { AppError, invalidFields, roleNotAllowed, staffUserNotFound, weakPassword, type FieldProblem } from '../errors.js';
import { UNIQUE_VIOLATION, sqlState, withTransaction, type Db } from '../store/db.js';
import type { SessionRepository } from '../store/session.repository.js';
import type { StaffUserRecord, StaffUserRepository } from '../store/staff-user.repository.js';
import type { AuditRecorder } from './audit.js';
import type { ReferenceDataService } from './reference-data.service.js';
import { hashPassword, newStaffUserId } from './staff-auth.service.js';

/** What an account is created with. A missing password means a temporary one is generated and shown once. */
export interface StaffUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  role: StaffRole;
  officeIds?: string[];
  scope?: ScopeEntry[];
  password?: string;
}

/** What an administrator may change (absent: unchanged). Offices and scope, when given, replace the old ones. */
export interface StaffUserPatch {
  displayName?: string;
  email?: string | null;
  role?: StaffRole;
  officeIds?: string[];
  scope?: ScopeEntry[];
  disabled?: boolean;
}

/** Who manages accounts: an administrator through the API, or the operator at the server's command line. */
export type AccountManager = StaffActor | { role: 'system'; id: string };

/**
 * Staff accounts for administrators: create, change role, offices and scope, disable, reset a password (a temporary
 * one the user must replace), unlock, reset the second factor, end sessions. Every change is on the audit trail.
 */
export class StaffUserService {
  constructor(
    private readonly db: Db,
    private readonly users: StaffUserRepository,
    private readonly sessions: SessionRepository,
    private readonly reference: ReferenceDataService,
    private readonly audit: AuditRecorder,
  ) {}

  /** Creates an account; returns it and, when none was given, the temporary password to hand over. */
  async create(by: AccountManager, input: StaffUserInput, now = new Date()): Promise<{ user: StaffUserRecord; temporaryPassword: string | null }> {
    assertAdministrator(by);
    const username = input.username.trim().toLowerCase();
    const officeIds = unique(input.officeIds ?? []);
    const scope = uniqueScope(input.scope ?? []);
    const problems = [...(await this.assignmentProblems(input.role, officeIds, scope))];
    if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(username)) problems.push({ pointer: '/username', detail: '3 to 64 letters a-z, digits, dot, dash or underscore, starting with a letter or digit' });
    if (input.displayName.trim() === '') problems.push({ pointer: '/displayName', detail: 'is empty' });
    if (problems.length > 0) throw invalidFields('The account cannot be created as given.', problems);
    const temporaryPassword = input.password === undefined ? generateTemporaryPassword() : null;
    const password = input.password ?? temporaryPassword ?? '';
    const weak = passwordProblem(password, { username, displayName: input.displayName });
    if (weak) throw weakPassword('/password', weak);
    const id = newStaffUserId();
    const passwordHash = await hashPassword(password);
    try {
      await withTransaction(this.db, async (tx) => {
        await this.users.insert(tx, { id, username, displayName: input.displayName.trim(), email: input.email?.trim() || null, role: input.role, passwordHash, mustChangePassword: temporaryPassword !== null, officeIds, scope, now });
        await this.audit(tx, entry(by, 'staff.account_created', id, { username, role: input.role, officeIds, scope }, now));
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw new AppError(409, 'username_taken', 'User name taken', `There is already an account "${username}".`, [{ pointer: '/username', detail: 'already taken' }]);
      throw error;
    }
    return { user: await this.get(by, id), temporaryPassword };
  }

  /** Accounts by user name, a page at a time. */
  async list(by: AccountManager, filter: { role?: StaffRole; officeId?: string; after?: string; limit: number }): Promise<StaffUserRecord[]> {
    assertAdministrator(by);
    return this.users.list(this.db, filter);
  }

  /** One account. */
  async get(by: AccountManager, id: string): Promise<StaffUserRecord> {
    assertAdministrator(by);
    const user = await this.users.findById(this.db, id);
    if (!user) throw staffUserNotFound();
    return user;
  }

  /** Changes an account; a change of role, offices or scope or a disabling also ends its sessions, so it takes effect at once. */
  async update(by: AccountManager, id: string, patch: StaffUserPatch, now = new Date()): Promise<StaffUserRecord> {
    assertAdministrator(by);
    await withTransaction(this.db, async (tx) => {
      const user = await this.users.findById(tx, id, true);
      if (!user) throw staffUserNotFound();
      if (by.role !== 'system' && by.id === id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'administrator'))) {
        throw new AppError(409, 'cannot_demote_self', 'Not on your own account', 'Administrators cannot disable their own account or give up their own role; ask another administrator.');
      }
      const role = patch.role ?? user.role;
      const officeIds = patch.officeIds ? unique(patch.officeIds) : user.officeIds;
      const scope = patch.scope ? uniqueScope(patch.scope) : user.scope;
      const problems = await this.assignmentProblems(role, officeIds, scope);
      if (patch.displayName !== undefined && patch.displayName.trim() === '') problems.push({ pointer: '/displayName', detail: 'is empty' });
      if (problems.length > 0) throw invalidFields('The account cannot be changed as given.', problems);
      await this.users.update(tx, id, { ...patch, ...(patch.displayName !== undefined && { displayName: patch.displayName.trim() }) }, now);
      if (patch.officeIds || patch.scope) await this.users.replaceAssignments(tx, id, officeIds, scope);
      const reach = patch.role !== undefined || patch.officeIds !== undefined || patch.scope !== undefined || patch.disabled === true;
      const ended = reach ? await this.sessions.deleteForUser(tx, id) : 0;
      await this.audit(tx, entry(by, 'staff.account_changed', id, { ...patch, sessionsEnded: ended }, now));
    });
    return this.get(by, id);
  }

  /** Sets a temporary password (shown once), clears any lock and ends the account's sessions. */
  async resetPassword(by: AccountManager, id: string, now = new Date()): Promise<string> {
    assertAdministrator(by);
    const temporary = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporary);
    await this.change(by, id, 'staff.password_reset', now, async (tx) => {
      await this.users.setPassword(tx, id, passwordHash, true, now);
      await this.users.clearFailures(tx, id);
      await this.sessions.deleteForUser(tx, id);
    });
    return temporary;
  }

  /** Lifts a lockout now. */
  async unlock(by: AccountManager, id: string, now = new Date()): Promise<void> {
    await this.change(by, id, 'staff.account_unlocked', now, (tx) => this.users.clearFailures(tx, id));
  }

  /** Removes the second factor (a lost phone): the user enrols a new one at next sign-in. Ends their sessions. */
  async resetSecondFactor(by: AccountManager, id: string, now = new Date()): Promise<void> {
    await this.change(by, id, 'staff.second_factor_reset', now, async (tx) => {
      await this.users.setTotpSecret(tx, id, null, now);
      await this.sessions.deleteForUser(tx, id);
    });
  }

  /** Ends every session of the account. */
  async endSessions(by: AccountManager, id: string, now = new Date()): Promise<number> {
    let ended = 0;
    await this.change(by, id, 'staff.sessions_ended', now, async (tx) => {
      ended = await this.sessions.deleteForUser(tx, id);
    });
    return ended;
  }

  private async change(by: AccountManager, id: string, action: string, now: Date, fn: (tx: pg.PoolClient) => Promise<unknown>): Promise<void> {
    assertAdministrator(by);
    await withTransaction(this.db, async (tx) => {
      if (!(await this.users.findById(tx, id, true))) throw staffUserNotFound();
      await fn(tx);
      await this.audit(tx, entry(by, action, id, {}, now));
    });
  }

  // Offices and scope must name real places and suit the role.
  private async assignmentProblems(role: StaffRole, officeIds: string[], scope: ScopeEntry[]): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const ref = await this.reference.current();
    officeIds.forEach((id, i) => {
      if (!ref.offices.has(id)) problems.push({ pointer: `/officeIds/${i}`, detail: `unknown office "${id.slice(0, 80)}"` });
    });
    scope.forEach((s, i) => {
      if (!ref.areas.has(s.areaId)) problems.push({ pointer: `/scope/${i}/areaId`, detail: `unknown area "${s.areaId.slice(0, 80)}"` });
      if (s.departmentId !== null && !ref.departments.has(s.departmentId)) problems.push({ pointer: `/scope/${i}/departmentId`, detail: `unknown department "${s.departmentId.slice(0, 80)}"` });
    });
    const wrong = assignmentProblem(role, officeIds.length, scope.length);
    if (wrong) problems.push({ pointer: officeIds.length === 0 && (role === 'officer' || role === 'head_of_office') ? '/officeIds' : '/scope', detail: wrong });
    return problems;
  }
}

function assertAdministrator(by: AccountManager): void {
  if (by.role !== 'administrator' && by.role !== 'system') throw roleNotAllowed('manage staff accounts');
}

function entry(by: AccountManager, action: string, subjectId: string, payload: Record<string, unknown>, now: Date) {
  return { action, actorRole: by.role, actorId: by.id, subjectType: 'staff_user', subjectId, payload, createdAt: now };
}

/** A temporary password: 20 characters of an alphabet without look-alikes, easy to read out over the phone. */
export function generateTemporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)?.join('-') ?? chars;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids.map((id) => id.trim()))];
}

function uniqueScope(scope: ScopeEntry[]): ScopeEntry[] {
  const seen = new Map(scope.map((s) => [`${s.departmentId ?? '*'}|${s.areaId}`, { departmentId: s.departmentId, areaId: s.areaId.trim() }]));
  return [...seen.values()];
}
