/**
 * `npm run bench:sla`: (1) one escalation sweep over 1,000,000 open complaints of which 1% are due, timed
 * against a plain SQL UPDATE of the same due rows (the reference, same run, same server), with a check that
 * the sweep touched only the due complaints; (2) event → SSE client latency with 1,000 live clients on a real
 * server process. Options: --complaints N (default 1,000,000), --due-share F (0.01), --clients N (1,000).
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { generateDataKey } from '../server/domain/privacy/data-keys.js';
import { FieldCipher } from '../server/domain/privacy/field-cipher.js';
import { openAppPools, openPool } from '../server/store/db.js';
import { migrate } from '../server/store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';
import { Cleanups } from './lib/cleanups.js';
import { freePort, provisionDatabase } from './lib/database.js';
import { startServerProcess } from './lib/server-process.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { complaints: { type: 'string', default: '1000000' }, 'due-share': { type: 'string', default: '0.01' }, clients: { type: 'string', default: '1000' } } });
const TOTAL = Number(values.complaints);
const DUE_SHARE = Number(values['due-share']);
const CLIENTS = Number(values.clients);

async function main(): Promise<void> {
  const cleanups = new Cleanups();
  process.once('SIGINT', () => void cleanups.run().then(() => process.exit(130)));
  try {
    const database = await provisionDatabase(process.env.DATABASE_URL);
    cleanups.add(() => database.release());
    const db = await openPool(database.url, 8);
    cleanups.add(() => db.end());
    await migrate(db);
    await writeProvinceSeed(db, await readProvinceSeed());
    console.log(`filling ${TOTAL.toLocaleString()} open complaints (${(DUE_SHARE * 100).toFixed(1)}% due)…`);
    await fill(db, TOTAL, DUE_SHARE);
    const sweep = await timeSweep(db);
    const live = await liveLatency(database.url, cleanups);
    console.log('\nEkhtyar SLA sweep and live updates');
    console.log('-'.repeat(72));
    console.log(`open complaints / due                 ${TOTAL.toLocaleString()} / ${sweep.due.toLocaleString()}`);
    console.log(`sweep time                            ${(sweep.ms / 1000).toFixed(2)} s  (goal < 10 s)`);
    console.log(`reference: plain UPDATE of due rows   ${(sweep.referenceMs / 1000).toFixed(2)} s`);
    console.log(`ratio sweep / reference               ${(sweep.ms / sweep.referenceMs).toFixed(1)}x`);
    console.log(`rows the sweep changed                ${sweep.changed.toLocaleString()} (escalated ${sweep.escalated.toLocaleString()}; must equal due)`);
    console.log(`SSE clients / events measured         ${live.clients} / ${live.samples}`);
    console.log(`event → client latency p50 / p99      ${live.p50.toFixed(1)} ms / ${live.p99.toFixed(1)} ms (max ${live.max.toFixed(1)} ms)`);
    console.log(`database                              ${database.where}`);
    if (sweep.changed !== sweep.due || sweep.escalated !== sweep.due) throw new Error('the sweep touched other rows than the due ones');
  } finally {
    await cleanups.run();
  }
}

// Rows written straight by SQL: open, assigned, with a running clock; every 1/share-th one due a minute ago.
async function fill(db: pg.Pool, total: number, share: number): Promise<void> {
  const every = Math.max(1, Math.round(1 / share));
  const { rows } = await db.query(`select o.id as office_id, o.department_id, o.area_id, c.id as category_id from offices o join categories c on c.department_id = o.department_id limit 200`);
  await db.query('create temporary table bench_targets (n int, office_id text, department_id text, area_id text, category_id text)');
  await db.query(`insert into bench_targets select row_number() over () - 1, * from jsonb_to_recordset($1::jsonb) as t(office_id text, department_id text, area_id text, category_id text)`, [JSON.stringify(rows)]);
  for (let start = 0; start < total; start += 200_000) {
    await db.query(
      `insert into complaints (id, code, state, department_id, area_id, office_id, category_id, anonymous, channel, language, description,
                               citizen_secret_hash, sla_days, due_at, created_at, updated_at, event_count, sla_budget_minutes, sla_started_at,
                               sla_consumed_minutes, sla_alarm_at, sla_alarms_sent)
       select gen_random_uuid(), 'BENCH-' || i, 'assigned', t.department_id, t.area_id, t.office_id, t.category_id, true, 'web', 'ur',
              'Bench complaint ' || i, sha256(i::text::bytea), 3, now() + interval '3 days', now() - interval '10 days', now() - interval '10 days', 0,
              1440, now() - interval '10 days', 0,
              case when i % $3 = 0 then now() - interval '1 minute' else now() + interval '1 day' + (i % 1000) * interval '1 minute' end, 3
         from generate_series($1::int, $2::int) as i join bench_targets t on t.n = i % (select count(*) from bench_targets)`,
      [start, Math.min(total, start + 200_000) - 1, every],
    );
  }
  await db.query('analyze complaints');
}

async function timeSweep(db: pg.Pool) {
  const due = Number((await db.query(`select count(*) from complaints where sla_alarm_at <= now()`)).rows[0].count);
  const before = Number((await db.query(`select count(*) from complaints where updated_at > now() - interval '1 day'`)).rows[0].count);
  const config = loadConfig({ NODE_ENV: 'production', EKHTYAR_DB_POOL_SIZE: '8' });
  const url = (db as unknown as { options: { connectionString: string } }).options.connectionString;
  const pools = await openAppPools(url, 8);
  // Bench complaints carry no personal data; a throwaway key satisfies the app.
  const app = await buildApp({ config, db: pools.service, staffDb: pools.staff, cipher: new FieldCipher([generateDataKey()]), logger: false });
  const started = performance.now();
  const result = await app.services.sla.sweep(new Date(), { batchSize: 1000 });
  const ms = performance.now() - started;
  await app.close();
  await pools.close();
  const changed = Number((await db.query(`select count(*) from complaints where updated_at > now() - interval '1 day'`)).rows[0].count) - before;
  // The reference: the least any sweep must do, one UPDATE of the same number of rows found the same way.
  const referenceStarted = performance.now();
  await db.query(`begin`);
  await db.query(`update complaints set escalation_level = escalation_level where id in (select id from complaints where state = 'assigned' order by sla_alarm_at limit $1)`, [due]);
  await db.query(`rollback`);
  return { due, ms, referenceMs: performance.now() - referenceStarted, changed, escalated: result.escalated };
}

// 1,000 SSE clients on 50 complaints, then one public event per complaint; latency from the request to each client.
async function liveLatency(databaseUrl: string, cleanups: Cleanups) {
  const server = await startServerProcess({ databaseUrl, port: await freePort(), poolSize: 16 });
  cleanups.add(() => server.stop());
  const categories = (await (await fetch(`${server.baseUrl}/api/v1/categories`)).json()) as { categories: { id: string }[] };
  const complaints: { code: string; secret: string }[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${server.baseUrl}/api/v1/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ categoryId: categories.categories[0]!.id, description: `Live latency complaint ${i}.`, anonymous: true }) });
    const json = (await res.json()) as { code: string; citizenSecret: string };
    complaints.push({ code: json.code, secret: json.citizenSecret });
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const sockets: http.ClientRequest[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) => new Promise<void>((resolve, reject) => {
      const complaint = complaints[i % complaints.length]!;
      const req = http.get(`${server.baseUrl}/api/v1/complaints/${complaint.code}/live?after=2`, { agent }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (chunk.includes('information_provided')) latencies.push(performance.now() - (sentAt.get(complaint.code) ?? performance.now()));
        });
        resolve();
      });
      req.on('error', reject);
      sockets.push(req);
    })),
  );
  await new Promise((r) => setTimeout(r, 1000));
  for (const c of complaints) {
    sentAt.set(c.code, performance.now());
    await fetch(`${server.baseUrl}/api/v1/complaints/${c.code}/information`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.secret}` }, body: JSON.stringify({ text: 'More detail for the live bench.' }) });
  }
  const deadline = Date.now() + 20_000;
  while (latencies.length < CLIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const s of sockets) s.destroy();
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  if (latencies.length < CLIENTS) throw new Error(`only ${latencies.length} of ${CLIENTS} clients received their event`);
  return { clients: CLIENTS, samples: latencies.length, p50: percentile(sorted, 50) ?? 0, p99: percentile(sorted, 99) ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
