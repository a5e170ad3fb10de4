import type pg from 'pg';

/** How intake used PostgreSQL: transactions of every kind, and the group-commit write transactions among them. */
export interface IntakeTransactions {
  /** Commits + rollbacks in the bench database (all clients) between two counts. */
  transactions: number;
  /** Distinct inserting transactions (xmin) over the complaints rows: one per group commit. */
  writeTransactions: number;
  complaints: number;
  maxBatch: number;
}

/** Commits + rollbacks recorded for the current database so far (backends report them when they go idle or exit). */
export async function transactionCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
  return Number(rows[0]?.n ?? 0);
}

/** Group-commit batches as written: complaints rows grouped by the transaction that inserted them. */
export async function writeBatches(pool: pg.Pool): Promise<{ writeTransactions: number; complaints: number; maxBatch: number }> {
  const { rows } = await pool.query<{ batches: string; complaints: string; max: string | null }>(
    `select count(*) as batches, coalesce(sum(n), 0) as complaints, max(n) as max
       from (select count(*) as n from complaints group by xmin::text) as batch`,
  );
  const row = rows[0];
  return { writeTransactions: Number(row?.batches ?? 0), complaints: Number(row?.complaints ?? 0), maxBatch: Number(row?.max ?? 0) };
}
