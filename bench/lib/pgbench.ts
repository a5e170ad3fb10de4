import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { PGBENCH_DESCRIPTION } from './complaint-text.js';
import { percentile } from './stats.js';

const run = promisify(execFile);

/** The reference table: `complaints`' columns, types, defaults, checks and indexes, no foreign keys. */
export const REFERENCE_TABLE = 'bench_pgbench_complaints';

/** What one pgbench run measured. */
export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyAvgMs: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

/** Options for one pgbench run. */
export interface PgbenchOptions {
  url: string;
  script: string;
  clients: number;
  threads: number;
  seconds: number;
  /** Folder for per-transaction logs (gives p50/p99); none: no logs. */
  logDir?: string;
}

/** Creates the reference table and writes a pgbench script inserting one full complaint row per transaction. */
export async function prepareReference(db: pg.Pool, dir: string): Promise<string> {
  await db.query(`create table ${REFERENCE_TABLE} (like complaints including defaults including constraints including indexes)`);
  const { rows } = await db.query<{ category: string; department: string; office: string; area: string }>(
    `select c.id as category, c.department_id as department, o.id as office, o.area_id as area
       from categories c join offices o on o.department_id = c.department_id order by c.id, o.id limit 1`,
  );
  const route = rows[0];
  if (!route) throw new Error('the seeded database has no category with an office');
  const file = path.join(dir, 'insert-complaint.sql');
  await fs.writeFile(file, insertScript(route));
  return file;
}

function insertScript(route: { category: string; department: string; office: string; area: string }): string {
  const text = (value: string) => `'${value.replaceAll("'", "''")}'`;
  return `\\set n random(1, 1000000)
insert into ${REFERENCE_TABLE} (id, code, state, department_id, area_id, office_id, category_id, citizen_id, anonymous, channel, language,
  description, address, latitude, longitude, escalation_level, outcome, citizen_secret_hash, sla_days, due_at, created_at, updated_at,
  closed_at, event_count, last_event_hash)
values (gen_random_uuid(), 'KP-' || md5(random()::text), 'assigned', ${text(route.department)}, ${text(route.area)}, ${text(route.office)},
  ${text(route.category)}, gen_random_uuid(), false, 'web', 'ur', ${text(PGBENCH_DESCRIPTION)} || ' Ref ' || :n || '.', null, null, null, 0, null,
  sha256(random()::text::bytea), 15, now() + interval '21 days', now(), now(), null, 2, sha256(random()::text::bytea));
`;
}

/** Runs pgbench (-n -c -j -T -f) against the URL and parses its summary. */
export async function runPgbench(options: PgbenchOptions): Promise<PgbenchResult> {
  const args = ['-n', '-c', String(options.clients), '-j', String(options.threads), '-T', String(options.seconds), '-f', options.script];
  if (options.logDir) args.push('-l', `--log-prefix=${path.join(options.logDir, 'pgbench')}`);
  const { stdout } = await run('/usr/bin/pgbench', args, { env: { ...process.env, ...libpqEnv(options.url) }, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`pgbench failed: ${error.message}\n${error.stderr ?? ''}${error.stdout ?? ''}`);
    },
  );
  const latencies = options.logDir ? await readLatencies(options.logDir) : null;
  return {
    tps: number(stdout, /^tps = ([\d.]+) \(without initial connection time\)/m, 'tps'),
    transactions: number(stdout, /^number of transactions actually processed: (\d+)/m, 'transactions'),
    failed: optionalNumber(stdout, /^number of failed transactions: (\d+)/m) ?? 0,
    latencyAvgMs: number(stdout, /^latency average = ([\d.]+) ms/m, 'latency average'),
    latencyP50Ms: latencies ? percentile(latencies, 50) : null,
    latencyP99Ms: latencies ? percentile(latencies, 99) : null,
  };
}

/** PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE from a postgres:// URL. */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = { PGHOST: u.hostname || '127.0.0.1', PGPORT: u.port || '5432', PGDATABASE: decodeURIComponent(u.pathname.slice(1)) };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return env;
}

// pgbench -l writes one line per transaction: client_id transaction_no latency_us script_no epoch epoch_us.
async function readLatencies(dir: string): Promise<Float64Array> {
  const files = (await fs.readdir(dir)).filter((name) => name.startsWith('pgbench.'));
  const values: number[] = [];
  for (const name of files) {
    for (const line of (await fs.readFile(path.join(dir, name), 'utf8')).split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (line && Number.isFinite(micros)) values.push(micros / 1000);
    }
  }
  return Float64Array.from(values).sort();
}

function number(stdout: string, pattern: RegExp, what: string): number {
  const value = optionalNumber(stdout, pattern);
  if (value === null) throw new Error(`pgbench printed no ${what}:\n${stdout}`);
  return value;
}

function optionalNumber(stdout: string, pattern: RegExp): number | null {
  const match = pattern.exec(stdout);
  return match?.[1] === undefined ? null : Number(match[1]);
}
