import type { Db } from '../store/db.js';
import { RetentionRepository } from '../store/retention.repository.js';

/** What an anonymisation run did (or, dry, would do). */
export interface RetentionResult {
  cutoff: Date;
  citizens: number;
  complaintAddresses: number;
  /** Citizen accounts (sign-in identities) deleted for not having signed in since the cutoff. */
  citizenAccounts: number;
  /** Events of these citizens' complaints with a personal key in their payload: kept, since events are append-only. */
  eventsWithPersonalKeys: number;
}

/** The cutoff for "closed more than `years` years ago", in calendar years back from `now` (UTC). */
export function retentionCutoff(years: number, now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/**
 * Retention of personal data: a citizen all of whose complaints (filed or followed) were closed, in any final state,
 * before the cutoff is anonymised: their personal fields and lookups are emptied and they are marked, and the
 * address of their complaints and the answers to their categories' extra fields are emptied. The complaints, their events and statistics stay. Work goes in batches,
 * each one statement, so a run can be interrupted and run again.
 *
 * Citizen accounts keep their own clock: an account not signed in since the cutoff is deleted (it is only a
 * verified contact and a profile; signing in again makes a new one). An account is NOT anonymised because a citizens
 * row with the same contact is: a citizens row is one submission's copy of the contact, so one person's old
 * complaint can be due while their newer ones (other rows) are not, and their account still in daily use. Once a row
 * is anonymised its lookups are empty, so the account no longer reaches those complaints anyway.
 */
export class RetentionService {
  constructor(
    private readonly db: Db,
    private readonly retention = new RetentionRepository(),
  ) {}

  /** Anonymises (or with `dryRun` only counts) the citizens due at `cutoff`. */
  async anonymise(options: { cutoff: Date; dryRun: boolean; batchSize: number; onProgress?: (done: number, total: number) => void }, now = new Date()): Promise<RetentionResult> {
    const { cutoff } = options;
    const [due, eventsWithPersonalKeys, idleAccounts] = await Promise.all([
      this.retention.countDue(this.db, cutoff),
      this.retention.eventsWithPersonalKeys(this.db, cutoff),
      this.retention.countIdleAccounts(this.db, cutoff),
    ]);
    if (options.dryRun) return { cutoff, ...due, citizenAccounts: idleAccounts, eventsWithPersonalKeys };
    const result: RetentionResult = { cutoff, citizens: 0, complaintAddresses: 0, citizenAccounts: 0, eventsWithPersonalKeys };
    let after: string | null = null;
    for (;;) {
      const batch = await this.retention.anonymiseNext(this.db, cutoff, after, options.batchSize, now);
      if (batch.lastId === null) break;
      after = batch.lastId;
      result.citizens += batch.citizens;
      result.complaintAddresses += batch.complaintAddresses;
      options.onProgress?.(result.citizens, Math.max(due.citizens, result.citizens));
    }
    for (;;) {
      const deleted = await this.retention.deleteIdleAccounts(this.db, cutoff, options.batchSize);
      if (deleted === 0) break;
      result.citizenAccounts += deleted;
    }
    return result;
  }
}
