import type { Db } from '../store/db.js';

/**
 * Hourly: forgets Idempotency-Keys older than a day. A client retries within seconds or minutes; after a day the
 * key (and the copy of the citizen's secret kept only so a retry can be answered) has no use left.
 */
export const PruneIdempotencyKeysTask = {
  name: 'prune-idempotency-keys',
  cron: '17 * * * *',
  retryLimit: 3,
  /** Deletes keys older than `maxAgeHours`; returns how many. */
  run: async (db: Db, maxAgeHours = 24): Promise<number> => {
    const { rowCount } = await db.query(`delete from idempotency_keys where created_at < now() - make_interval(hours => $1)`, [maxAgeHours]);
    return rowCount ?? 0;
  },
} as const;
