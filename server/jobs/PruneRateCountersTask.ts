import type { Db } from '../store/db.js';
import { AbuseRepository } from '../store/abuse.repository.js';

/**
 * Hourly: deletes rate counters whose window, and the one after it (still read by the sliding estimate), have
 * passed, so the table holds only keys seen in the last day or two. Flags and exemptions are kept.
 */
export const PruneRateCountersTask = {
  name: 'prune-rate-counters',
  cron: '41 * * * *',
  retryLimit: 3,
  /** Deletes passed counters; returns how many. */
  run: async (db: Db, now = new Date()): Promise<number> => new AbuseRepository().pruneCounters(db, now),
} as const;
