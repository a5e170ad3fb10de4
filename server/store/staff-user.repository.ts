import type pg from 'pg';
import type { StaffRole } from '../domain/actor.js';
import type { ScopeEntry } from '../domain/permissions/jurisdiction.js';
import type { Queryable } from './db.js';

/** A staff account as stored, secrets included: never sent to a client as is. */
export interface StaffUserRecord {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: StaffRole;
  passwordHash: string;
  passwordChangedAt: Date;
  mustChangePassword: boolean;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  officeIds: string[];
  scope: ScopeEntry[];
}

/** The fields an account is created with. */
export interface NewStaffUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: StaffRole;
  passwordHash: string;
  mustChangePassword: boolean;
  officeIds: string[];
  scope: ScopeEntry[];
  now: Date;
}

/** What an administrator may change on an account (absent: unchanged). */
export interface StaffUserChange {
  displayName?: string;
  email?: string | null;
  role?: StaffRole;
  disabled?: boolean;
}

const SELECT = `
  select u.*,
         coalesce((select array_agg(office_id order by office_id) from staff_user_offices o where o.user_id = u.id), '{}') as office_ids,
         coalesce((select json_agg(json_build_object('departmentId', department_id, 'areaId', area_id) order by area_id, department_id)
                     from staff_user_scopes s where s.user_id = u.id), '[]') as scope
    from staff_users u`;

/** Staff accounts, their offices and their scope. */
export class StaffUserRepository {
  /** The account with this user name (already lower-cased), or null. */
  async findByUsername(db: Queryable, username: string, lock = false): Promise<StaffUserRecord | null> {
    const { rows } = await db.query(`${SELECT} where u.username = $1${lock ? ' for update of u' : ''}`, [username]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The account with this id, or null (also for ids that are not uuids: they name no account). */
  async findById(db: Queryable, id: string, lock = false): Promise<StaffUserRecord | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await db.query(`${SELECT} where u.id = $1${lock ? ' for update of u' : ''}`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Accounts by user name, after `after` (keyset paging), optionally of one role or one office. */
  async list(db: Queryable, filter: { role?: StaffRole; officeId?: string; after?: string; limit: number }): Promise<StaffUserRecord[]> {
    const { rows } = await db.query(
      `${SELECT}
        where ($1::text is null or u.role = $1)
          and ($2::text is null or exists (select 1 from staff_user_offices o where o.user_id = u.id and o.office_id = $2))
          and ($3::text is null or u.username > $3)
        order by u.username limit $4`,
      [filter.role ?? null, filter.officeId ?? null, filter.after ?? null, filter.limit],
    );
    return rows.map(toRecord);
  }

  /** Adds an account with its offices and scope. */
  async insert(tx: pg.PoolClient, user: NewStaffUser): Promise<void> {
    await tx.query(
      `insert into staff_users (id, username, display_name, email, role, password_hash, password_changed_at, must_change_password, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $7, $7)`,
      [user.id, user.username, user.displayName, user.email, user.role, user.passwordHash, user.now, user.mustChangePassword],
    );
    await this.replaceAssignments(tx, user.id, user.officeIds, user.scope);
  }

  /** Sets the account's offices and scope to exactly these. */
  async replaceAssignments(tx: pg.PoolClient, userId: string, officeIds: string[], scope: ScopeEntry[]): Promise<void> {
    await tx.query('delete from staff_user_offices where user_id = $1', [userId]);
    await tx.query('delete from staff_user_scopes where user_id = $1', [userId]);
    await tx.query('insert into staff_user_offices (user_id, office_id) select $1, unnest($2::text[]) on conflict do nothing', [userId, officeIds]);
    await tx.query(
      'insert into staff_user_scopes (user_id, department_id, area_id) select $1, d, a from unnest($2::text[], $3::text[]) as s(d, a) on conflict do nothing',
      [userId, scope.map((s) => s.departmentId), scope.map((s) => s.areaId)],
    );
  }

  /** Applies an administrator's change. */
  async update(tx: pg.PoolClient, id: string, change: StaffUserChange, now: Date): Promise<void> {
    await tx.query(
      `update staff_users set display_name = coalesce($2, display_name),
              email = case when $3::bool then $4 else email end,
              role = coalesce($5, role),
              disabled_at = case when $6::bool is null then disabled_at when $6 then coalesce(disabled_at, $7) else null end,
              updated_at = $7
        where id = $1`,
      [id, change.displayName ?? null, change.email !== undefined, change.email ?? null, change.role ?? null, change.disabled ?? null, now],
    );
  }

  /** Stores a new password hash; `mustChange` marks it temporary (an administrator's reset). */
  async setPassword(db: Queryable, id: string, passwordHash: string, mustChange: boolean, now: Date): Promise<void> {
    await db.query('update staff_users set password_hash = $2, must_change_password = $3, password_changed_at = $4, updated_at = $4 where id = $1', [id, passwordHash, mustChange, now]);
  }

  /** Records a wrong password: the new count of failures in a row and the lock it earns. */
  async recordFailure(db: Queryable, id: string, failedAttempts: number, lockedUntil: Date | null): Promise<void> {
    await db.query('update staff_users set failed_attempts = $2, locked_until = coalesce($3, locked_until) where id = $1', [id, failedAttempts, lockedUntil]);
  }

  /** Clears failures and any lock (a right password, or an administrator's unlock). */
  async clearFailures(db: Queryable, id: string): Promise<void> {
    await db.query('update staff_users set failed_attempts = 0, locked_until = null where id = $1 and (failed_attempts <> 0 or locked_until is not null)', [id]);
  }

  /** Starts (or restarts) TOTP enrolment with a new secret; the factor is on only once a code is confirmed. */
  async setTotpSecret(db: Queryable, id: string, secret: string | null, now: Date): Promise<void> {
    await db.query('update staff_users set totp_secret = $2, totp_enabled_at = null, totp_last_step = null, updated_at = $3 where id = $1', [id, secret, now]);
  }

  /** Records an accepted TOTP code's time step (and turns the factor on at enrolment). */
  async acceptTotp(db: Queryable, id: string, timeStep: number, now: Date): Promise<void> {
    await db.query('update staff_users set totp_last_step = $2, totp_enabled_at = coalesce(totp_enabled_at, $3) where id = $1', [id, timeStep, now]);
  }

  /** The offices that exist among these ids. */
  async existingOffices(db: Queryable, ids: string[]): Promise<Set<string>> {
    const { rows } = await db.query<{ id: string }>('select id from offices where id = any($1::text[])', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Active accounts working in an office (for assigning its complaints). */
  async officersOf(db: Queryable, officeId: string): Promise<{ id: string; displayName: string; role: StaffRole }[]> {
    const { rows } = await db.query(
      `select u.id, u.display_name, u.role from staff_users u join staff_user_offices o on o.user_id = u.id
        where o.office_id = $1 and u.disabled_at is null order by u.display_name`,
      [officeId],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role }));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(r: Record<string, unknown>): StaffUserRecord {
  return {
    id: r.id as string,
    username: r.username as string,
    displayName: r.display_name as string,
    email: r.email as string | null,
    role: r.role as StaffRole,
    passwordHash: r.password_hash as string,
    passwordChangedAt: r.password_changed_at as Date,
    mustChangePassword: r.must_change_password as boolean,
    totpSecret: r.totp_secret as string | null,
    totpEnabledAt: r.totp_enabled_at as Date | null,
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    failedAttempts: r.failed_attempts as number,
    lockedUntil: r.locked_until as Date | null,
    disabledAt: r.disabled_at as Date | null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
    officeIds: r.office_ids as string[],
    scope: r.scope as ScopeEntry[],
  };
}
