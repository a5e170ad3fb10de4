import type { Queryable } from './db.js';

/** Where a session is on the way to full sign-in. */
export type SessionStage = 'second_factor' | 'enrol_second_factor' | 'change_password' | 'active';

/** A stored session (the token itself is never stored, only its hash). */
export interface SessionRecord {
  tokenHash: Buffer;
  userId: string;
  stage: SessionStage;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Server-side sessions in PostgreSQL: any process can serve any request, and sign-out is immediate everywhere. */
export class SessionRepository {
  /** Stores a new session. */
  async insert(db: Queryable, s: SessionRecord & { ip: string | null; userAgent: string | null }): Promise<void> {
    await db.query(
      `insert into sessions (token_hash, user_id, stage, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
       values ($1, $2, $3, $4, $5, $6, $7, $8::inet, $9)`,
      [s.tokenHash, s.userId, s.stage, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt, s.ip, s.userAgent?.slice(0, 300) ?? null],
    );
  }

  /** The session with this token hash, or null. */
  async find(db: Queryable, tokenHash: Buffer): Promise<SessionRecord | null> {
    const { rows } = await db.query('select token_hash, user_id, stage, csrf_token, created_at, last_seen_at, expires_at from sessions where token_hash = $1', [tokenHash]);
    const r = rows[0];
    return r ? { tokenHash: r.token_hash, userId: r.user_id, stage: r.stage, csrfToken: r.csrf_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at } : null;
  }

  /** Moves the idle clock on. */
  async touch(db: Queryable, tokenHash: Buffer, now: Date): Promise<void> {
    await db.query('update sessions set last_seen_at = $2 where token_hash = $1', [tokenHash, now]);
  }

  /** Ends one session; true when it existed. */
  async delete(db: Queryable, tokenHash: Buffer): Promise<boolean> {
    const { rowCount } = await db.query('delete from sessions where token_hash = $1', [tokenHash]);
    return (rowCount ?? 0) > 0;
  }

  /** Ends every session of an account, except the one kept (if any); returns how many ended. */
  async deleteForUser(db: Queryable, userId: string, keep: Buffer | null = null): Promise<number> {
    const { rowCount } = await db.query('delete from sessions where user_id = $1 and ($2::bytea is null or token_hash <> $2)', [userId, keep]);
    return rowCount ?? 0;
  }

  /** Sessions of an account that are still within their absolute limit, newest first. */
  async listForUser(db: Queryable, userId: string, now: Date): Promise<{ createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null }[]> {
    const { rows } = await db.query('select created_at, last_seen_at, host(ip) as ip, user_agent from sessions where user_id = $1 and expires_at > $2 order by created_at desc', [userId, now]);
    return rows.map((r) => ({ createdAt: r.created_at, lastSeenAt: r.last_seen_at, ip: r.ip, userAgent: r.user_agent }));
  }

  /** Removes sessions past their absolute or idle limit; returns how many. */
  async purgeExpired(db: Queryable, now: Date, idleMs: number): Promise<number> {
    const { rowCount } = await db.query(`delete from sessions where expires_at <= $1 or last_seen_at <= $1 - ($2 * interval '1 millisecond')`, [now, idleMs]);
    return rowCount ?? 0;
  }
}
