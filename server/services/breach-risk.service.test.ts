import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { testCipher } from '../../test/helpers/keys.js';
import { staffSession, type SignedIn } from '../../test/helpers/staff.js';
import { RISK_FEATURES } from '../ai/risk/model.js';
import { seedDemo } from '../cli/demo.js';
import { TrainBreachRiskModelTask } from '../jobs/TrainBreachRiskModelTask.js';
import { RiskRepository } from '../store/risk.repository.js';
import { BreachRiskService } from './breach-risk.service.js';
import { ReferenceDataService } from './reference-data.service.js';

let database: TestDatabase;
let app: FastifyInstance;
const NOW = new Date('2026-06-01T12:00:00+05:00');

/** A seeded generator (xorshift32), so the demo history is the same every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const service = () => new BreachRiskService(database.db, new ReferenceDataService(database.db), new RiskRepository(), { cacheMs: 0 });
const stored = async () => (await database.db.query('select kind, model, episodes, snapshots, fallback, held_out from risk_models order by id')).rows;

describe('training the breach-risk model on history', () => {
  it('stores the prior model with its reason on a new installation, and the queue predicts with it', async () => {
    const { result } = await TrainBreachRiskModelTask.run(service());
    expect(result.model.kind).toBe('prior');
    const [row] = await stored();
    expect(row).toMatchObject({ kind: 'prior', episodes: 0, held_out: null });
    expect(row.fallback).toMatch(/fewer than 100/);
    expect((await service().model()).kind).toBe('prior');
  });

  it('fits coefficients and measures calibration on the latest history it held out, from a seeded demo year', async () => {
    await seedDemo(database.db, testCipher(), 1500, NOW, seeded(42));
    const { result } = await service().train(NOW);
    expect(result.fallback).toBeNull();
    const rows = await stored();
    expect(rows).toHaveLength(2);
    const latest = rows[1];
    expect(latest.kind).toBe('trained');
    expect(latest.model.features).toEqual([...RISK_FEATURES]);
    expect(latest.model.weights).toHaveLength(RISK_FEATURES.length);
    expect(latest.model.weights[0]).toBeGreaterThan(0); // more of the SLA used, more risk
    expect(latest.episodes).toBeGreaterThan(1000);
    expect(latest.snapshots).toBeGreaterThan(latest.episodes);
    expect(Object.keys(latest.model.categories).length).toBeGreaterThan(5);
    expect(latest.held_out.heldOutEpisodes).toBe(latest.episodes - latest.held_out.trainEpisodes);
    // Figures a reader can check against bench/README.md: better than the base rate, calibrated within a few points.
    expect(latest.held_out.brierRatio).toBeLessThan(1);
    expect(latest.held_out.ece).toBeLessThan(0.1);
    expect(latest.held_out.reliability).toHaveLength(10);
    const model = await service().model();
    expect(model.kind).toBe('trained');
    expect(model.intercept).toBeCloseTo(latest.model.intercept, 12);
  });

  it('keeps only the newest models', async () => {
    const keepTwo = new BreachRiskService(database.db, new ReferenceDataService(database.db), new RiskRepository(), { keepModels: 2 });
    await keepTwo.train(NOW);
    await keepTwo.train(NOW);
    expect(await stored()).toHaveLength(2);
  });
});

describe('breach risk in the staff queue', () => {
  it('forecasts each open complaint with the newest model, from its office’s recent load read within the reader’s jurisdiction', async () => {
    const office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar'`)).rows[0];
    const other = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.malakand.swat'`)).rows[0];
    const officer = await staffSession(app, 'officer', { officeIds: [office.id] });
    const stranger = await staffSession(app, 'officer', { officeIds: [other.id] });
    await staffSession(app, 'officer', { officeIds: [office.id] }); // a second officer halves the load
    const categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
    const file = async (areaId: string) => (await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'The BHU has had no doctor for a week.', location: { areaId }, anonymous: true } })).json().code as string;
    const mine = await file(office.area_id);
    const theirs = await file(other.area_id);
    // A model that reads only the load: risk = σ(−1 + 0.8 · log(1 + open per officer)).
    const weights = RISK_FEATURES.map((f) => (f === 'log_office_load' ? 0.8 : 0));
    await database.db.query(`insert into risk_models (trained_at, kind, model, episodes, snapshots) values (now() + interval '1 day', 'trained', $1, 0, 0)`, [
      { kind: 'trained', intercept: -1, weights, globalRate: 0.2, categories: {}, offices: {}, features: RISK_FEATURES },
    ]);
    const expected = async (officeId: string) => {
      const open = (await database.db.query(`select count(*)::int as n from complaints where office_id = $1 and state in ('triage', 'assigned', 'in_progress', 'awaiting_citizen') and created_at >= now() - interval '30 days'`, [officeId])).rows[0].n;
      const officers = (await database.db.query(`select count(*)::int as n from staff_user_offices so join staff_users u on u.id = so.user_id where so.office_id = $1 and u.role in ('officer', 'head_of_office')`, [officeId])).rows[0].n;
      return Math.round(1000 / (1 + Math.exp(1 - 0.8 * Math.log1p(open / officers)))) / 1000;
    };
    const queue = async (who: SignedIn) => (await app.inject({ method: 'GET', url: '/api/v1/staff/complaints?limit=200', headers: who.headers })).json().items as { code: string; state: string; breachRisk: number | null }[];
    const items = await queue(officer);
    expect(items.find((i) => i.code === mine)?.breachRisk).toBe(await expected(office.id));
    expect(items.map((i) => i.code)).not.toContain(theirs);
    const strangers = await queue(stranger);
    expect(strangers.find((i) => i.code === theirs)?.breachRisk).toBe(await expected(other.id));
    expect(strangers.map((i) => i.code)).not.toContain(mine);
    // Resolved complaints wait on the citizen, not on an office clock: no forecast.
    const resolved = (await queue(officer)).filter((i) => i.state === 'resolved');
    expect(resolved.every((i) => i.breachRisk === null)).toBe(true);
  });
});
