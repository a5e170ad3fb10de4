/**
 * `npm run bench:audit`: how fast `ekhtyar audit verify` walks the hash chains. Seeds N demo complaints (real
 * lifecycle, hash-chained events), then times, in the same run on the same server: (1) the reference, a plain
 * `select sum(length(hash))` scan over the same event rows inside PostgreSQL; (2) reading every event row to this
 * process in the same keyset pages, without hashing; (3) the full verification (complaint chains against their heads,
 * audit log, anchors); (4) writing the first anchor (digest of every event) and a second one a day later (incremental).
 * Peak heap is sampled to show memory stays bounded. Options: --complaints N (default 100,000), --batch N (5,000).
 */
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { seedDemo } from '../server/cli/demo.js';
import { AuditAnchorService } from '../server/services/audit-anchor.service.js';
import { AuditVerifyService } from '../server/services/audit-verify.service.js';
import { eventsInChainOrder, type ChainedEvent } from '../server/store/audit-chain.repository.js';
import { appendAuditEntry } from '../server/store/audit-log.repository.js';
import { openPool, withTransaction } from '../server/store/db.js';
import { KeysetReader } from '../server/store/keyset-reader.js';
import { migrate } from '../server/store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';
import { Cleanups } from './lib/cleanups.js';
import { cpuBetween, cpuSnapshot, type CpuUse } from './lib/cpu.js';
import { provisionDatabase } from './lib/database.js';
import { generateDataKey } from '../server/domain/privacy/data-keys.js';
import { FieldCipher } from '../server/domain/privacy/field-cipher.js';

const { values } = parseArgs({ options: { complaints: { type: 'string', default: '100000' }, batch: { type: 'string', default: '5000' } } });
const COMPLAINTS = Number(values.complaints);
const BATCH = Number(values.batch);

async function main(): Promise<void> {
  const cleanups = new Cleanups();
  process.once('SIGINT', () => void cleanups.run().then(() => process.exit(130)));
  try {
    const database = await provisionDatabase(process.env.DATABASE_URL);
    cleanups.add(() => database.release());
    const db = await openPool(database.url, 4);
    cleanups.add(() => db.end());
    await migrate(db);
    await writeProvinceSeed(db, await readProvinceSeed());
    const seeded = await timed(async () => {
      for (let done = 0; done < COMPLAINTS; done += 10_000) {
        await seedDemo(db, new FieldCipher([generateDataKey()]), Math.min(10_000, COMPLAINTS - done));
        process.stderr.write(`\rseeding: ${Math.min(done + 10_000, COMPLAINTS).toLocaleString('en')} complaints`);
      }
      for (let i = 0; i < 1000; i++) await withTransaction(db, (tx) => appendAuditEntry(tx, { action: 'staff.sign_in', actorRole: 'officer', actorId: `officer-${i % 50}`, subjectType: 'staff_user', subjectId: `officer-${i % 50}`, payload: { method: 'password' }, ip: '198.51.100.7' }));
      process.stderr.write('\n');
    });
    const anchorFirst = await timed(() => new AuditAnchorService(db).anchor());
    await seedDemo(db, new FieldCipher([generateDataKey()]), Math.max(1, Math.round(COMPLAINTS / 365)));
    const anchorNext = await timed(() => new AuditAnchorService(db).anchor());
    await db.query('vacuum analyze complaint_events');
    await db.query('vacuum analyze complaints');
    const events = Number((await db.query('select count(*) from complaint_events')).rows[0].count);
    const size = (await db.query(`select pg_size_pretty(pg_total_relation_size('complaint_events')) as s`)).rows[0].s as string;

    const reference = await timed(() => db.query('select sum(length(hash)) from complaint_events'));
    const read = await timed(() => readAllPages(db));
    const heap = sampleHeap();
    const verifies: { ms: number; cpuMs: number; cores: CpuUse | null; problems: number; events: number }[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await timed(() => new AuditVerifyService(db).verify({ batchSize: BATCH }));
      verifies.push({ ms: run.ms, cpuMs: run.cpuMs, cores: run.cores, problems: run.value.problems, events: run.value.events });
    }
    const peakHeap = heap.stop();
    const referenceAgain = await timed(() => db.query('select sum(length(hash)) from complaint_events'));
    const appends = await appendRates(database.url);

    const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} events/s`;
    const best = Math.min(...verifies.map((v) => v.ms));
    const ref = Math.min(reference.ms, referenceAgain.ms);
    console.log('\nEkhtyar audit verify');
    console.log('-'.repeat(78));
    console.log(`complaints / events / audit log entries   ${(COMPLAINTS + Math.max(1, Math.round(COMPLAINTS / 365))).toLocaleString('en')} / ${events.toLocaleString('en')} / 1,002 (complaint_events ${size}; seeded in ${(seeded.ms / 1000).toFixed(0)} s)`);
    console.log(`reference: select sum(length(hash))       ${(reference.ms / 1000).toFixed(2)} s, again ${(referenceAgain.ms / 1000).toFixed(2)} s  (${rate(events, ref)})`);
    const perEvent = (cpuMs: number) => `${((cpuMs * 1000) / events).toFixed(1)} µs CPU/event here`;
    const cores = (c: CpuUse | null) => (c ? `; cores: machine ${c.machine.toFixed(2)}, this process ${c.bench.toFixed(2)}, postgres ${c.postgres.toFixed(2)}, other ${c.other.toFixed(2)}` : '');
    console.log(`read every event row in keyset pages      ${(read.ms / 1000).toFixed(2)} s  (${rate(read.value, read.ms)}, no hashing; ${perEvent(read.cpuMs)}${cores(read.cores)})`);
    for (const [i, v] of verifies.entries()) console.log(`audit verify, run ${i + 1}                       ${(v.ms / 1000).toFixed(2)} s  (${rate(v.events, v.ms)}; ${v.problems} problems; ${perEvent(v.cpuMs)}${cores(v.cores)})`);
    console.log(`ratio verify / reference                  ${(best / ref).toFixed(1)}x`);
    console.log(`peak heap during verify                   ${(peakHeap / 1024 / 1024).toFixed(0)} MB (batch ${BATCH.toLocaleString('en')} rows)`);
    console.log(`audit log appends, 8 connections          ${appends.chained.toLocaleString('en')}/s chained; reference: plain insert per transaction ${appends.plain.toLocaleString('en')}/s`);
    console.log(`first anchor (all events)                 ${(anchorFirst.ms / 1000).toFixed(2)} s  (${rate(anchorFirst.value.anchor.eventCount, anchorFirst.ms)})`);
    console.log(`next anchor (a day's events)              ${(anchorNext.ms / 1000).toFixed(2)} s  (${(anchorNext.value.anchor.eventCount - anchorFirst.value.anchor.eventCount).toLocaleString('en')} new events)`);
    console.log(`database                                  ${database.where}`);
    if (verifies.some((v) => v.problems > 0 || v.events !== events)) throw new Error('verify did not find the seeded database intact');
  } finally {
    await cleanups.run();
  }
}

// Appends take turns on the chain head until commit: how many per second 8 connections get, against the same
// transactions inserting into a table of the same shape with no chain (the reference).
async function appendRates(url: string): Promise<{ chained: number; plain: number }> {
  const pool = await openPool(url, 8);
  try {
    await pool.query('create table if not exists bench_plain_log (like audit_log including defaults)');
    const entry = { action: 'personal_data.read', actorRole: 'officer', actorId: 'officer-1', subjectType: 'citizen', subjectId: 'c-1', payload: { field: 'phone' }, ip: '198.51.100.7' };
    const rate = async (append: (tx: pg.PoolClient, n: number) => Promise<unknown>) => {
      let n = 0;
      const until = performance.now() + 3000;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (performance.now() < until) await withTransaction(pool, (tx) => append(tx, n++));
      }));
      return Math.round(n / 3);
    };
    const plain = await rate((tx, n) => tx.query(`insert into bench_plain_log (id, action, actor_role, actor_id, subject_type, subject_id, payload, ip, created_at, hash) values ($1, $2, $3, $4, $5, $6, $7, $8, now(), '\\x00')`, [n, entry.action, entry.actorRole, entry.actorId, entry.subjectType, entry.subjectId, entry.payload, entry.ip]));
    const chained = await rate((tx) => appendAuditEntry(tx, entry));
    return { chained, plain };
  } finally {
    await pool.end();
  }
}

// What verify reads, read the same way, with nothing computed: the cost of getting the rows here.
async function readAllPages(db: pg.Pool): Promise<number> {
  const client = await db.connect();
  try {
    const reader = new KeysetReader<ChainedEvent>((last) => eventsInChainOrder(client, last, BATCH), BATCH);
    let n = 0;
    while (reader.hasRow() || (await reader.loadMore())) {
      reader.advance();
      n += 1;
    }
    return n;
  } finally {
    client.release();
  }
}

// Wall time, this process's CPU time, and the machine's cores by group (a busy neighbour shows as "other").
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; cores: CpuUse | null; value: T }> {
  const cpu = process.cpuUsage();
  const snapshot = cpuSnapshot(null);
  const started = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, cores: cpuBetween(snapshot, cpuSnapshot(null)), value };
}

function sampleHeap() {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
