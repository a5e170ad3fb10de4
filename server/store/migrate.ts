import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { projectPath } from '../paths.js';
import type { Logger } from '../logger.js';
import type { Db } from './db.js';

/** One SQL migration file, applied once, in name order. */
export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

// Any process may start the app; the advisory lock makes concurrent starts apply migrations once.
const MIGRATION_LOCK = 0x656b6874; // "ekht"

/** Reads server/store/migrations/*.sql in order. */
export async function readMigrations(dir = projectPath('server/store/migrations')): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (name) => {
      const sql = await fs.readFile(`${dir}/${name}`, 'utf8');
      return { version: name.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/** Applies every migration not yet applied, each in its own transaction; returns the versions applied. */
export async function migrate(db: Db, log?: Logger): Promise<string[]> {
  const migrations = await readMigrations();
  const client = await db.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`create table if not exists schema_migrations (
      version text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const { rows } = await client.query<{ version: string; checksum: string }>('select version, checksum from schema_migrations');
    const applied = new Map(rows.map((row) => [row.version, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const previous = applied.get(migration.version);
      if (previous !== undefined) {
        // An edited migration that already ran would leave databases in different shapes.
        if (previous !== migration.checksum) log?.warn({ version: migration.version }, 'applied migration file has changed since it ran');
        continue;
      }
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query('insert into schema_migrations (version, checksum) values ($1, $2)', [migration.version, migration.checksum]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`migration ${migration.version} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      log?.info({ version: migration.version }, 'migration applied');
      done.push(migration.version);
    }
    return done;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
