import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import { lockedUntil } from '../domain/identity/lockout.js';
import { requiresSecondFactor } from '../domain/identity/roles.js';
import { sessionStatus, needsTouch, type SessionLimits } from '../domain/identity/session-policy.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { accountLocked, invalidCredentials, invalidSecondFactor, signInIncomplete, weakPassword } from '../errors.js';
import { passwordProblem } from '../domain/identity/password-policy.js';
import { withTransaction, type Db } from '../store/db.js';
import type { SessionRecord, SessionRepository, SessionStage } from '../store/session.repository.js';
import type { StaffUserRecord, StaffUserRepository } from '../store/staff-user.repository.js';
import type { AuditRecorder } from './audit.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** Where a request comes from, for the session row and the audit trail. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** A signed-in (or signing-in) staff member, as the routes see them. */
export interface StaffSession {
  token: string;
  stage: SessionStage;
  csrfToken: string;
  expiresAt: Date;
  user: StaffUserRecord;
  actor: StaffActor;
}

/** A new password hash; argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommendation). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Checking a password against this for an unknown user costs what a real check costs, so answer times do not
// tell which user names exist.
const DUMMY_HASH = hash('ekhtyar-no-such-user-timing-equaliser');

/**
 * Staff sign-in: password (argon2id) with lockout and back-off, then a TOTP code for the roles that need one (or
 * enrolment of an authenticator app on first sign-in), then a new password if an administrator set a temporary one.
 * Each step issues a new session token (so a token planted before sign-in is worth nothing: no session fixation).
 * Sessions live in PostgreSQL with idle and absolute limits.
 */
export class StaffAuthService {
  constructor(
    private readonly db: Db,
    private readonly users: StaffUserRepository,
    private readonly sessions: SessionRepository,
    private readonly reference: ReferenceDataService,
    private readonly limits: SessionLimits,
    private readonly audit: AuditRecorder,
    private readonly issuer: string,
  ) {}

  /** Checks user name and password; on success ends `previousToken`'s session (if any) and starts a new one. */
  async signIn(usernameInput: string, password: string, client: ClientInfo, previousToken: string | null, now = new Date()): Promise<StaffSession> {
    const username = usernameInput.trim().toLowerCase();
    const outcome = await withTransaction(this.db, async (tx) => {
      // The row lock makes concurrent guesses at one account count one after another, so the lockout cannot be raced.
      const user = await this.users.findByUsername(tx, username, true);
      if (!user || user.disabledAt) {
        await verify(await DUMMY_HASH, password).catch(() => false);
        await this.audit(tx, { action: 'staff.sign_in_failed', actorRole: 'staff', actorId: user?.id ?? null, subjectType: 'staff_user', subjectId: user?.id ?? null, payload: { username: username.slice(0, 64), reason: user ? 'disabled' : 'unknown_user' }, ip: client.ip, createdAt: now });
        return { error: invalidCredentials() };
      }
      if (user.lockedUntil && user.lockedUntil > now) {
        await this.audit(tx, { action: 'staff.sign_in_refused_locked', actorRole: user.role, actorId: user.id, subjectType: 'staff_user', subjectId: user.id, payload: {}, ip: client.ip, createdAt: now });
        return { error: accountLocked((user.lockedUntil.getTime() - now.getTime()) / 1000) };
      }
      if (!(await verify(user.passwordHash, password).catch(() => false))) {
        const failures = user.failedAttempts + 1;
        const until = lockedUntil(failures, now);
        await this.users.recordFailure(tx, user.id, failures, until);
        await this.audit(tx, { action: until ? 'staff.account_locked' : 'staff.sign_in_failed', actorRole: user.role, actorId: user.id, subjectType: 'staff_user', subjectId: user.id, payload: { failedAttempts: failures, ...(until && { lockedUntil: until.toISOString() }) }, ip: client.ip, createdAt: now });
        return { error: until ? accountLocked((until.getTime() - now.getTime()) / 1000) : invalidCredentials() };
      }
      await this.users.clearFailures(tx, user.id);
      if (previousToken) await this.sessions.delete(tx, tokenHash(previousToken));
      const stage: SessionStage = user.totpEnabledAt ? 'second_factor' : requiresSecondFactor(user.role) ? 'enrol_second_factor' : user.mustChangePassword ? 'change_password' : 'active';
      const session = await this.startSession(tx, user, stage, client, now, new Date(now.getTime() + this.limits.absoluteMs));
      await this.audit(tx, { action: 'staff.signed_in', actorRole: user.role, actorId: user.id, subjectType: 'staff_user', subjectId: user.id, payload: { stage }, ip: client.ip, createdAt: now });
      return { session };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.session;
  }

  /**
   * The session a cookie's token names, if it is still valid, or null. A request moves its idle clock on (`touch`);
   * a live stream's periodic check does not, so a console left open on an unattended desk still times out.
   */
  async authenticate(token: string, now = new Date(), touch = true): Promise<StaffSession | null> {
    const hashed = tokenHash(token);
    const session = await this.sessions.find(this.db, hashed);
    if (!session) return null;
    if (sessionStatus(session, this.limits, now) !== 'valid') {
      await this.sessions.delete(this.db, hashed);
      return null;
    }
    const user = await this.users.findById(this.db, session.userId);
    if (!user || user.disabledAt) {
      await this.sessions.delete(this.db, hashed);
      return null;
    }
    if (touch && needsTouch(session.lastSeenAt, now)) await this.sessions.touch(this.db, hashed, now);
    return this.present(token, session, user);
  }

  /** Second step: the TOTP code of an enrolled account. Issues a new token. */
  async verifySecondFactor(current: StaffSession, code: string, client: ClientInfo, now = new Date()): Promise<StaffSession> {
    if (current.stage !== 'second_factor') throw signInIncomplete(current.stage);
    return this.acceptCode(current, code, client, now, 'staff.second_factor_verified');
  }

  /** Starts enrolling an authenticator app: a new secret and the otpauth:// URI its QR code carries. */
  async beginEnrolment(current: StaffSession, now = new Date()): Promise<{ secret: string; uri: string }> {
    if (current.stage !== 'enrol_second_factor' && current.stage !== 'active') throw signInIncomplete(current.stage);
    if (current.user.totpEnabledAt) throw signInIncomplete('second_factor');
    const secret = generateSecret();
    await this.users.setTotpSecret(this.db, current.user.id, secret, now);
    return { secret, uri: generateURI({ issuer: this.issuer, label: current.user.username, secret }) };
  }

  /** Finishes enrolment with the first code from the app; the factor is on from now. Issues a new token. */
  async confirmEnrolment(current: StaffSession, code: string, client: ClientInfo, now = new Date()): Promise<StaffSession> {
    if (current.stage !== 'enrol_second_factor' && current.stage !== 'active') throw signInIncomplete(current.stage);
    if (current.user.totpEnabledAt) throw signInIncomplete('second_factor');
    return this.acceptCode(current, code, client, now, 'staff.second_factor_enrolled');
  }

  /** Changes one's own password (the current one is asked again); other sessions of the account end. */
  async changePassword(current: StaffSession, currentPassword: string, newPassword: string, client: ClientInfo, now = new Date()): Promise<StaffSession> {
    if (current.stage !== 'active' && current.stage !== 'change_password') throw signInIncomplete(current.stage);
    if (!(await verify(current.user.passwordHash, currentPassword).catch(() => false))) {
      throw weakPassword('/currentPassword', 'is not your current password');
    }
    const problem = passwordProblem(newPassword, { username: current.user.username, displayName: current.user.displayName });
    if (problem) throw weakPassword('/newPassword', problem);
    if (await verify(current.user.passwordHash, newPassword).catch(() => false)) throw weakPassword('/newPassword', 'must differ from the current one');
    const passwordHash = await hashPassword(newPassword);
    return withTransaction(this.db, async (tx) => {
      await this.users.setPassword(tx, current.user.id, passwordHash, false, now);
      await this.sessions.deleteForUser(tx, current.user.id);
      await this.audit(tx, { action: 'staff.password_changed', actorRole: current.user.role, actorId: current.user.id, subjectType: 'staff_user', subjectId: current.user.id, payload: {}, ip: client.ip, createdAt: now });
      const user = { ...current.user, passwordHash, mustChangePassword: false };
      return this.startSession(tx, user, 'active', client, now, current.expiresAt);
    });
  }

  /** Ends this session. */
  async signOut(current: StaffSession, client: ClientInfo, now = new Date()): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      await this.sessions.delete(tx, tokenHash(current.token));
      await this.audit(tx, { action: 'staff.signed_out', actorRole: current.user.role, actorId: current.user.id, subjectType: 'staff_user', subjectId: current.user.id, payload: {}, ip: client.ip, createdAt: now });
    });
  }

  /** Ends every session of the account, this one included (a lost phone, a shared computer). Returns how many. */
  async signOutEverywhere(current: StaffSession, client: ClientInfo, now = new Date()): Promise<number> {
    return withTransaction(this.db, async (tx) => {
      const ended = await this.sessions.deleteForUser(tx, current.user.id);
      await this.audit(tx, { action: 'staff.signed_out_everywhere', actorRole: current.user.role, actorId: current.user.id, subjectType: 'staff_user', subjectId: current.user.id, payload: { sessions: ended }, ip: client.ip, createdAt: now });
      return ended;
    });
  }

  /** True when `candidate` is the session's CSRF token (constant-time). */
  csrfMatches(session: StaffSession, candidate: string | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(session.csrfToken);
    const b = Buffer.from(candidate);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The jurisdiction rules' view of an account: heads of office reach the offices under theirs through their offices' place. */
  async actorOf(user: StaffUserRecord): Promise<StaffActor> {
    const ref = await this.reference.current();
    const scope = [...user.scope];
    if (user.role === 'head_of_office') {
      for (const officeId of user.officeIds) {
        const office = ref.offices.get(officeId);
        if (office) scope.push({ departmentId: office.departmentId, areaId: office.areaId });
      }
    }
    return { id: user.id, role: user.role, officeIds: user.officeIds, scope };
  }

  private async acceptCode(current: StaffSession, code: string, client: ClientInfo, now: Date, action: string): Promise<StaffSession> {
    return withTransaction(this.db, async (tx) => {
      const user = await this.users.findById(tx, current.user.id, true);
      if (!user?.totpSecret) throw signInIncomplete('enrol_second_factor');
      // One step either side allows for a phone clock half a minute off; a code's step is never accepted twice.
      const result = await verifyTotp({ secret: user.totpSecret, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30, ...(user.totpLastStep !== null && { afterTimeStep: user.totpLastStep }) }).catch(() => ({ valid: false as const }));
      if (!result.valid) {
        await this.audit(tx, { action: 'staff.second_factor_failed', actorRole: user.role, actorId: user.id, subjectType: 'staff_user', subjectId: user.id, payload: {}, ip: client.ip, createdAt: now });
        return { error: invalidSecondFactor() };
      }
      await this.users.acceptTotp(tx, user.id, 'timeStep' in result ? result.timeStep : Math.floor(now.getTime() / 30_000) + result.delta, now);
      await this.sessions.delete(tx, tokenHash(current.token));
      await this.audit(tx, { action, actorRole: user.role, actorId: user.id, subjectType: 'staff_user', subjectId: user.id, payload: {}, ip: client.ip, createdAt: now });
      const next: SessionStage = user.mustChangePassword ? 'change_password' : 'active';
      return { session: await this.startSession(tx, { ...user, totpEnabledAt: user.totpEnabledAt ?? now }, next, client, now, current.expiresAt) };
    }).then((outcome) => {
      if ('error' in outcome) throw outcome.error;
      return outcome.session;
    });
  }

  // A new random token. The absolute limit is set at sign-in and carried over by each later step, so stepping up never extends it.
  private async startSession(tx: Parameters<SessionRepository['insert']>[0], user: StaffUserRecord, stage: SessionStage, client: ClientInfo, now: Date, expiresAt: Date): Promise<StaffSession> {
    const token = randomBytes(32).toString('base64url');
    const record: SessionRecord = {
      tokenHash: tokenHash(token),
      userId: user.id,
      stage,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    };
    await this.sessions.insert(tx, { ...record, ip: client.ip, userAgent: client.userAgent });
    return this.present(token, record, user);
  }

  private async present(token: string, session: SessionRecord, user: StaffUserRecord): Promise<StaffSession> {
    return { token, stage: session.stage, csrfToken: session.csrfToken, expiresAt: session.expiresAt, user, actor: await this.actorOf(user) };
  }
}

/** The sha256 of a session token: what the sessions table keys on. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** A random id for a new account. */
export function newStaffUserId(): string {
  return randomUUID();
}
