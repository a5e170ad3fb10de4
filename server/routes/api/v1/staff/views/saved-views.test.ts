import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { staffSession, type SignedIn } from '../../../../../../test/helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let officeId: string;
let alice: SignedIn;
let bob: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  officeId = (await database.db.query(`select id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar' limit 1`)).rows[0].id;
  alice = await staffSession(app, 'officer', { officeIds: [officeId] });
  bob = await staffSession(app, 'officer', { officeIds: [officeId] });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const list = async (who: SignedIn) => (await app.inject({ method: 'GET', url: '/api/v1/staff/views', headers: who.headers })).json() as { views: { id: string; name: string; filters: object }[]; limit: number };
const save = (who: SignedIn, payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/staff/views', headers: who.headers, payload: payload as object });
const remove = (who: SignedIn, id: string) => app.inject({ method: 'DELETE', url: `/api/v1/staff/views/${id}`, headers: who.headers });
const count = async (userId: string) => Number((await database.db.query(`select count(*) from saved_views where user_id = $1`, [userId])).rows[0].count);

describe('saved views of the queue', () => {
  it('saves, lists and deletes a view of one’s own filters', async () => {
    const filters = { state: ['submitted', 'assigned'], overdue: true, assignee: 'me', escalationLevel: 1, officeId };
    const saved = await save(alice, { name: 'Overdue, mine', filters });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ name: 'Overdue, mine', filters });
    expect((await list(alice)).views.map((v) => v.name)).toEqual(['Overdue, mine']);
    expect((await list(alice)).limit).toBe(50);
    expect((await remove(alice, saved.json().id)).statusCode).toBe(204);
    expect((await list(alice)).views).toEqual([]);
  });

  it('refuses bad input with 400 naming each field, and writes nothing', async () => {
    const before = await count(alice.id);
    const response = await save(alice, { name: '', filters: { state: ['sleeping'], overdue: 'yes', colour: 'red' } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const pointers = (response.json().errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/filters/state/0', '/filters/overdue', '/filters/colour']));
    expect((await save(alice, { filters: {} })).json().errors).toEqual([{ pointer: '/name', detail: 'is required' }]);
    expect((await save(alice, { name: '   ', filters: {} })).statusCode).toBe(400);
    expect(await count(alice.id)).toBe(before);
  });

  it('refuses any body that is not a name and known filters (property)', async () => {
    const before = await count(alice.id);
    await fc.assert(
      fc.asyncProperty(fc.record({ name: fc.oneof(fc.constant(''), fc.integer(), fc.string({ minLength: 81, maxLength: 90 })), filters: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['state', 'officeId', 'assignee', 'overdue', 'escalationLevel', 'categoryId'].includes(k)), fc.jsonValue(), { minKeys: 1, maxKeys: 3 }) }), async (body) => {
        const response = await save(alice, body);
        expect(response.statusCode).toBe(400);
        expect(response.json().errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 30 },
    );
    expect(await count(alice.id)).toBe(before);
  });

  it('keeps names unique per user (whatever the case) but not across users', async () => {
    expect((await save(alice, { name: 'Escalated', filters: { escalationLevel: 2 } })).statusCode).toBe(201);
    const again = await save(alice, { name: 'ESCALATED', filters: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ pointer: '/name', detail: expect.any(String) }]);
    expect((await save(bob, { name: 'Escalated', filters: {} })).statusCode).toBe(201);
  });

  it('shows each user only their own views, and another’s view cannot be deleted (404, still there)', async () => {
    const bobs = await list(bob);
    expect(bobs.views.map((v) => v.name)).toEqual(['Escalated']);
    const alices = await list(alice);
    expect(alices.views.map((v) => v.id)).not.toContain(bobs.views[0]!.id);
    const refused = await remove(alice, bobs.views[0]!.id);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('saved_view_not_found');
    expect((await list(bob)).views).toHaveLength(1);
    expect((await remove(alice, 'not-a-uuid')).statusCode).toBe(404);
  });

  it('row-level security hides every view from a transaction that has not said whose it is', async () => {
    const pool = (app.services.savedViews as unknown as { db: pg.Pool }).db;
    expect((await pool.query('select count(*)::int as n from saved_views')).rows[0].n).toBe(0);
  });

  it('keeps at most 50 views per user', async () => {
    const carol = await staffSession(app, 'officer', { officeIds: [officeId] });
    for (let i = 0; i < 50; i++) expect((await save(carol, { name: `View ${i}`, filters: { escalationLevel: i % 4 } })).statusCode).toBe(201);
    const over = await save(carol, { name: 'One too many', filters: {} });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('saved_view_limit_reached');
    expect(await count(carol.id)).toBe(50);
  });

  it('needs a signed-in working role and the CSRF token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/views' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/staff/views', headers: { cookie: alice.cookie }, payload: { name: 'x', filters: {} } })).statusCode).toBe(403);
    const agent = await staffSession(app, 'intake_agent', { officeIds: [officeId] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/views', headers: agent.headers })).statusCode).toBe(403);
  });
});
