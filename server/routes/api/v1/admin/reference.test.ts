import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockDueAt, startClock } from '../../../../domain/sla/sla-clock.js';
import { AuditVerifyService } from '../../../../services/audit-verify.service.js';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { staffSession, type SignedIn } from '../../../../../test/helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let admin: SignedIn;
let officer: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  admin = await staffSession(app, 'administrator');
  officer = await staffSession(app, 'officer', { officeIds: ['health@kp.peshawar.peshawar'] });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const call = (as: SignedIn, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload !== undefined && { payload: payload as object }) });
const pointers = (body: { errors?: { pointer: string }[] }) => (body.errors ?? []).map((e) => e.pointer).sort();
const auditOf = async (action: string, subjectId: string) =>
  (await database.db.query(`select actor_id, actor_role, payload from audit_log where action = $1 and subject_id = $2 order by id`, [action, subjectId])).rows;
const names = (en: string) => ({ en, ur: `${en} اردو`, ps: `${en} پښتو` });

describe('admin departments', () => {
  it('creates, lists, renames and deactivates a department, each change on the audit log', async () => {
    const created = await call(admin, 'POST', '/admin/departments', { id: 'tourism', name: names('Tourism'), officeLevel: 'district' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'tourism', name: names('Tourism'), officeLevel: 'district', active: true });
    expect((await call(admin, 'GET', '/admin/departments')).json().departments.map((d: { id: string }) => d.id)).toContain('tourism');
    const renamed = await call(admin, 'PATCH', '/admin/departments/tourism', { name: names('Tourism and Culture') });
    expect(renamed.json().name.en).toBe('Tourism and Culture');
    const off = await call(admin, 'PATCH', '/admin/departments/tourism', { active: false });
    expect(off.json().active).toBe(false);
    // Inactive departments leave the public catalogue's reference data at once.
    expect((await app.services.reference.current()).departments.has('tourism')).toBe(false);
    expect(await auditOf('reference.department_created', 'tourism')).toEqual([expect.objectContaining({ actor_id: admin.id, actor_role: 'administrator' })]);
    expect(await auditOf('reference.department_changed', 'tourism')).toHaveLength(2);
  });

  it('answers 409 for a taken id, 404 for an unknown one, 400 naming the fields, 403 to an officer', async () => {
    const dup = await call(admin, 'POST', '/admin/departments', { id: 'health', name: names('Health'), officeLevel: 'district' });
    expect(dup.statusCode).toBe(409);
    expect(pointers(dup.json())).toEqual(['/id']);
    expect((await call(admin, 'PATCH', '/admin/departments/nothing-here', { active: false })).statusCode).toBe(404);
    expect((await call(admin, 'GET', '/admin/departments/nothing-here')).statusCode).toBe(404);
    const bad = await call(admin, 'POST', '/admin/departments', { id: 'Bad Id', name: { en: ' ', ur: 'x' }, officeLevel: 'village' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(pointers(bad.json())).toEqual(expect.arrayContaining(['/id', '/name/en', '/name/ps', '/officeLevel']));
    expect((await call(officer, 'GET', '/admin/departments')).statusCode).toBe(403);
    expect((await call(officer, 'POST', '/admin/departments', { id: 'x', name: names('X'), officeLevel: 'district' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/departments' })).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/admin/departments', headers: { cookie: admin.cookie }, payload: { id: 'nocsrf', name: names('No'), officeLevel: 'district' } });
    expect(res.statusCode).toBe(403);
    expect((await database.db.query(`select 1 from departments where id = 'nocsrf'`)).rowCount).toBe(0);
  });

  it('accepts exactly the ids of lower-case letters, digits and single dashes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 70 }), async (id) => {
        const res = await call(admin, 'POST', '/admin/departments', { id, name: names('Property'), officeLevel: 'tehsil' });
        const good = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) && id.length <= 60;
        if (good) expect([201, 409]).toContain(res.statusCode);
        else {
          expect(res.statusCode).toBe(400);
          expect(pointers(res.json())).toContain('/id');
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('admin offices', () => {
  it('creates an office "<department>@<area>", filters, renames and deactivates it', async () => {
    const created = await call(admin, 'POST', '/admin/offices', { departmentId: 'health', areaId: 'kp.peshawar', name: { en: 'Divisional Health Office Peshawar', ur: null } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'health@kp.peshawar', departmentId: 'health', areaId: 'kp.peshawar', name: { en: 'Divisional Health Office Peshawar', ur: null, ps: null }, active: true });
    // Usable for accounts at once.
    expect((await app.services.reference.current()).offices.has('health@kp.peshawar')).toBe(true);
    const listed = (await call(admin, 'GET', '/admin/offices?departmentId=health&areaId=kp.peshawar')).json().offices as { id: string; departmentId: string; areaId: string }[];
    expect(listed.map((o) => o.id)).toContain('health@kp.peshawar.peshawar');
    expect(listed.every((o) => o.departmentId === 'health' && o.areaId.startsWith('kp.peshawar'))).toBe(true);
    const id = encodeURIComponent('health@kp.peshawar');
    expect((await call(admin, 'PATCH', `/admin/offices/${id}`, { name: names('Health Office Peshawar Division') })).json().name.ur).toBe('Health Office Peshawar Division اردو');
    expect((await call(admin, 'PATCH', `/admin/offices/${id}`, { active: false })).json().active).toBe(false);
    expect(await auditOf('reference.office_created', 'health@kp.peshawar')).toHaveLength(1);
    expect(await auditOf('reference.office_changed', 'health@kp.peshawar')).toHaveLength(2);
  });

  it('answers 409 for a second office of a department in an area, 422 for unknown places, 404, 400, 403', async () => {
    const dup = await call(admin, 'POST', '/admin/offices', { departmentId: 'health', areaId: 'kp.peshawar.peshawar', name: { en: 'Again' } });
    expect(dup.statusCode).toBe(409);
    const unknown = await call(admin, 'POST', '/admin/offices', { departmentId: 'nope', areaId: 'kp.nowhere', name: { en: 'X' } });
    expect(unknown.statusCode).toBe(422);
    expect(pointers(unknown.json())).toEqual(['/areaId', '/departmentId']);
    expect((await call(admin, 'PATCH', '/admin/offices/none@kp', { active: false })).statusCode).toBe(404);
    const bad = await call(admin, 'POST', '/admin/offices', { departmentId: 'health', areaId: 'KP Peshawar', name: {} });
    expect(bad.statusCode).toBe(400);
    expect(pointers(bad.json())).toEqual(expect.arrayContaining(['/areaId', '/name/en']));
    expect((await call(officer, 'GET', '/admin/offices')).statusCode).toBe(403);
  });
});

describe('admin categories', () => {
  const category = (id: string, serviceCode: string) => ({ id, serviceCode, departmentId: 'health', group: 'Health', name: names(`Category ${id}`), keywords: ['Clinic', 'clinic '], slaDays: 5 });

  it('creates, changes and deactivates a category; the public catalogue follows at once', async () => {
    const created = await call(admin, 'POST', '/admin/categories', category('vaccine-shortage', 'HLT-VAC-01'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'vaccine-shortage', serviceCode: 'HLT-VAC-01', keywords: ['clinic'], slaDays: 5, active: true });
    let pub = (await app.inject({ method: 'GET', url: '/api/v1/categories' })).json().categories as { id: string; slaDays: number }[];
    expect(pub.find((c) => c.id === 'vaccine-shortage')?.slaDays).toBe(5);
    expect((await call(admin, 'PATCH', '/admin/categories/vaccine-shortage', { slaDays: 3, name: names('Vaccines') })).json()).toMatchObject({ slaDays: 3, name: { en: 'Vaccines' } });
    expect((await call(admin, 'PATCH', '/admin/categories/vaccine-shortage', { active: false })).json().active).toBe(false);
    pub = (await app.inject({ method: 'GET', url: '/api/v1/categories' })).json().categories;
    expect(pub.some((c) => c.id === 'vaccine-shortage')).toBe(false);
    expect(await auditOf('reference.category_created', 'vaccine-shortage')).toHaveLength(1);
    expect((await auditOf('reference.category_changed', 'vaccine-shortage')).map((r) => r.payload)).toEqual([{ slaDays: 3, name: names('Vaccines') }, { active: false }]);
  });

  it('keeps Open311 service codes unique (409 naming the field), 404, 400, 422, 403', async () => {
    expect((await call(admin, 'POST', '/admin/categories', category('code-one', 'HLT-UNIQ'))).statusCode).toBe(201);
    const dupCode = await call(admin, 'POST', '/admin/categories', category('code-two', 'HLT-UNIQ'));
    expect(dupCode.statusCode).toBe(409);
    expect(pointers(dupCode.json())).toEqual(['/serviceCode']);
    expect((await call(admin, 'POST', '/admin/categories', category('code-two', 'HLT-UNIQ-2'))).statusCode).toBe(201);
    const change = await call(admin, 'PATCH', '/admin/categories/code-two', { serviceCode: 'HLT-UNIQ' });
    expect(change.statusCode).toBe(409);
    expect(pointers(change.json())).toEqual(['/serviceCode']);
    expect((await call(admin, 'POST', '/admin/categories', category('code-one', 'HLT-OTHER'))).statusCode).toBe(409);
    expect((await call(admin, 'PATCH', '/admin/categories/unknown-cat', { slaDays: 2 })).statusCode).toBe(404);
    const bad = await call(admin, 'POST', '/admin/categories', { ...category('x', 'has space'), slaDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(pointers(bad.json())).toEqual(expect.arrayContaining(['/serviceCode', '/slaDays']));
    expect((await call(admin, 'PATCH', '/admin/categories/code-two', {})).statusCode).toBe(400);
    expect((await call(admin, 'PATCH', '/admin/categories/code-two', { departmentId: 'nope' })).statusCode).toBe(422);
    expect((await call(officer, 'PATCH', '/admin/categories/code-two', { slaDays: 2 })).statusCode).toBe(403);
  });

  it('accepts exactly SLA days from 1 to 90', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double(), fc.string()), async (slaDays) => {
        const res = await call(admin, 'PATCH', '/admin/categories/code-one', { slaDays });
        // The API's validator coerces a numeric string ("1") to its number, as it does for every body.
        const value = typeof slaDays === 'string' && slaDays.trim() !== '' && !Number.isNaN(Number(slaDays)) ? Number(slaDays) : slaDays;
        if (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 90) expect(res.statusCode).toBe(200);
        else {
          expect(res.statusCode).toBe(400);
          expect(new Set(pointers(res.json()))).toEqual(new Set(['/slaDays']));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('admin calendar', () => {
  it('shows the working week and a year of holidays', async () => {
    const res = await call(admin, 'GET', '/admin/calendar?year=2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.week).toEqual([null, { open: '09:00', close: '17:00' }, { open: '09:00', close: '17:00' }, { open: '09:00', close: '17:00' }, { open: '09:00', close: '17:00' }, { open: '09:00', close: '17:00' }, null]);
    expect(body.holidays.every((h: { date: string }) => h.date.startsWith('2026-'))).toBe(true);
    expect((await call(officer, 'GET', '/admin/calendar')).statusCode).toBe(403);
  });

  it('a holiday added moves the due time of a new complaint; removing it moves it back', async () => {
    // Filed Monday 2030-12-02 10:00 Pakistan time with a 2-day SLA: due Wednesday 10:00; a holiday on Tuesday makes it Thursday.
    const filed = new Date('2030-12-02T05:00:00Z');
    const due = async () => clockDueAt((await app.services.reference.current()).calendar, startClock((await app.services.reference.current()).calendar, filed, 2))?.toISOString();
    expect(await due()).toBe('2030-12-04T05:00:00.000Z');
    const added = await call(admin, 'POST', '/admin/calendar/holidays', { date: '2030-12-03', name: { en: 'Test Day', ur: 'آزمائشی دن', ps: 'ازمېښتي ورځ' }, kind: 'special' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ date: '2030-12-03', name: { en: 'Test Day', ur: 'آزمائشی دن', ps: 'ازمېښتي ورځ' }, kind: 'special', provisional: false });
    expect(await due()).toBe('2030-12-05T05:00:00.000Z');
    expect((await call(admin, 'GET', '/admin/calendar?year=2030')).json().holidays).toContainEqual(added.json());
    expect((await call(admin, 'POST', '/admin/calendar/holidays', { date: '2030-12-03', name: { en: 'Test Day' }, kind: 'lunar' })).statusCode).toBe(409);
    expect(await auditOf('calendar.holiday_added', '2030-12-03:Test Day')).toHaveLength(1);
    expect((await call(admin, 'DELETE', `/admin/calendar/holidays/2030-12-03/${encodeURIComponent('Test Day')}`)).statusCode).toBe(204);
    expect(await due()).toBe('2030-12-04T05:00:00.000Z');
    expect(await auditOf('calendar.holiday_removed', '2030-12-03:Test Day')).toHaveLength(1);
    expect((await call(admin, 'DELETE', `/admin/calendar/holidays/2030-12-03/${encodeURIComponent('Test Day')}`)).statusCode).toBe(404);
  });

  it('a new complaint filed after a holiday is added gets the later deadline', async () => {
    const ref = await app.services.reference.current();
    const today = new Date();
    // The next five local dates from today are made holidays: the deadline must lie beyond them.
    const dates = Array.from({ length: 5 }, (_, i) => new Date(today.getTime() + 5 * 3600_000 + i * 86_400_000).toISOString().slice(0, 10));
    const before = clockDueAt(ref.calendar, startClock(ref.calendar, today, 1))!;
    for (const date of dates) expect((await call(admin, 'POST', '/admin/calendar/holidays', { date, name: { en: `Closed ${date}` }, kind: 'special', provisional: true })).statusCode).toBe(201);
    const after = clockDueAt((await app.services.reference.current()).calendar, startClock((await app.services.reference.current()).calendar, today, 1))!;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
    expect(after.toISOString().slice(0, 10) > dates.at(-1)!).toBe(true);
  });

  it('a working week set by an administrator moves new deadlines; null goes back to the configured week', async () => {
    const filed = new Date('2030-12-06T05:00:00Z'); // Friday 10:00 Pakistan time, 1-day SLA: due Monday 10:00
    const due = async () => {
      const { calendar } = await app.services.reference.current();
      return clockDueAt(calendar, startClock(calendar, filed, 1))?.toISOString();
    };
    expect(await due()).toBe('2030-12-09T05:00:00.000Z');
    const nine = { open: '09:00', close: '17:00' };
    const sixDays = [null, nine, nine, nine, nine, nine, { open: '09:00', close: '13:00' }];
    const set = await call(admin, 'PUT', '/admin/calendar/week', { week: sixDays });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ weekSource: 'administrator', week: sixDays });
    // Friday 10-17 (7 h) and Saturday 9-10 (1 h): due Saturday 10:00.
    expect(await due()).toBe('2030-12-07T05:00:00.000Z');
    expect(await auditOf('calendar.week_changed', 'week')).toHaveLength(1);
    const back = await call(admin, 'PUT', '/admin/calendar/week', { week: null });
    expect(back.json().weekSource).toBe('configuration');
    expect(await due()).toBe('2030-12-09T05:00:00.000Z');
  });

  it('refuses a week that cannot be used, naming the days', async () => {
    const nine = { open: '09:00', close: '17:00' };
    const backwards = await call(admin, 'PUT', '/admin/calendar/week', { week: [null, { open: '17:00', close: '09:00' }, nine, nine, nine, nine, null] });
    expect(backwards.statusCode).toBe(400);
    expect(pointers(backwards.json())).toEqual(['/week/1/close']);
    const closed = await call(admin, 'PUT', '/admin/calendar/week', { week: [null, null, null, null, null, null, null] });
    expect(closed.statusCode).toBe(400);
    expect(pointers(closed.json())).toEqual(['/week']);
    const malformed = await call(admin, 'PUT', '/admin/calendar/week', { week: [null, { open: '9am', close: '17:00' }, nine] });
    expect(malformed.statusCode).toBe(400);
    expect(pointers(malformed.json())).toEqual(expect.arrayContaining(['/week']));
    expect((await call(officer, 'PUT', '/admin/calendar/week', { week: null })).statusCode).toBe(403);
    expect((await app.services.reference.current()).weekSource).toBe('configuration');
  });

  it('accepts exactly the opening hours that are times of day with the close after the open', async () => {
    const time = fc.oneof(fc.string({ maxLength: 6 }), fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`));
    await fc.assert(
      fc.asyncProperty(time, time, async (open, close) => {
        const res = await call(admin, 'PUT', '/admin/calendar/week', { week: [null, { open, close }, null, null, null, null, null] });
        const minute = (t: string) => (/^([01]\d|2[0-3]):[0-5]\d$/.test(t) ? Number(t.slice(0, 2)) * 60 + Number(t.slice(3)) : t === '24:00' ? 1440 : null);
        const o = open === '24:00' ? null : minute(open);
        const c = minute(close);
        if (o !== null && c !== null && c > o) expect(res.statusCode).toBe(200);
        else {
          expect(res.statusCode).toBe(400);
          expect(pointers(res.json()).every((p) => p.startsWith('/week'))).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
    await call(admin, 'PUT', '/admin/calendar/week', { week: null });
  });

  it('refuses malformed holidays naming the fields', async () => {
    const bad = await call(admin, 'POST', '/admin/calendar/holidays', { date: '2030-13-40', name: { en: '' }, kind: 'feast' });
    expect(bad.statusCode).toBe(400);
    expect(pointers(bad.json())).toEqual(expect.arrayContaining(['/date', '/name/en', '/kind']));
    expect((await call(officer, 'POST', '/admin/calendar/holidays', { date: '2030-12-03', name: { en: 'X' }, kind: 'special' })).statusCode).toBe(403);
  });
});

describe('audit trail', () => {
  it('keeps the audit log chain whole after all these changes', async () => {
    const problems: string[] = [];
    const report = await new AuditVerifyService(database.db).verify({ onProblem: (p) => problems.push(p.message) });
    expect(problems).toEqual([]);
    expect(report.auditEntries).toBeGreaterThan(10);
  });
});

describe('API description', () => {
  it('describes every administration endpoint in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, methods] of [
      ['/api/v1/admin/departments', ['get', 'post']],
      ['/api/v1/admin/departments/{id}', ['get', 'patch']],
      ['/api/v1/admin/offices', ['get', 'post']],
      ['/api/v1/admin/offices/{id}', ['get', 'patch']],
      ['/api/v1/admin/categories', ['get', 'post']],
      ['/api/v1/admin/categories/{id}', ['get', 'patch']],
      ['/api/v1/admin/calendar', ['get']],
      ['/api/v1/admin/calendar/week', ['put']],
      ['/api/v1/admin/calendar/holidays', ['post']],
      ['/api/v1/admin/calendar/holidays/{date}/{name}', ['delete']],
    ] as const) {
      expect(Object.keys(doc.paths[path] ?? {}), path).toEqual(expect.arrayContaining([...methods]));
    }
  });
});
