import pg from 'pg';
import { jurisdictionKeys, type StaffActor } from '../domain/permissions/jurisdiction.js';
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

/** The roles the application's pools act as: neither superuser, nor owner, nor BYPASSRLS (migration 0013). */
export const APP_ROLES = { service: 'ekhtyar_app', staff: 'ekhtyar_staff' } as const;

/**
 * Opens one of the application's pools on `url`, acting as its role from the first byte (a startup option, so even
 * RESET ROLE comes back to it): row-level security applies to everything it does. The `service` pool works for the
 * application itself (intake, public tracking, citizens, jobs) and may see every row; the `staff` pool sees nothing
 * until a transaction sets a staff member's keys (withStaffScope).
 */
export async function openAppPool(url: string, size: number, kind: 'service' | 'staff', log?: Logger): Promise<Db> {
  const options = `-c role=${APP_ROLES[kind]}`;
  const pool = new pg.Pool({ connectionString: url, max: size, application_name: `ekhtyar-${kind}`, options });
  pool.on('error', (error) => log?.error({ err: error }, 'idle database connection failed'));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    // 42501: the connecting user may not become the role (migration 0013 grants it to the user that migrated).
    if (sqlState(error) === '42501') throw new Error(`the database user cannot act as ${APP_ROLES[kind]}: run "GRANT ekhtyar_app, ekhtyar_staff TO <that user>" as a superuser (migrations grant it when they can)`);
    throw error;
  }
  return pool;
}

/** The application's two pools (see openAppPool) and how to close both. */
export interface AppPools {
  service: Db;
  staff: Db;
  close(): Promise<void>;
}

/** Opens the service pool (`size` connections) and the staff pool (half as many, at least two) on `url`. */
export async function openAppPools(url: string, size: number, log?: Logger): Promise<AppPools> {
  const service = await openAppPool(url, size, 'service', log);
  const staff = await openAppPool(url, Math.max(2, Math.ceil(size / 2)), 'staff', log).catch(async (error: unknown) => {
    await service.end();
    throw error;
  });
  return { service, staff, close: async () => void (await Promise.all([service.end(), staff.end()])) };
}

/** A staff member's reach, as row-level security reads it. */
export type RowScope = Pick<StaffActor, 'role' | 'officeIds' | 'scope'>;

/**
 * Runs fn in one transaction on the staff pool with the staff member's jurisdiction keys set for that transaction
 * only (set_config(…, true) is SET LOCAL): PostgreSQL then shows and lets it change only the rows of its
 * jurisdiction, whatever the queries inside say.
 */
export async function withStaffScope<T>(pool: Db, scope: RowScope, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query(`select set_config('ekhtyar.keys', $1::text[]::text, true)`, [jurisdictionKeys(scope)]);
    return fn(client);
  });
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
