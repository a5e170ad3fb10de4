/**
 * SLA-breach risk: calibration on held-out history. Each data set is cut in time: the model (server/ai/risk) is fitted
 * on the earlier slice and scored on the later one, beside the base-rate forecast of the earlier slice (climatology)
 * measured in the same run, and beside the built-in prior model (SLA share used alone).
 *
 *   npm run bench:risk                          # ../shared/data/service_requests, and a demo year on embedded PostgreSQL
 *   npm run bench:risk -- --data DIR --demo 0   # real data only
 *   DATABASE_URL=postgres://… npm run bench:risk -- --demo 5000
 *
 * Real data: NYC 311 (Due Date given) and LA MyLA311 (no due date: an SLA per request type is derived from the
 * training slice, the type's 80th-percentile time to close). See bench/README.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Calibration } from '../server/ai/risk/calibration.js';
import { PRIOR_RISK_MODEL } from '../server/ai/risk/model.js';
import { createdWithin, derivedSlaHours, parseTimedRequests, requestEpisodes, splitByShare, type TimedExport } from '../server/ai/risk/service-requests.js';
import { fitRiskModel, rowRate, scoreRiskModel, type Episode } from '../server/ai/risk/train.js';
import { seedDemo } from '../server/cli/demo.js';
import { generateDataKey } from '../server/domain/privacy/data-keys.js';
import { FieldCipher } from '../server/domain/privacy/field-cipher.js';
import { BreachRiskService } from '../server/services/breach-risk.service.js';
import { ReferenceDataService } from '../server/services/reference-data.service.js';
import type { StaffActor } from '../server/domain/permissions/jurisdiction.js';
import { openAppPool, openPool, withStaffScope, type Db } from '../server/store/db.js';
import { StaffQueueRepository } from '../server/store/staff-queue.repository.js';
import { migrate } from '../server/store/migrate.js';
import { RiskRepository } from '../server/store/risk.repository.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';
import { provisionDatabase } from './lib/database.js';
import { percentile } from './lib/stats.js';

const { values: args } = parseArgs({ options: { data: { type: 'string', default: '../shared/data/service_requests' }, demo: { type: 'string', default: '3000' } } });
const DATA = path.resolve(args.data!);
const read = (file: string): TimedExport => parseTimedRequests(readFileSync(path.join(DATA, file)));
const year = (y: number) => Date.UTC(y, 0, 1);

/** One evaluation: training and held-out episodes, and how the deadline was found. */
interface Split {
  label: string;
  deadline: string;
  train: Episode[];
  test: Episode[];
}

function splits(): Split[] {
  const mixed = read('nyc311_mixed_agencies_1k.csv');
  const animal = read('nyc311_dohmh_illegal_animal_2010-2025.csv');
  const [mixedTrain, mixedTest] = splitByShare(requestEpisodes(mixed), 0.7);
  // DOHMH: Due Dates exist up to 2019 but closures are recorded only to 2013 (from 2020 a request is either closed at the
  // second it was filed or never: nothing to forecast, see bench/README.md).
  const dueEra = requestEpisodes(createdWithin(animal, year(2010), year(2013)));
  // LA: two windows a year before the held-out one (each file its own export time).
  const laTrainFiles = [read('la_myla311_2017-12-27_to_12-31_10k.csv'), read('la_myla311_2018-01-01_to_01-04_10k.csv')];
  const laTest = read('la_myla311_2018-12-27_to_12-31_10k.csv');
  const laSla = derivedSlaHours(laTrainFiles.flatMap((f) => f.requests));
  return [
    { label: 'NYC 311, 16 agencies (2014-19)', deadline: 'Due Date', train: mixedTrain, test: mixedTest },
    { label: 'NYC DOHMH animals, 2010-11 → 2012', deadline: 'Due Date', train: dueEra.filter((e) => e.startedAt < year(2012)), test: dueEra.filter((e) => e.startedAt >= year(2012)) },
    { label: 'LA MyLA311, Dec 2017-Jan 2018 → Dec 2018', deadline: 'derived p80', train: laTrainFiles.flatMap((f) => requestEpisodes(f, laSla)), test: requestEpisodes(laTest, laSla) },
  ];
}

const f3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));

function line(label: string, c: Calibration): string {
  return `  ${label.padEnd(22)} Brier ${f3(c.brier)}  ratio ${f3(c.brierRatio)}  log loss ${f3(c.logLoss)}  AUC ${f3(c.auc)}  ECE ${f3(c.ece)}`;
}

function report(split: Split): Calibration {
  const rate = rowRate(split.train);
  const model = fitRiskModel(split.train);
  const scored = scoreRiskModel(model, split.test, rate);
  const prior = scoreRiskModel(PRIOR_RISK_MODEL, split.test, rate);
  const rows = (e: Episode[]) => e.reduce((s, x) => s + x.snapshots.length, 0);
  console.log(`\n${split.label} (deadline: ${split.deadline})`);
  console.log(`  train ${split.train.length} episodes / ${rows(split.train)} snapshots, breach rate ${f3(rate)}; held out ${split.test.length} / ${rows(split.test)}, breach rate ${f3(scored.positives / Math.max(1, scored.count))}`);
  console.log(`  ${'climatology'.padEnd(22)} Brier ${f3(scored.brierReference)}  (the training slice's rate, ${f3(rate)}, for every snapshot)`);
  console.log(line('model', scored));
  console.log(line('prior (SLA share only)', prior));
  console.log('  reliability (deciles of the forecast): mean forecast → observed breach rate (n)');
  for (const r of scored.reliability) console.log(`    ${f3(r.meanPredicted)} → ${f3(r.observedRate)}  (${r.count})`);
  return scored;
}

async function demo(count: number): Promise<void> {
  if (count <= 0) return;
  const database = await provisionDatabase(process.env.DATABASE_URL);
  const db = await openPool(database.url, 4);
  try {
    await migrate(db);
    await writeProvinceSeed(db, await readProvinceSeed());
    await seedDemo(db, new FieldCipher([generateDataKey()]), count);
    // The product's own path: the nightly job's training (latest fifth of a year of history held out).
    const { result } = await new BreachRiskService(db, new ReferenceDataService(db), new RiskRepository()).train();
    console.log(`\nDemo history (ekhtyar seed --demo, ${count} complaints over a year; ${database.where})`);
    if (!result.heldOut) {
      console.log(`  prior kept: ${result.fallback}`);
      return;
    }
    const c = result.heldOut;
    console.log(`  train ${c.trainEpisodes} episodes, held out ${c.heldOutEpisodes} (${c.count} snapshots, breach rate ${f3(c.positives / c.count)})`);
    console.log(`  ${'climatology'.padEnd(22)} Brier ${f3(c.brierReference)}`);
    console.log(line('model', c));
    for (const r of c.reliability) console.log(`    ${f3(r.meanPredicted)} → ${f3(r.observedRate)}  (${r.count})`);
    await queueCost(db, database.url);
  } finally {
    await db.end();
    await database.release();
  }
}

/**
 * What the forecasts add to a queue request: the page query alone (reference) against the page plus the risk inputs'
 * one statement and the arithmetic, both in the officer's row-level-security transaction, for the busiest office.
 */
async function queueCost(db: Db, url: string): Promise<void> {
  const office = (await db.query(`select office_id from complaints where office_id is not null and state in ('assigned', 'in_progress') group by 1 order by count(*) desc limit 1`)).rows[0].office_id as string;
  const actor: StaffActor = { id: '00000000-0000-4000-8000-000000000001', role: 'officer', officeIds: [office], scope: [] };
  const staffDb = await openAppPool(url, 2, 'staff');
  const reference = new ReferenceDataService(db);
  const { calendar } = await reference.current();
  const risk = new BreachRiskService(db, reference, new RiskRepository());
  const queue = new StaffQueueRepository();
  const filter = { states: ['submitted', 'triage', 'assigned', 'in_progress', 'awaiting_citizen', 'resolved'], limit: 50 };
  const once = async (withRisk: boolean): Promise<number> => {
    const start = performance.now();
    await withStaffScope(staffDb, actor, async (tx) => {
      const page = await queue.page(tx, actor, filter);
      if (withRisk) await risk.forQueue(tx, page, calendar, new Date());
    });
    return performance.now() - start;
  };
  try {
    // Interleaved, so that the machine's load (other processes) falls on both sides alike.
    const plainMs: number[] = [];
    const forecastMs: number[] = [];
    for (let i = 0; i < 220; i++) {
      const [a, b] = [await once(false), await once(true)];
      if (i < 20) continue;
      plainMs.push(a);
      forecastMs.push(b);
    }
    const [plain, forecast] = [Float64Array.from(plainMs).sort(), Float64Array.from(forecastMs).sort()];
    const p = (a: Float64Array, q: number) => percentile(a, q)!;
    console.log(`\nQueue request, officer of ${office} (50 a page, 200 runs a side, interleaved, after 20 warm-up; row-level security)`);
    console.log(`  page alone (reference)   p50 ${p(plain, 50).toFixed(2)} ms  p99 ${p(plain, 99).toFixed(2)} ms`);
    console.log(`  page + breach risk       p50 ${p(forecast, 50).toFixed(2)} ms  p99 ${p(forecast, 99).toFixed(2)} ms  ratio (p50) ${(p(forecast, 50) / p(plain, 50)).toFixed(2)}×`);
  } finally {
    await staffDb.end();
  }
}

async function main(): Promise<void> {
  console.log('SLA-breach risk: fitted on the earlier slice, scored on the later one (snapshots at 0/25/50/75/90 % of the SLA)');
  for (const split of splits()) report(split);
  await demo(Number(args.demo));
}

await main();
