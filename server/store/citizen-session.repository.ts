import type { Queryable } from './db.js';

/** A stored citizen session (the token itself is never stored, only its hash). */
export interface CitizenSessionRecord {
  tokenHash: Buffer;
  accountId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Citizen sessions in PostgreSQL: any process can serve any request, and sign-out is immediate everywhere. */
export class CitizenSessionRepository {
  /** Stores a new session. */
  async insert(db: Queryable, s: CitizenSessionRecord & { ip: string | null; userAgent: string | null }): Promise<void> {
    await db.query(
      `insert into citizen_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
       values ($1, $2, $3, $4, $5, $6, $7::inet, $8)`,
      [s.tokenHash, s.accountId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt, s.ip, s.userAgent?.slice(0, 300) ?? null],
    );
  }

  /** The session with this token hash, or null. */
  async find(db: Queryable, tokenHash: Buffer): Promise<CitizenSessionRecord | null> {
    const { rows } = await db.query('select token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at from citizen_sessions where token_hash = $1', [tokenHash]);
    const r = rows[0];
    return r ? { tokenHash: r.token_hash, accountId: r.account_id, csrfToken: r.csrf_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at } : null;
  }

  /** Moves the idle clock on. */
  async touch(db: Queryable, tokenHash: Buffer, now: Date): Promise<void> {
    await db.query('update citizen_sessions set last_seen_at = $2 where token_hash = $1', [tokenHash, now]);
  }

  /** Ends one session; true when it existed. */
  async delete(db: Queryable, tokenHash: Buffer): Promise<boolean> {
    const { rowCount } = await db.query('delete from citizen_sessions where token_hash = $1', [tokenHash]);
    return (rowCount ?? 0) > 0;
  }

  /** Removes sessions past their absolute or idle limit; returns how many. */
  async purgeExpired(db: Queryable, now: Date, idleMs: number): Promise<number> {
    const { rowCount } = await db.query(`delete from citizen_sessions where expires_at <= $1 or last_seen_at <= $1 - ($2 * interval '1 millisecond')`, [now, idleMs]);
    return rowCount ?? 0;
  }
}
