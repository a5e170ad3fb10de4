import type { Db } from '../store/db.js';
import { RetentionRepository } from '../store/retention.repository.js';

/** What an anonymisation run did (or, dry, would do). */
export interface RetentionResult {
  cutoff: Date;
  citizens: number;
  complaintAddresses: number;
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
 * address of their complaints is emptied. The complaints, their events and statistics stay. Work goes in batches,
 * each one statement, so a run can be interrupted and run again.
 */
export class RetentionService {
  constructor(
    private readonly db: Db,
    private readonly retention = new RetentionRepository(),
  ) {}

  /** Anonymises (or with `dryRun` only counts) the citizens due at `cutoff`. */
  async anonymise(options: { cutoff: Date; dryRun: boolean; batchSize: number; onProgress?: (done: number, total: number) => void }, now = new Date()): Promise<RetentionResult> {
    const { cutoff } = options;
    const [due, eventsWithPersonalKeys] = await Promise.all([this.retention.countDue(this.db, cutoff), this.retention.eventsWithPersonalKeys(this.db, cutoff)]);
    if (options.dryRun) return { cutoff, ...due, eventsWithPersonalKeys };
    const result: RetentionResult = { cutoff, citizens: 0, complaintAddresses: 0, eventsWithPersonalKeys };
    let after: string | null = null;
    for (;;) {
      const batch = await this.retention.anonymiseNext(this.db, cutoff, after, options.batchSize, now);
      if (batch.lastId === null) break;
      after = batch.lastId;
      result.citizens += batch.citizens;
      result.complaintAddresses += batch.complaintAddresses;
      options.onProgress?.(result.citizens, Math.max(due.citizens, result.citizens));
    }
    return result;
  }
}
