import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { train, type LabelledText, type LinearModel } from '../server/ai/classifier/linear-model.js';
import { serialiseModel } from '../server/ai/classifier/model-file.js';
import { topLabels } from '../server/ai/routing/retraining.js';
import { generateTrackingCode } from '../server/domain/tracking-code.js';
import { RetrainRoutingModelTask } from '../server/jobs/RetrainRoutingModelTask.js';
import { buildTestApp } from './helpers/app.js';
import { ekhtyar } from './helpers/cli.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { DEPARTMENT_CATEGORY, slice } from './helpers/routing-data.js';
import { staffSession, type SignedIn } from './helpers/staff.js';

/**
 * The routing classifier as a product feature, on real PostgreSQL: models stored in the database and imported from the
 * command line, e-mail routed by the active model above the confidence threshold, scheduled retraining that promotes a
 * better candidate and keeps a worse one as rejected, rollback, and the administrators' API. Texts are real
 * grievances (Sambodhan), their departments mapped to four seeded categories.
 */
const ADDRESS = 'complaints@ekhtyar.test';
const CATEGORIES = Object.values(DEPARTMENT_CATEGORY);
const FEATURES = { hashBits: 16, charMin: 2, charMax: 5 };

let database: TestDatabase;
let app: FastifyInstance;
let dir: string;
let good: LinearModel;
let admin: SignedIn;
let officer: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db, { EKHTYAR_ROUTING_MIN_CONFIDENCE: '0.6', EKHTYAR_RETRAIN_MIN_EXAMPLES: '100', EKHTYAR_RETRAIN_HASH_BITS: '16' });
  dir = await mkdtemp(join(tmpdir(), 'ekhtyar-routing-'));
  good = train(slice(60), { features: FEATURES });
  admin = await staffSession(app, 'administrator');
  officer = await staffSession(app, 'officer', { officeIds: [(await database.db.query('select id from offices limit 1')).rows[0].id] });
});
afterAll(async () => {
  await app.close();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: database.url });
const modelRows = async () => (await database.db.query<{ version: number; status: string; source: string; macro_f1: number | null; compared_version: number | null; compared_macro_f1: number | null; rolled_back_at: Date | null }>('select version, status, source, macro_f1, compared_version, compared_macro_f1, rolled_back_at from router_models order by version')).rows;
const auditActions = async () => (await database.db.query<{ action: string; subject_id: string }>(`select action, subject_id from audit_log where action like 'router_model.%' order by id`)).rows;
const active = async () => (await modelRows()).find((m) => m.status === 'active')?.version ?? null;
const rotated = (label: string) => CATEGORIES[(CATEGORIES.indexOf(label) + 1) % CATEGORIES.length]!;

async function modelFile(name: string, model: LinearModel, change: (json: Record<string, unknown>) => void = () => undefined): Promise<string> {
  const json = JSON.parse(serialiseModel(model)) as Record<string, unknown>;
  change(json);
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(json));
  return path;
}

/** Mails a complaint to the intake and handles it; returns the complaint's category, state and routing event payload. */
async function mail(text: string): Promise<{ category: string; state: string; routing: Record<string, unknown> }> {
  const raw = Buffer.from(`From: Citizen <citizen-${randomUUID().slice(0, 8)}@example.org>\r\nTo: ${ADDRESS}\r\nSubject: Complaint\r\nMessage-ID: <${randomUUID()}@example.org>\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`);
  await app.services.emailInbound.receive({ envelopeFrom: 'citizen@example.org', envelopeTo: [ADDRESS], raw });
  await app.services.emailInbound.processPending();
  const { rows } = await database.db.query(
    `select c.category_id as category, c.state, e.payload from inbound_messages m join complaints c on c.id = m.complaint_id join complaint_events e on e.complaint_id = c.id and e.seq = 2
      where m.channel = 'email' order by m.id desc limit 1`,
  );
  return { category: rows[0].category, state: rows[0].state, routing: rows[0].payload };
}

/** Stores closed complaints with these descriptions and final categories, a minute apart (oldest first). */
async function closedComplaints(examples: LabelledText[], start: Date): Promise<void> {
  const at = (i: number) => new Date(start.getTime() + i * 60_000);
  await database.db.query(
    `insert into complaints (id, code, state, category_id, channel, language, description, citizen_secret_hash, created_at, updated_at, closed_at)
     select gen_random_uuid(), code, 'closed', category, 'web', 'en', description, '\\x00', created, created, created
       from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) as t(code, category, description, created)`,
    [examples.map(() => generateTrackingCode()), examples.map((e) => e.label), examples.map((e) => e.text), examples.map((_, i) => at(i))],
  );
}

describe('routing by the classifier', () => {
  it('files by keywords exactly as before while there is no model', async () => {
    const text = 'There has been no electricity in our street since yesterday, the transformer is burnt.';
    const keyword = (await app.services.reference.current()).categoryMatcher.match(`Complaint\n${text}`);
    const filed = await mail(text);
    expect(filed.category).toBe(keyword?.categoryId);
    expect(filed.routing).not.toHaveProperty('modelVersion');
    expect(filed.routing).not.toHaveProperty('categoryChosenBy');
    const suggested = await app.inject({ method: 'POST', url: '/api/v1/categories/suggest', payload: { text } });
    expect(suggested.json()).toEqual({ modelVersion: null, suggestions: [] });
  });

  it('refuses a model file that is missing, of another format version, not JSON or labelled with unknown categories, writing nothing', async () => {
    const wrongVersion = await modelFile('v2.json', good, (json) => (json.formatVersion = 2));
    const unknownLabels = await modelFile('unknown.json', train([...slice(3).map((e) => ({ ...e, label: e.label === 'police-inaction' ? 'not-a-category' : e.label }))], { features: FEATURES }));
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, 'not json at all');
    const cases = [
      [join(dir, 'missing.json'), 'no such file'],
      [wrongVersion, 'format version 2'],
      [notJson, 'not JSON'],
      [unknownLabels, 'not categories: "not-a-category"'],
    ] as const;
    // Each run starts a Node process and connects: they run side by side.
    const results = await Promise.all(cases.map(([file]) => ekhtyar(['model', 'import', '--file', file, '--activate'], env())));
    cases.forEach(([file, message], i) => {
      expect(results[i]!.code, file).toBe(1);
      expect(results[i]!.stderr, file).toContain(message);
    });
    expect(await modelRows()).toEqual([]);
    expect(await auditActions()).toEqual([]);
  }, 120_000);

  it('imports a model made by training and makes it active, on the audit log', async () => {
    const result = await ekhtyar(['model', 'import', '--file', await modelFile('good.json', good), '--activate'], env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/stored v1 +active +cli_import .* 4 categories, 240 examples/);
    expect(await modelRows()).toMatchObject([{ version: 1, status: 'active', source: 'cli_import' }]);
    expect(await auditActions()).toEqual([{ action: 'router_model.imported', subject_id: 'category:1' }, { action: 'router_model.promoted', subject_id: 'category:1' }]);
    const list = await ekhtyar(['model', 'list'], env());
    expect(list.stdout).toMatch(/^v1 +active +cli_import/);
    app.services.routerModels.invalidate();
  }, 60_000);

  it('routes an e-mail to the model\'s category when it is sure enough, recording the version and confidence', async () => {
    const sure = slice(40, 100).find((e) => topLabels(good, `Complaint\n${e.text}`, 1)[0]!.confidence >= 0.8 && topLabels(good, `Complaint\n${e.text}`, 1)[0]!.label === e.label)!;
    const filed = await mail(sure.text);
    expect(filed.category).toBe(sure.label);
    expect(filed.routing).toMatchObject({ categoryChosenBy: 'model', modelVersion: 1, modelCategoryId: sure.label });
    expect(filed.routing.modelConfidence).toBeGreaterThanOrEqual(0.6);
  });

  it('suggests the three likeliest categories for the web form, and names a bad body', async () => {
    const text = slice(1, 150)[0]!.text;
    const response = await app.inject({ method: 'POST', url: '/api/v1/categories/suggest', payload: { text } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { modelVersion: number; suggestions: { categoryId: string; confidence: number; name: { en: string } }[] };
    expect(body.modelVersion).toBe(1);
    expect(body.suggestions.map((s) => s.categoryId)).toEqual(topLabels(good, text, 3).map((l) => l.label));
    expect(body.suggestions[0]!.confidence).toBeGreaterThanOrEqual(body.suggestions[1]!.confidence);
    expect(body.suggestions[0]!.name.en).not.toBe('');
    const bad = await app.inject({ method: 'POST', url: '/api/v1/categories/suggest', payload: { text: 'short' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('/text');
  });

  it('sends an e-mail to triage (low_confidence) when the model is unsure and no keyword matches', async () => {
    const matcher = (await app.services.reference.current()).categoryMatcher;
    const unsure = slice(100, 100).find((e) => topLabels(good, `Complaint\n${e.text}`, 1)[0]!.confidence < 0.5 && !matcher.match(`Complaint\n${e.text}`))!;
    expect(unsure).toBeDefined();
    const filed = await mail(unsure.text);
    expect(filed.state).toBe('triage');
    expect(filed.routing).toMatchObject({ reason: 'low_confidence', categoryChosenBy: 'fallback', modelVersion: 1 });
    expect(filed.routing.modelConfidence).toBeLessThan(0.6);
    expect(filed.category).toBe(topLabels(good, `Complaint\n${unsure.text}`, 1)[0]!.label);
  });

  it('refuses to retrain with too few examples, writing no model', async () => {
    await closedComplaints(slice(5, 300), new Date('2025-01-01T00:00:00Z'));
    const result = await RetrainRoutingModelTask.run(app.services.routerModels);
    expect(result).toMatchObject({ outcome: 'refused' });
    expect(result.outcome === 'refused' && result.reason).toMatch(/needs at least 100/);
    expect((await modelRows()).map((m) => m.version)).toEqual([1]);
  });

  it('promotes a retrained candidate that does better than the active model on the same held-out complaints', async () => {
    // The active model has every label wrong: any sensible candidate beats it.
    const wrong = train(slice(60).map((e) => ({ ...e, label: rotated(e.label) })), { features: FEATURES });
    await app.services.routerModels.importModel(serialiseModel(wrong), { role: 'system', id: 'test' }, true);
    await closedComplaints(slice(100, 200), new Date('2025-02-01T00:00:00Z'));
    const result = await RetrainRoutingModelTask.run(app.services.routerModels);
    expect(result.outcome).toBe('promoted');
    const rows = await modelRows();
    expect(rows.map((m) => [m.version, m.status])).toEqual([[1, 'retired'], [2, 'retired'], [3, 'active']]);
    const v3 = rows[2]!;
    expect(v3).toMatchObject({ source: 'scheduled_retrain', compared_version: 2 });
    expect(v3.macro_f1!).toBeGreaterThan(v3.compared_macro_f1!);
    expect((await auditActions()).at(-1)).toEqual({ action: 'router_model.promoted', subject_id: 'category:3' });
  });

  it('rolls back to the model active before, never back to one a rollback took out', async () => {
    const first = await ekhtyar(['model', 'rollback'], env());
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/active again: v2/);
    expect(await active()).toBe(2);
    const second = await app.inject({ method: 'POST', url: '/api/v1/admin/models/rollback', headers: admin.headers });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ version: 1, status: 'active' });
    const third = await app.inject({ method: 'POST', url: '/api/v1/admin/models/rollback', headers: admin.headers });
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ code: 'no_model_to_roll_back' });
    expect((await modelRows()).filter((m) => m.rolled_back_at !== null).map((m) => m.version)).toEqual([2, 3]);
    expect((await auditActions()).filter((a) => a.action === 'router_model.rolled_back').map((a) => a.subject_id)).toEqual(['category:2', 'category:1']);
  }, 60_000);

  it('keeps a candidate that does worse than the active model as rejected, with both figures', async () => {
    // The old complaints now carry wrong categories; the newest (the held-out tenth) keep their right ones.
    await database.db.query(
      `update complaints set category_id = case category_id ${CATEGORIES.map((c) => `when '${c}' then '${rotated(c)}'`).join(' ')} end
        where state = 'closed' and created_at < (select percentile_disc(0.8) within group (order by created_at) from complaints where state = 'closed')`,
    );
    const result = await app.services.routerModels.retrain('admin_retrain', { role: 'system', id: 'test' });
    expect(result.outcome).toBe('rejected');
    const v4 = (await modelRows()).at(-1)!;
    expect(v4).toMatchObject({ version: 4, status: 'rejected', compared_version: 1 });
    expect(v4.macro_f1!).toBeLessThan(v4.compared_macro_f1!);
    expect(await active()).toBe(1);
    expect((await auditActions()).at(-1)).toEqual({ action: 'router_model.rejected', subject_id: 'category:4' });
  });
});

describe('the administrators\' model API', () => {
  it('is for administrators only', async () => {
    for (const [method, url] of [['GET', '/api/v1/admin/models'], ['POST', '/api/v1/admin/models/retrain'], ['POST', '/api/v1/admin/models/3/promote'], ['POST', '/api/v1/admin/models/rollback']] as const) {
      expect((await app.inject({ method, url, headers: officer.headers })).statusCode, url).toBe(403);
      expect((await app.inject({ method, url })).statusCode, url).toBe(401);
    }
    expect(await active()).toBe(1);
  });

  it('lists the models with their held-out figures, and promotes one (with the CSRF token only)', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/admin/models', headers: admin.headers });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { version: number; heldOut: { compared: { version: number } | null } | null }[];
    expect(items.map((m) => m.version)).toEqual([4, 3, 2, 1]);
    expect(items[0]!.heldOut?.compared?.version).toBe(1);
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/models/3/promote', headers: { cookie: admin.cookie } })).statusCode).toBe(403);
    const promoted = await app.inject({ method: 'POST', url: '/api/v1/admin/models/3/promote', headers: admin.headers });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ version: 3, status: 'active' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/models/4/promote', headers: admin.headers })).json()).toMatchObject({ code: 'model_not_promotable' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/models/99/promote', headers: admin.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/v1/admin/models/x/promote', headers: admin.headers })).statusCode).toBe(400);
  });
});
