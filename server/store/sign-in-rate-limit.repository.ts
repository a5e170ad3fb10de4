import { createHash } from 'node:crypto';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import type { Queryable } from './db.js';

/** Who a counter counts: an IP address, or a contact as its normalised value (E.164, emailLookupKey's form). */
export type RateSubject = { kind: 'ip'; value: string } | { kind: 'phone' | 'email'; value: string };

/**
 * Fixed-window counters in PostgreSQL for citizen sign-in, so a limit holds however many processes serve requests.
 * Self-contained on purpose: a general limiter for other routes can take its place (see docs/ARCHITECTURE.md).
 */
export class SignInRateLimitRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /**
   * The stored subject: for a contact, sha256 of its blind index (a keyed HMAC: no search over every phone number
   * undoes it without the data key; hashed again so it never equals an index stored elsewhere); for an IP address,
   * its sha256. A key rotation starts a contact's counters afresh, once.
   */
  subjectKey(subject: RateSubject): Buffer {
    const keyed = subject.kind === 'ip' ? subject.value : this.cipher.lookup(subject.kind, subject.value)!;
    return createHash('sha256').update(keyed).digest();
  }

  /**
   * Counts one hit of `subject` in `bucket` for the window starting at `windowStart`, in one statement (an upsert,
   * so concurrent hits from any process are counted one after another), and returns the count so far in that window.
   * A row left from an earlier window starts again at 1; a late hit from a process whose clock is behind counts
   * into the newer window rather than resetting it.
   */
  async hit(db: Queryable, bucket: string, subject: RateSubject, windowStart: Date): Promise<{ hits: number; windowStart: Date }> {
    const { rows } = await db.query(
      `insert into sign_in_rate_limits as r (bucket, subject, window_start, hits) values ($1, $2, $3, 1)
       on conflict (bucket, subject) do update
         set hits = case when r.window_start >= excluded.window_start then r.hits + 1 else 1 end,
             window_start = greatest(r.window_start, excluded.window_start)
       returning hits, window_start`,
      [bucket, this.subjectKey(subject), windowStart],
    );
    return { hits: rows[0].hits, windowStart: rows[0].window_start };
  }

  /** Removes counters whose window started before `before`; returns how many. */
  async purge(db: Queryable, before: Date): Promise<number> {
    const { rowCount } = await db.query('delete from sign_in_rate_limits where window_start < $1', [before]);
    return rowCount ?? 0;
  }
}
