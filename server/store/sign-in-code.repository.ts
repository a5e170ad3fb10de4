import type pg from 'pg';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import type { Queryable } from './db.js';

/** Which kind of contact a code was sent to. */
export type ContactKind = 'phone' | 'email';

/** A stored sign-in code: never the code itself, only its salted hash; the contact only as a blind index. */
export interface SignInCodeRecord {
  kind: ContactKind;
  /** The contact's blind index as stored (under the key current when the code was asked for). */
  lookup: string;
  codeHash: Buffer;
  salt: Buffer;
  channel: 'sms' | 'whatsapp' | 'email';
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
}

/** A new code for a contact, given as its normalised value (E.164, or an e-mail address as emailLookupKey gives it). */
export type NewSignInCode = Omit<SignInCodeRecord, 'attempts' | 'lookup'> & { contact: string };

/**
 * The one live sign-in code per contact, keyed by the contact's blind index (FieldCipher.lookup), so the table holds
 * no phone number or e-mail address. A code is stored under the current key and found under every key held, so a
 * code asked for just before a key rotation still verifies; an index cannot be re-keyed without the contact, so
 * rotation leaves codes alone (they live 10 minutes).
 */
export class SignInCodeRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /** Stores a new code for the contact, replacing any earlier one under any key (its tries start again at 0). */
  async replace(db: Queryable, c: NewSignInCode): Promise<void> {
    const lookup = this.cipher.lookup(c.kind, c.contact);
    const candidates = this.cipher.lookupCandidates(c.kind, c.contact);
    await db.query(
      `with gone as (delete from citizen_sign_in_codes where contact_kind = $1 and contact_lookup = any($8::text[]) and contact_lookup <> $2)
       insert into citizen_sign_in_codes (contact_kind, contact_lookup, code_hash, salt, channel, attempts, created_at, expires_at)
       values ($1, $2, $3, $4, $5, 0, $6, $7)
       on conflict (contact_kind, contact_lookup) do update
         set code_hash = excluded.code_hash, salt = excluded.salt, channel = excluded.channel, attempts = 0,
             created_at = excluded.created_at, expires_at = excluded.expires_at`,
      [c.kind, lookup, c.codeHash, c.salt, c.channel, c.createdAt, c.expiresAt, candidates],
    );
  }

  /**
   * The contact's code (its newest, should an older key's one be left), locked until the transaction ends, so
   * concurrent tries are counted one after another. `contact` is the normalised value.
   */
  async lock(tx: pg.PoolClient, kind: ContactKind, contact: string): Promise<SignInCodeRecord | null> {
    const { rows } = await tx.query(
      `select contact_lookup, code_hash, salt, channel, attempts, created_at, expires_at from citizen_sign_in_codes
        where contact_kind = $1 and contact_lookup = any($2::text[]) order by created_at desc limit 1 for update`,
      [kind, this.cipher.lookupCandidates(kind, contact)],
    );
    const r = rows[0];
    return r ? { kind, lookup: r.contact_lookup, codeHash: r.code_hash, salt: r.salt, channel: r.channel, attempts: r.attempts, createdAt: r.created_at, expiresAt: r.expires_at } : null;
  }

  /** Counts one wrong try of a code found by `lock`. */
  async recordWrongTry(tx: pg.PoolClient, code: Pick<SignInCodeRecord, 'kind' | 'lookup'>): Promise<void> {
    await tx.query('update citizen_sign_in_codes set attempts = attempts + 1 where contact_kind = $1 and contact_lookup = $2', [code.kind, code.lookup]);
  }

  /** Deletes a code found by `lock` (used, exhausted or expired). */
  async delete(db: Queryable, code: Pick<SignInCodeRecord, 'kind' | 'lookup'>): Promise<void> {
    await db.query('delete from citizen_sign_in_codes where contact_kind = $1 and contact_lookup = $2', [code.kind, code.lookup]);
  }

  /** Removes codes past their expiry; returns how many. */
  async purgeExpired(db: Queryable, now: Date): Promise<number> {
    const { rowCount } = await db.query('delete from citizen_sign_in_codes where expires_at <= $1', [now]);
    return rowCount ?? 0;
  }
}
