import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { staffSession, type SignedIn } from '../../../../../test/helpers/staff.js';
import { karachiToday, parsePeriod } from '../../../../domain/statistics/metrics.js';
import { openAppPools, withStaffScope } from '../../../../store/db.js';
import { StatisticsRepository } from '../../../../store/statistics.repository.js';

let database: TestDatabase;
let app: FastifyInstance;
let categoryId: string;
const PESHAWAR = 'kp.peshawar.peshawar';
const SWAT = 'kp.malakand.swat';
let office: string;
let swatOffice: string;
let officer: SignedIn;
let head: SignedIn;
let swatOfficer: SignedIn;
let monitor: SignedIn;
let old: string;
let otherDepartment: string;
const today = karachiToday(new Date());
const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
const DAY = 86_400_000;

const file = async (areaId: string) => {
  const response = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'No water in the Gulbahar taps for a week, call 03001234567.', location: { areaId }, contact: { phone: '03001234567', name: 'Gul Bano' } } });
  expect(response.statusCode).toBe(201);
  return response.json() as { code: string; citizenSecret: string };
};
const staff = (who: SignedIn, code: string, action: string, payload?: object) =>
  app.inject({ method: 'POST', url: `/api/v1/staff/complaints/${code}/${action}`, headers: who.headers, ...(payload && { payload }) }).then((r) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
  });
const citizen = (c: { code: string; citizenSecret: string }, action: string, payload: object) =>
  app.inject({ method: 'POST', url: `/api/v1/complaints/${c.code}/${action}`, headers: { authorization: `Bearer ${c.citizenSecret}` }, payload }).then((r) => {
    expect(r.statusCode, r.body).toBe(200);
  });
const resolve = async (who: SignedIn, c: { code: string }, outcome: string) => {
  await staff(who, c.code, 'acknowledge');
  await staff(who, c.code, 'resolve', { outcome, reason: 'Pipe repaired.' });
};
const dashboard = (who: SignedIn, query = `from=${yesterday}&to=${today}`) => app.inject({ method: 'GET', url: `/api/v1/staff/dashboard?${query}`, headers: who.headers });

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  otherDepartment = (await database.db.query(`select id from departments where id <> 'health' order by id limit 1`)).rows[0].id;
  office = (await database.db.query(`select id from offices where department_id = 'health' and area_id = $1`, [PESHAWAR])).rows[0].id;
  swatOffice = (await database.db.query(`select id from offices where department_id = 'health' and area_id = $1`, [SWAT])).rows[0].id;
  officer = await staffSession(app, 'officer', { officeIds: [office] });
  head = await staffSession(app, 'head_of_office', { officeIds: [office] });
  swatOfficer = await staffSession(app, 'officer', { officeIds: [swatOffice] });
  monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });

  // Peshawar: three resolved and closed satisfied, one resolved and sent back (not satisfied), one resolved and
  // waiting for the citizen, one being worked on by the officer, one withdrawn; and one filed 40 days ago, still open.
  for (let i = 0; i < 3; i++) {
    const c = await file(PESHAWAR);
    await resolve(officer, c, 'full_relief');
    await citizen(c, 'feedback', { satisfied: true, rating: 5 });
  }
  const reopened = await file(PESHAWAR);
  await resolve(officer, reopened, 'partial_relief');
  await citizen(reopened, 'feedback', { satisfied: false, reason: 'Only half the street has water.' });
  await resolve(officer, await file(PESHAWAR), 'no_relief');
  const working = await file(PESHAWAR);
  await staff(officer, working.code, 'acknowledge');
  await staff(head, working.code, 'assign', { officerId: officer.id });
  await citizen(await file(PESHAWAR), 'withdraw', {});
  const filedLongAgo = await app.services.intake.submit({ categoryId, description: 'Old complaint.', location: { areaId: PESHAWAR }, anonymous: true }, null, new Date(Date.now() - 40 * DAY));
  old = filedLongAgo.code;
  // Swat: two filed, one resolved and closed satisfied.
  const swat = await file(SWAT);
  await resolve(swatOfficer, swat, 'full_relief');
  await citizen(swat, 'feedback', { satisfied: true });
  await file(SWAT);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('GET /api/v1/staff/dashboard', () => {
  it('gives an officer exact figures for their own office and nothing of another district', async () => {
    const response = await dashboard(officer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const d = response.json();
    expect(d.period).toEqual({ from: yesterday, to: today });
    expect(d.totals).toEqual({
      received: 7,
      resolved: 5,
      resolvedByOutcome: { full_relief: 3, partial_relief: 1, no_relief: 1 },
      closed: 4,
      closedSatisfied: 3,
      reopened: 1,
      resolvedWithinSla: 5,
      satisfiedClosureRate: 0.75,
      reopenRate: 0.2,
      slaCompliance: 1,
      medianHoursToResolve: 0,
    });
    // Open now: the reopened one (assigned), the one being worked on, the resolved one, and the old one.
    expect(d.open.byState).toEqual({ assigned: 2, in_progress: 1, resolved: 1 });
    expect(d.open.ageing).toEqual({ '0-3': 2, '4-7': 0, '8-15': 0, '16-30': 0, '31+': 1 });
    expect(d.open.overdue).toBe(1);
    expect(d.escalationsByLevel).toEqual({ 1: 0, 2: 0, 3: 0 });
    expect(d.trend).toHaveLength(2);
    expect(d.trend.reduce((n: number, t: { received: number }) => n + t.received, 0)).toBe(7);
    expect(d.trend.reduce((n: number, t: { resolved: number }) => n + t.resolved, 0)).toBe(5);
    expect(d.offices.map((o: { id: string }) => o.id)).toEqual([office]);
    expect(d.offices[0]).toMatchObject({ received: 7, open: 3, overdue: 1, satisfiedClosureRate: 0.75 });
    expect(d.districts.map((o: { id: string }) => o.id)).toEqual([PESHAWAR]);
    expect(d.myLoad).toEqual({ open: 1, dueSoon: 0, overdue: 0 });
    expect(d.officers).toBeNull();
  });

  it('shows the Swat officer only Swat (row-level security), and refuses to narrow to Peshawar', async () => {
    const d = (await dashboard(swatOfficer)).json();
    expect(d.totals).toMatchObject({ received: 2, resolved: 1, closed: 1, closedSatisfied: 1, satisfiedClosureRate: 1, reopenRate: 0 });
    expect(d.districts.map((o: { id: string }) => o.id)).toEqual([SWAT]);
    expect(d.myLoad).toEqual({ open: 0, dueSoon: 0, overdue: 0 });
    const refused = await dashboard(swatOfficer, `area=${PESHAWAR}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0].pointer).toBe('/querystring/area');
    expect((await dashboard(swatOfficer, `department=${otherDepartment}`)).statusCode).toBe(403);
  });

  it('gives a head of office the officers’ league table with names', async () => {
    const d = (await dashboard(head)).json();
    expect(d.officers).toEqual([expect.objectContaining({ id: officer.id, name: { en: 'Test officer', ur: null, ps: null }, open: 1, overdue: 0 })]);
    expect(d.myLoad).toBeNull();
  });

  it('gives a provincial monitor the province, by district, and narrows to a district on request', async () => {
    const d = (await dashboard(monitor)).json();
    expect(d.totals).toMatchObject({ received: 9, resolved: 6, closed: 5, closedSatisfied: 4, reopened: 1 });
    expect(d.districts.map((o: { id: string; received: number }) => [o.id, o.received])).toEqual([[SWAT, 2], [PESHAWAR, 7]].sort());
    const swat = (await dashboard(monitor, `from=${yesterday}&to=${today}&area=${SWAT}&department=health`)).json();
    expect(swat.totals.received).toBe(2);
    expect(swat.filter).toEqual({ departmentId: 'health', areaId: SWAT });
  });

  it('answers an empty period with zeros and nulls, a day for each day', async () => {
    const d = (await dashboard(monitor, 'from=2020-01-01&to=2020-01-31')).json();
    expect(d.totals).toMatchObject({ received: 0, resolved: 0, satisfiedClosureRate: null, reopenRate: null, slaCompliance: null, medianHoursToResolve: null });
    expect(d.trend).toHaveLength(31);
    expect(d.escalationsByLevel).toEqual({ 1: 0, 2: 0, 3: 0 });
  });

  it('refuses bad periods and unknown departments or areas with 400 naming the field, and anyone not signed in', async () => {
    const cases: [string, string][] = [
      [`from=${today}&to=${yesterday}`, '/querystring/from'],
      ['from=2026-13-01', '/querystring/from'],
      ['to=yesterday', '/querystring/to'],
      ['from=2024-01-01&to=2025-06-01', '/querystring/from'],
      ['department=no-such-department', '/querystring/department'],
      ['area=kp.nowhere', '/querystring/area'],
    ];
    for (const [query, pointer] of cases) {
      const response = await dashboard(monitor, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
    }
    expect((await app.inject({ url: '/api/v1/staff/dashboard' })).statusCode).toBe(401);
    expect((await dashboard(await staffSession(app, 'analyst'))).statusCode).toBe(403);
  });
});

describe('row-level security under the statistics queries', () => {
  it('lets the same query, with no jurisdiction filter of its own, count only the viewer’s complaints', async () => {
    const pools = await openAppPools(database.url, 2);
    try {
      const parsed = parsePeriod({ from: yesterday, to: today }, new Date());
      if (!parsed.ok) throw new Error('bad period');
      const filter = { start: parsed.period.start, end: parsed.period.end };
      const repo = new StatisticsRepository();
      const asSwat = { role: 'officer' as const, officeIds: [swatOffice], scope: [] };
      const [swat] = await withStaffScope(pools.staff, asSwat, (tx) => repo.rates(tx, filter, 'total'));
      expect(swat).toMatchObject({ received: 2, resolved: 1 });
      expect((await withStaffScope(pools.staff, asSwat, (tx) => repo.rates(tx, filter, 'district'))).map((r) => r.key)).toEqual([SWAT]);
      expect((await withStaffScope(pools.staff, asSwat, (tx) => repo.open(tx, { ...filter, areaId: PESHAWAR }, new Date()))).byState).toEqual({});
      const [all] = await repo.rates(pools.service, filter, 'total');
      expect(all).toMatchObject({ received: 9 });
    } finally {
      await pools.close();
    }
  });
});

describe('GET /api/v1/public/statistics', () => {
  it('gives province-wide figures to anyone, cacheable, with no personal data and small cells withheld', async () => {
    const response = await app.inject({ url: `/api/v1/public/statistics?from=${yesterday}&to=${today}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const s = response.json();
    expect(s.totals).toMatchObject({ received: 9, resolved: 6, closed: 5, closedSatisfied: 4, satisfiedClosureRate: 0.8 });
    const codes = (await database.db.query('select code from complaints')).rows.map((r) => r.code as string);
    for (const secret of ['Gul Bano', '03001234567', 'Gulbahar', 'Test officer', officer.id, ...codes]) expect(response.body).not.toContain(secret);
    expect(s.departments).toEqual([expect.objectContaining({ id: 'health', rank: 1, suppressed: false, received: 9, satisfiedClosureRate: 0.8, slaCompliance: 1 })]);
    const byId = Object.fromEntries(s.districts.map((d: { id: string }) => [d.id, d]));
    expect(byId[PESHAWAR]).toMatchObject({ suppressed: false, received: 7, resolved: 5, open: null, openSuppressed: true });
    // Swat: two complaints in the period, one open now, so nothing about them is shown.
    expect(byId[SWAT]).toMatchObject({ suppressed: true, received: null, resolved: null, satisfiedClosureRate: null, medianHoursToResolve: null, open: null, openSuppressed: true });
  });

  it('refuses a bad period with 400 naming the field', async () => {
    const response = await app.inject({ url: '/api/v1/public/statistics?from=2026-02-30' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].pointer).toBe('/querystring/from');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(doc.paths['/api/v1/public/statistics'].get).toBeDefined();
    expect(doc.paths['/api/v1/staff/dashboard'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'department', 'area']));
  });
});

describe('escalations', () => {
  it('counts escalations in the period by the level reached', async () => {
    // Sweep 60 days on: every running complaint has passed its deadline and goes up one level, once.
    const later = new Date(Date.now() + 60 * DAY);
    await app.services.sla.sweep(later);
    const day = karachiToday(later);
    const d = (await dashboard(officer, `from=${day}&to=${day}`)).json();
    // The old one and the one being worked on go to level 1; the reopened one (already at 1) to 2.
    expect(d.escalationsByLevel).toEqual({ 1: 2, 2: 1, 3: 0 });
    const row = (await database.db.query('select escalation_level from complaints where code = $1', [old])).rows[0];
    expect(row.escalation_level).toBe(1);
    // The reopened one was escalated only after its resolution: that resolution was still within its deadline.
    const all = (await dashboard(officer, `from=${today}&to=${day}`)).json();
    expect(all.totals.resolvedWithinSla).toBe(5);
  });
});
