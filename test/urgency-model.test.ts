import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { train, type LinearModel } from '../server/ai/classifier/linear-model.js';
import { serialiseModel } from '../server/ai/classifier/model-file.js';
import { topLabels } from '../server/ai/routing/retraining.js';
import { AppError } from '../server/errors.js';
import { buildTestApp } from './helpers/app.js';
import { ekhtyar } from './helpers/cli.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { urgencySlice } from './helpers/routing-data.js';
import { staffSession, type SignedIn } from './helpers/staff.js';

/**
 * Urgency as a product feature, on real PostgreSQL: an urgency model (labels are the organisation's own levels, here
 * Sambodhan's NORMAL / URGENT / HIGHLY URGENT) trained in the test on real grievances, imported with
 * `ekhtyar model import --purpose urgency`, guessed at intake and shown on the staff queue and complaint view.
 */
const LEVELS = ['NORMAL', 'URGENT', 'HIGHLY URGENT'];

let database: TestDatabase;
let app: FastifyInstance;
let dir: string;
let model: LinearModel;
let modelPath: string;
let officer: SignedIn;
let categoryId: string;
let areaId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  dir = await mkdtemp(join(tmpdir(), 'ekhtyar-urgency-'));
  model = train(urgencySlice(100), { features: { hashBits: 12, charMin: 2, charMax: 4 } });
  modelPath = join(dir, 'urgency.json');
  await writeFile(modelPath, serialiseModel(model));
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  const office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar'`)).rows[0];
  areaId = office.area_id;
  officer = await staffSession(app, 'officer', { officeIds: [office.id] });
});
afterAll(async () => {
  await app.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: database.url });

/** Files a complaint through the public API; returns its queue row and its staff view. */
async function file(description: string): Promise<{ row: Record<string, unknown>; view: Record<string, unknown> }> {
  const filed = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description, location: { areaId }, anonymous: true } });
  expect(filed.statusCode).toBe(201);
  const { code } = filed.json();
  const queue = await app.inject({ method: 'GET', url: '/api/v1/staff/complaints?limit=200', headers: officer.headers });
  expect(queue.statusCode).toBe(200);
  const row = (queue.json().items as { code: string }[]).find((i) => i.code === code)!;
  const view = (await app.inject({ method: 'GET', url: `/api/v1/staff/complaints/${code}`, headers: officer.headers })).json();
  return { row, view };
}

describe('urgency at intake', () => {
  it('files with no urgency while no urgency model is active', async () => {
    const { row, view } = await file('The dispensary has had no doctor for a week and patients are waiting.');
    expect(row).toHaveProperty('urgency', null);
    expect(view).toHaveProperty('urgency', null);
    expect((await database.db.query('select urgency, urgency_confidence from complaints')).rows).toEqual([{ urgency: null, urgency_confidence: null }]);
  });

  it('imports an urgency model with the organisation\'s own labels, which the category purpose refuses', async () => {
    const [asCategory, badPurpose] = await Promise.all([
      ekhtyar(['model', 'import', '--file', modelPath, '--activate'], env()),
      ekhtyar(['model', 'import', '--file', modelPath, '--purpose', 'mood'], env()),
    ]);
    expect(asCategory.code).toBe(1);
    expect(asCategory.stderr).toContain('not categories: "HIGHLY URGENT"');
    expect(badPurpose.code).toBe(1);
    expect(badPurpose.stderr).toContain('--purpose must be category or urgency');
    expect((await database.db.query('select count(*)::int as n from router_models')).rows[0].n).toBe(0);

    const imported = await ekhtyar(['model', 'import', '--file', modelPath, '--purpose', 'urgency', '--activate'], env());
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/stored v1 +active +cli_import .* urgency labels HIGHLY URGENT, NORMAL, URGENT, 300 examples/);
    const [urgencyList, categoryList] = await Promise.all([ekhtyar(['model', 'list', '--purpose', 'urgency'], env()), ekhtyar(['model', 'list'], env())]);
    expect(urgencyList.stdout).toMatch(/^v1 +active +cli_import/);
    expect(categoryList.stdout).toContain('no category models yet');
    const audit = (await database.db.query(`select action, subject_id from audit_log where action like 'router_model.%' order by id`)).rows;
    expect(audit).toEqual([{ action: 'router_model.imported', subject_id: 'urgency:1' }, { action: 'router_model.promoted', subject_id: 'urgency:1' }]);
    // Routing is untouched: no category model is active.
    app.services.routerModels.invalidate();
    expect(await app.services.routerModels.active()).toBeNull();
  }, 120_000);

  it('guesses the urgency of a new complaint and shows it on the queue and the complaint', async () => {
    app.services.urgencyModels.invalidate();
    const texts = urgencySlice(2, 300).map((e) => e.text);
    for (const text of texts) {
      const expected = topLabels(model, text.trim(), 1)[0]!;
      const { row, view } = await file(text);
      expect(row.urgency).toEqual({ label: expected.label, confidence: Math.round(expected.confidence * 1000) / 1000 });
      expect(view.urgency).toEqual(row.urgency);
      expect(LEVELS).toContain(expected.label);
    }
  });

  it('is not retrained (nothing to learn from yet) and never fails intake when its model cannot be loaded', async () => {
    await expect(app.services.urgencyModels.retrain('admin_retrain', { role: 'system', id: 'test' })).rejects.toBeInstanceOf(AppError);
    await database.db.query(`update router_models set model = '\\x00' where purpose = 'urgency'`);
    // Another version becomes active, so the service reloads (and fails to read) it.
    await database.db.query(`update router_models set version = 2 where purpose = 'urgency'`);
    app.services.urgencyModels.invalidate();
    const { row } = await file('The dispensary roof collapsed this morning and people are hurt.');
    expect(row.urgency).toBeNull();
  });
});
