import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrackingCode } from '../server/domain/tracking-code.js';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { staffSession, type SignedIn } from './helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let office: { id: string; area_id: string };
let categoryId: string;
let officer: SignedIn;
let monitor: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar'`)).rows[0];
  officer = await staffSession(app, 'officer', { officeIds: [office.id] });
  monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
  admin = await staffSession(app, 'administrator');
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const file = (description: string) =>
  app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description, location: { areaId: office.area_id }, anonymous: true } });
const queue = async (who: SignedIn, status = 'pending') => app.inject({ method: 'GET', url: `/api/v1/staff/moderation?status=${status}`, headers: who.headers });
const codes = async (who: SignedIn, status = 'pending') => ((await queue(who, status)).json().complaints as Array<{ code: string }>).map((c) => c.code);
const post = (who: SignedIn, url: string, payload?: object) => app.inject({ method: 'POST', url, headers: who.headers, ...(payload && { payload }) });

describe('abuse screening at intake', () => {
  it('files a profane complaint with a code, routes it as usual and puts it in the moderation queue', async () => {
    const filed = await file('Bhenchod dispensary wale subah das baje hi band kar dete hain');
    // The lexicon finds the swear word; the model judges the text abusive too.
    expect(filed.statusCode).toBe(201);
    const { code } = filed.json();
    expect(code).toMatch(/^KP-/);
    const row = (await database.db.query(`select state, office_id, description, moderation_status, moderation_reasons from complaints where code = $1`, [code])).rows[0];
    expect(row).toMatchObject({ state: 'assigned', office_id: office.id, moderation_status: 'pending', moderation_reasons: ['model', 'profanity'] });
    expect(row.description).toContain('dispensary');
    const listed = (await queue(monitor)).json().complaints.find((c: { code: string }) => c.code === code);
    expect(listed).toMatchObject({ code, status: 'pending', reasons: ['model', 'profanity'], score: 1, confidence: expect.any(Number), officeId: office.id, description: 'Bhenchod dispensary wale subah das baje hi band kar dete hain' });
    // The office's queue marks it.
    const inQueue = (await app.inject({ url: '/api/v1/staff/complaints?limit=200', headers: officer.headers })).json().items as Array<{ code: string; moderation: unknown }>;
    expect(inQueue.find((i) => i.code === code)).toMatchObject({ moderation: 'pending' });
    // The office working it sees the flag beside the description.
    const seen = await app.inject({ method: 'GET', url: `/api/v1/staff/complaints/${code}`, headers: officer.headers });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().moderation).toEqual({ status: 'pending', reasons: ['model', 'profanity'] });
    // The citizen's view says nothing of it.
    const tracked = await app.inject({ method: 'GET', url: `/api/v1/complaints/${code}` });
    expect(tracked.json()).toMatchObject({ code });
    expect(tracked.json()).not.toHaveProperty('moderation');
  });

  it('flags Urdu script abuse too, and not a clean complaint or one that reports abuse', async () => {
    const urdu = (await file('یہ حرامی ڈاکٹر رشوت کے بغیر دوائی نہیں دیتا')).json().code;
    const clean = (await file('The dispensary is closed before noon every day.')).json().code;
    const reported = (await file('The officer abused me and my mother at the dispensary, افسر نے گالیاں دیں')).json().code;
    const pending = await codes(admin);
    expect(pending).toContain(urdu);
    expect(pending).not.toContain(clean);
    expect(pending).not.toContain(reported);
    expect((await database.db.query(`select moderation_status from complaints where code = $1`, [clean])).rows[0].moderation_status).toBe('none');
    const items = (await app.inject({ url: '/api/v1/staff/complaints?limit=200', headers: officer.headers })).json().items as Array<{ code: string; moderation: unknown }>;
    expect(items.find((i) => i.code === clean)).toMatchObject({ moderation: null });
  });

  it('lets a monitor clear and an administrator uphold, audit-logged; each decision only once', async () => {
    const a = (await file('What the fuck, the dispensary is closed again')).json().code;
    const b = (await file('haramzade doctor ne paise maange aur dawai nahi di')).json().code;
    expect((await post(monitor, `/api/v1/staff/moderation/${a}/clear`, { note: 'frustration, not aimed at anyone' })).statusCode).toBe(204);
    expect((await post(admin, `/api/v1/staff/moderation/${b}/uphold`, { reason: 'insults the doctor' })).statusCode).toBe(204);
    expect((await post(admin, `/api/v1/staff/moderation/${a}/uphold`, { reason: 'again' })).statusCode).toBe(404);
    expect((await post(admin, `/api/v1/staff/moderation/${b}/uphold`, {})).statusCode).toBe(400);
    const pending = await codes(monitor);
    expect(pending).not.toContain(a);
    expect(pending).not.toContain(b);
    expect(await codes(monitor, 'cleared')).toContain(a);
    // In the office's queue a cleared flag is gone and an upheld one stays.
    const items = (await app.inject({ url: '/api/v1/staff/complaints?limit=200', headers: officer.headers })).json().items as Array<{ code: string; moderation: unknown }>;
    expect(items.find((i) => i.code === a)).toMatchObject({ moderation: null });
    expect(items.find((i) => i.code === b)).toMatchObject({ moderation: 'upheld' });
    expect((await queue(monitor, 'upheld')).json().complaints.find((c: { code: string }) => c.code === b)).toMatchObject({ status: 'upheld', note: 'insults the doctor', moderatedBy: admin.id });
    const audit = (await database.db.query(`select action, actor_id, payload from audit_log where action like 'complaint.moderation_%' order by id`)).rows;
    expect(audit).toEqual([
      expect.objectContaining({ action: 'complaint.moderation_cleared', actor_id: monitor.id, payload: expect.objectContaining({ reasons: ['profanity'] }) }),
      expect.objectContaining({ action: 'complaint.moderation_upheld', actor_id: admin.id, payload: expect.objectContaining({ reasons: ['abuse'] }) }),
    ]);
  });

  it('refuses an officer and the signed-out', async () => {
    expect((await queue(officer)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/moderation' })).statusCode).toBe(401);
  });

  it('answers a malformed tracking code with a 400 problem naming the code, changing nothing', async () => {
    const pending = (await file('bhenchod dispensary band hai')).json().code as string;
    const before = (await database.db.query(`select count(*)::int as n from audit_log where action like 'complaint.moderation_%'`)).rows[0].n;
    for (const [code, action, payload] of [
      ['not-a-code', 'clear', undefined],
      [`${pending.slice(0, -1)}${pending.endsWith('A') ? 'B' : 'A'}`, 'uphold', { reason: 'check character wrong' }],
      ['KP-%20%27;drop', 'clear', {}],
      ['x'.repeat(41), 'uphold', { reason: 'too long' }],
    ] as const) {
      const res = await post(monitor, `/api/v1/staff/moderation/${code}/${action}`, payload);
      expect(res.statusCode, code).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      // The schema names it /params/code (over 40 characters), the tracking-code check /code, as on every code route.
      expect(res.json().errors, code).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringMatching(/^\/(params\/)?code$/) })]));
    }
    expect((await database.db.query(`select count(*)::int as n from audit_log where action like 'complaint.moderation_%'`)).rows[0].n).toBe(before);
    expect(await codes(monitor)).toContain(pending);
  });

  it('answers 400 for any code that is not a tracking code (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 50 }).filter((s) => parseTrackingCode(s) === null), async (code) => {
        const res = await post(monitor, `/api/v1/staff/moderation/${encodeURIComponent(code)}/clear`, {});
        expect(res.statusCode).toBe(400);
        expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringMatching(/^\/(params\/)?code$/) })]));
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
