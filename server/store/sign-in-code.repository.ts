import type pg from 'pg';
import type { Queryable } from './db.js';

/** Which kind of contact a code was sent to. */
export type ContactKind = 'phone' | 'email';

/** A stored sign-in code: never the code itself, only its salted hash. */
export interface SignInCodeRecord {
  kind: ContactKind;
  lookup: string;
  codeHash: Buffer;
  salt: Buffer;
  channel: 'sms' | 'whatsapp' | 'email';
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
}

/** The one live sign-in code per contact. */
export class SignInCodeRepository {
  /** Stores a new code for the contact, replacing any earlier one (its tries start again at 0). */
  async replace(db: Queryable, c: Omit<SignInCodeRecord, 'attempts'>): Promise<void> {
    await db.query(
      `insert into citizen_sign_in_codes (contact_kind, contact_lookup, code_hash, salt, channel, attempts, created_at, expires_at)
       values ($1, $2, $3, $4, $5, 0, $6, $7)
       on conflict (contact_kind, contact_lookup) do update
         set code_hash = excluded.code_hash, salt = excluded.salt, channel = excluded.channel, attempts = 0,
             created_at = excluded.created_at, expires_at = excluded.expires_at`,
      [c.kind, c.lookup, c.codeHash, c.salt, c.channel, c.createdAt, c.expiresAt],
    );
  }

  /** The contact's code, locked until the transaction ends (so concurrent tries are counted one after another). */
  async lock(tx: pg.PoolClient, kind: ContactKind, lookup: string): Promise<SignInCodeRecord | null> {
    const { rows } = await tx.query(
      'select code_hash, salt, channel, attempts, created_at, expires_at from citizen_sign_in_codes where contact_kind = $1 and contact_lookup = $2 for update',
      [kind, lookup],
    );
    const r = rows[0];
    return r ? { kind, lookup, codeHash: r.code_hash, salt: r.salt, channel: r.channel, attempts: r.attempts, createdAt: r.created_at, expiresAt: r.expires_at } : null;
  }

  /** Counts one wrong try. */
  async recordWrongTry(tx: pg.PoolClient, kind: ContactKind, lookup: string): Promise<void> {
    await tx.query('update citizen_sign_in_codes set attempts = attempts + 1 where contact_kind = $1 and contact_lookup = $2', [kind, lookup]);
  }

  /** Deletes the contact's code (used, exhausted or expired). */
  async delete(db: Queryable, kind: ContactKind, lookup: string): Promise<void> {
    await db.query('delete from citizen_sign_in_codes where contact_kind = $1 and contact_lookup = $2', [kind, lookup]);
  }

  /** Removes codes past their expiry; returns how many. */
  async purgeExpired(db: Queryable, now: Date): Promise<number> {
    const { rowCount } = await db.query('delete from citizen_sign_in_codes where expires_at <= $1', [now]);
    return rowCount ?? 0;
  }
}
