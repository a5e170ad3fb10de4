import pg from 'pg';
import type { Logger } from '../logger.js';

/** A pooled connection or a pool: anything repositories can run a query on. */
export type Queryable = pg.Pool | pg.PoolClient;

/** The database handle every repository receives. */
export type Db = pg.Pool;

// timestamptz → Date is pg's default; bigint (int8) ids are returned as strings, which is what we want for ids.
// numeric → number for aggregates that fit comfortably in a double.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** Opens a pool on the given PostgreSQL URL and checks that it answers. */
export async function openPool(url: string, size: number, log?: Logger): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: size, application_name: 'ekhtyar' });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', (error) => log?.error({ err: error }, 'idle database connection failed'));
  await pool.query('select 1');
  return pool;
}

/** Runs fn inside one transaction on one connection; rolls back if it throws. */
export async function withTransaction<T>(pool: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** SQLSTATE of a PostgreSQL error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** SQLSTATE 23505: a unique constraint refused the row. */
export const UNIQUE_VIOLATION = '23505';

/** Runs fn while holding a session advisory lock, so processes doing the same setup take turns. */
export async function withAdvisoryLock<T>(pool: Db, key: number, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key]);
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
    client.release();
  }
}
