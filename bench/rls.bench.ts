/**
 * `npm run bench:rls`: what row-level security costs the staff queue. The same queue query (StaffQueueRepository.page:
 * an officer's open complaints, most urgent first, 50 a page; and a department monitor's over a division) runs
 * (a) as the table owner, to whom the policies do not apply — the reference — and (b) through the staff pool as
 * ekhtyar_staff under the staff member's keys, in the same run on the same data. Goal (issue 4): (b)/(a) ≤ 1.2.
 * Options: --complaints N (default 500,000), --runs N (default 300).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { OPEN_STATES } from '../server/domain/lifecycle/index.js';
import type { StaffActor } from '../server/domain/permissions/jurisdiction.js';
import { openAppPools, openPool, withStaffScope, withTransaction, type Db } from '../server/store/db.js';
import { migrate } from '../server/store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';
import { StaffQueueRepository } from '../server/store/staff-queue.repository.js';
import { Cleanups } from './lib/cleanups.js';
import { provisionDatabase } from './lib/database.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { complaints: { type: 'string', default: '500000' }, runs: { type: 'string', default: '300' } } });
const TOTAL = Number(values.complaints);
const RUNS = Number(values.runs);

async function main(): Promise<void> {
  const cleanups = new Cleanups();
  try {
    const database = await provisionDatabase(process.env.DATABASE_URL);
    cleanups.add(() => database.release());
    const owner = await openPool(database.url, 4);
    cleanups.add(() => owner.end());
    await migrate(owner);
    await writeProvinceSeed(owner, await readProvinceSeed());
    console.log(`filling ${TOTAL.toLocaleString()} open complaints over every office…`);
    await fill(owner, TOTAL);
    const pools = await openAppPools(database.url, 4);
    cleanups.add(() => pools.close());
    const office = (await owner.query(`select id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar'`)).rows[0].id as string;
    const actors: [string, StaffActor][] = [
      ['officer (one office)', { id: 'bench', role: 'officer', officeIds: [office], scope: [] }],
      ['department monitor (health, Peshawar division)', { id: 'bench', role: 'department_monitor', officeIds: [], scope: [{ departmentId: 'health', areaId: 'kp.peshawar' }] }],
    ];
    const queue = new StaffQueueRepository();
    const filter = { states: [...OPEN_STATES], limit: 50 };
    console.log('\nEkhtyar staff queue with and without row-level security');
    console.log('-'.repeat(72));
    for (const [name, actor] of actors) {
      const rows = (await withStaffScope(pools.staff, actor, (tx) => queue.page(tx, actor, filter))).length;
      const reference = await time(() => withTransaction(owner, (tx) => queue.page(tx, actor, filter)));
      const scoped = await time(() => withStaffScope(pools.staff, actor, (tx) => queue.page(tx, actor, filter)));
      const p50 = (xs: Float64Array) => percentile(xs, 50) ?? NaN;
      console.log(`${name}: ${rows} rows a page`);
      console.log(`  owner, no RLS (reference)   p50 ${p50(reference).toFixed(2)} ms   p99 ${(percentile(reference, 99) ?? NaN).toFixed(2)} ms`);
      console.log(`  ekhtyar_staff under RLS     p50 ${p50(scoped).toFixed(2)} ms   p99 ${(percentile(scoped, 99) ?? NaN).toFixed(2)} ms`);
      console.log(`  ratio RLS / reference (p50) ${(p50(scoped) / p50(reference)).toFixed(2)}x  (goal ≤ 1.20x)`);
    }
    console.log(`database                      ${database.where}, ${TOTAL.toLocaleString()} complaints`);
  } finally {
    await cleanups.run();
  }
}

// Alternating would favour neither side's caches; each side runs RUNS times after a warm-up of 20.
async function time(fn: () => Promise<unknown>): Promise<Float64Array> {
  for (let i = 0; i < 20; i++) await fn();
  const out = new Float64Array(RUNS);
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    out[i] = performance.now() - started;
  }
  return out.sort();
}

async function fill(db: Db | pg.Pool, total: number): Promise<void> {
  await db.query(`create temporary table bench_targets as
    select row_number() over (order by o.id) - 1 as n, o.id as office_id, o.department_id, o.area_id, (select min(c.id) from categories c where c.department_id = o.department_id) as category_id
      from offices o where exists (select 1 from categories c where c.department_id = o.department_id)`);
  for (let start = 0; start < total; start += 100_000) {
    await db.query(
      `insert into complaints (id, code, state, department_id, area_id, office_id, category_id, anonymous, channel, language, description,
                               citizen_secret_hash, sla_days, due_at, created_at, updated_at, event_count)
       select gen_random_uuid(), 'BENCH-' || i, (array['assigned', 'in_progress', 'resolved', 'closed'])[1 + i % 4], t.department_id, t.area_id, t.office_id,
              t.category_id, true, 'web', 'ur', 'Bench complaint ' || i, sha256(i::text::bytea), 3, now() + (i % 5000) * interval '1 minute',
              now() - interval '10 days', now() - interval '10 days', 0
         from generate_series($1::int, $2::int) as i join bench_targets t on t.n = i % (select count(*) from bench_targets)`,
      [start, Math.min(total, start + 100_000) - 1],
    );
  }
  await db.query('analyze complaints');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
