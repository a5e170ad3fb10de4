import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { staffSession, type SignedIn } from '../../../../../../test/helpers/staff.js';
import { karachiToday } from '../../../../../domain/statistics/metrics.js';

let database: TestDatabase;
let app: FastifyInstance;
let categoryId: string;
let office: string;
let swatOffice: string;
const PESHAWAR = 'kp.peshawar.peshawar';
const SWAT = 'kp.malakand.swat';
const MARDAN = 'kp.mardan.mardan';
let officer: SignedIn;
let head: SignedIn;
let swatOfficer: SignedIn;
let monitor: SignedIn;
const DAY = 86_400_000;
const today = karachiToday(new Date());
const dayBefore = (days: number) => new Date(Date.parse(today) - days * DAY).toISOString().slice(0, 10);
// Noon in Karachi (07:00 UTC), `days` days before today.
const noon = (days: number) => new Date(Date.parse(today) + 7 * 3_600_000 - days * DAY);

const file = async (areaId: string) => {
  const response = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'The dispensary has had no medicines for a week.', location: { areaId }, contact: { phone: '03001234567' } } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { code: string; citizenSecret: string };
};
const act = async (who: SignedIn, code: string, action: string, payload?: object) => {
  const response = await app.inject({ method: 'POST', url: `/api/v1/staff/complaints/${code}/${action}`, headers: who.headers, ...(payload && { payload }) });
  expect(response.statusCode, response.body).toBeLessThan(300);
};
const feedback = async (c: { code: string; citizenSecret: string }, payload: object) => {
  const response = await app.inject({ method: 'POST', url: `/api/v1/complaints/${c.code}/feedback`, headers: { authorization: `Bearer ${c.citizenSecret}` }, payload });
  expect(response.statusCode, response.body).toBe(200);
};
const resolveAs = async (who: SignedIn, c: { code: string }, outcome = 'full_relief') => {
  if (who === officer) await act(head, c.code, 'assign', { officerId: officer.id });
  await act(who, c.code, 'acknowledge');
  await act(who, c.code, 'resolve', { outcome, reason: 'Medicines delivered.' });
};
const submitText = (areaId: string, description: string, days: number) => app.services.intake.submit({ categoryId, description, location: { areaId }, anonymous: true }, null, noon(days));
const get = (who: SignedIn, url: string) => app.inject({ method: 'GET', url, headers: who.headers });

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' order by id limit 1`)).rows[0].id;
  office = (await database.db.query(`select id from offices where department_id = 'health' and area_id = $1`, [PESHAWAR])).rows[0].id;
  swatOffice = (await database.db.query(`select id from offices where department_id = 'health' and area_id = $1`, [SWAT])).rows[0].id;
  officer = await staffSession(app, 'officer', { officeIds: [office] });
  head = await staffSession(app, 'head_of_office', { officeIds: [office] });
  swatOfficer = await staffSession(app, 'officer', { officeIds: [swatOffice] });
  monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });

  // Today, Peshawar: three resolved and closed satisfied, one resolved and sent back. Swat: one resolved and closed
  // satisfied, one open. And a Peshawar complaint filed 20 days ago that the SLA sweep escalates today.
  for (let i = 0; i < 3; i++) {
    const c = await file(PESHAWAR);
    await resolveAs(officer, c);
    await feedback(c, { satisfied: true });
  }
  const reopened = await file(PESHAWAR);
  await resolveAs(officer, reopened, 'partial_relief');
  await feedback(reopened, { satisfied: false, reason: 'Only some medicines came.' });
  const swat = await file(SWAT);
  await resolveAs(swatOfficer, swat);
  await feedback(swat, { satisfied: true });
  await file(SWAT);
  await submitText(PESHAWAR, 'Old complaint about the dispensary.', 20);
  await app.services.sla.sweep();

  // Two days ago, for the topics: each district's own complaint, and one they share.
  for (let i = 0; i < 12; i++) await submitText(PESHAWAR, 'Garbage has not been collected near Hashtnagri chowk for days.', 2);
  for (let i = 0; i < 12; i++) await submitText(SWAT, 'No doctor at the Mingora hospital emergency ward at night.', 2);
  for (const area of [PESHAWAR, SWAT]) for (let i = 0; i < 4; i++) await submitText(area, 'Water supply is broken in our street.', 2);
  for (let i = 0; i < 2; i++) await submitText(MARDAN, 'Garbage has not been collected near Hashtnagri chowk for days.', 2);
}, 180_000);
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('GET /api/v1/staff/analytics/trends', () => {
  it('counts each bucket of the period, zeros included, over the monitor’s whole jurisdiction', async () => {
    const response = await get(monitor, `/api/v1/staff/analytics/trends?from=${dayBefore(1)}&to=${today}&category=${categoryId}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const body = response.json();
    expect(body.interval).toBe('day');
    expect(body.filter).toEqual({ departmentId: null, categoryId, districtId: null });
    expect(body.buckets).toEqual([
      { bucket: dayBefore(1), received: 0, resolved: 0, closedSatisfied: 0, closedNoResponse: 0, breached: 0 },
      { bucket: today, received: 6, resolved: 5, closedSatisfied: 4, closedNoResponse: 0, breached: 1 },
    ]);
  });

  it("shows an officer only their office's complaints, and narrows to a district", async () => {
    const own = (await get(officer, `/api/v1/staff/analytics/trends?from=${today}&to=${today}`)).json();
    expect(own.buckets).toEqual([{ bucket: today, received: 4, resolved: 4, closedSatisfied: 3, closedNoResponse: 0, breached: 1 }]);
    const swat = (await get(monitor, `/api/v1/staff/analytics/trends?from=${today}&to=${today}&district=${SWAT}`)).json();
    expect(swat.buckets).toEqual([{ bucket: today, received: 2, resolved: 1, closedSatisfied: 1, closedNoResponse: 0, breached: 0 }]);
  });

  it('gives every week of an empty period as zeros, each named by its Monday', async () => {
    const body = (await get(monitor, '/api/v1/staff/analytics/trends?from=2020-01-01&to=2020-01-31&interval=week')).json();
    expect(body.buckets.map((b: { bucket: string }) => b.bucket)).toEqual(['2019-12-30', '2020-01-06', '2020-01-13', '2020-01-20', '2020-01-27']);
    expect(body.buckets.every((b: Record<string, unknown>) => b.received === 0 && b.resolved === 0 && b.breached === 0)).toBe(true);
    const months = (await get(monitor, '/api/v1/staff/analytics/trends?from=2020-01-15&to=2020-03-02&interval=month')).json();
    expect(months.buckets.map((b: { bucket: string }) => b.bucket)).toEqual(['2020-01-01', '2020-02-01', '2020-03-01']);
  });

  it('refuses unknown filters (400 naming each) and a district outside the jurisdiction (403)', async () => {
    const bad = await get(monitor, '/api/v1/staff/analytics/trends?category=nope&district=kp.peshawar&department=nope&interval=year');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const pointers = await get(monitor, '/api/v1/staff/analytics/trends?category=nope&district=kp.peshawar&department=nope');
    expect(pointers.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/querystring/category', '/querystring/department', '/querystring/district']);
    const outside = await get(swatOfficer, `/api/v1/staff/analytics/trends?district=${PESHAWAR}`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().errors).toEqual([{ pointer: '/querystring/district', detail: 'outside your jurisdiction' }]);
    expect((await get(monitor, `/api/v1/staff/analytics/trends?from=${today}&to=${dayBefore(3)}`)).statusCode).toBe(400);
  });
});

describe('GET /api/v1/staff/analytics/performance', () => {
  it("gives each office the dashboard's rates, the 90th percentile, escalations and open work", async () => {
    const response = await get(monitor, `/api/v1/staff/analytics/performance?from=${dayBefore(1)}&to=${today}`);
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json().rows as Record<string, unknown>[];
    const peshawar = rows.find((r) => r.id === office)!;
    expect(peshawar, JSON.stringify(rows)).toMatchObject({
      complaints: 5, received: 4, resolved: 4, closed: 3, closedSatisfied: 3, reopened: 1, resolvedWithinSla: 4,
      slaCompliance: 1, satisfiedClosureRate: 1, reopenRate: 0.25, escalations: 1,
      // Open now: the one sent back, the escalated one (given the next level's deadline: not overdue) and the 16 of the topics.
      open: 18, overdue: 0,
    });
    expect(peshawar.medianHoursToResolve).toBe(0);
    expect(peshawar.p90HoursToResolve).toBe(0);
    expect((peshawar.name as { en: string }).en).toBeTruthy();
    expect(rows.find((r) => r.id === swatOffice)).toMatchObject({ received: 2, resolved: 1, closedSatisfied: 1, open: 17, escalations: 0 });
  });

  it('shows an officer only themselves, a head their office’s officers, another district’s officer nothing of Peshawar', async () => {
    const own = (await get(officer, `/api/v1/staff/analytics/performance?from=${dayBefore(1)}&to=${today}&level=officer`)).json();
    expect(own.rows.map((r: { id: string }) => r.id)).toEqual([officer.id]);
    expect(own.rows[0]).toMatchObject({ resolved: 4, closedSatisfied: 3, name: { en: 'Test officer', ur: null, ps: null } });
    const heads = (await get(head, `/api/v1/staff/analytics/performance?from=${dayBefore(1)}&to=${today}&level=officer`)).json();
    expect(heads.rows.map((r: { id: string }) => r.id)).toContain(officer.id);
    const swat = (await get(swatOfficer, `/api/v1/staff/analytics/performance?from=${dayBefore(1)}&to=${today}`)).json();
    expect(swat.rows.map((r: { id: string }) => r.id)).toEqual([swatOffice]);
  });

  it('gives no rows for an empty period, and refuses a bad level', async () => {
    expect((await get(monitor, '/api/v1/staff/analytics/performance?from=2020-01-01&to=2020-01-31')).json().rows.filter((r: { received: number; open: number }) => r.received > 0)).toEqual([]);
    const bad = await get(monitor, '/api/v1/staff/analytics/performance?level=department');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('GET /api/v1/staff/analytics/topics', () => {
  it("finds each district's own subject, not what every district says, and withholds a district of two complaints", async () => {
    const response = await get(monitor, `/api/v1/staff/analytics/topics?from=${dayBefore(2)}&to=${dayBefore(2)}`);
    expect(response.statusCode, response.body).toBe(200);
    const districts = response.json().districts as { id: string; complaints: number | null; suppressed: boolean; terms: { term: string; count: number }[] }[];
    const peshawar = districts.find((d) => d.id === PESHAWAR)!;
    const swat = districts.find((d) => d.id === SWAT)!;
    expect(peshawar.complaints).toBe(16);
    expect(peshawar.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['hashtnagri', 'garbage', 'hashtnagri chowk']));
    expect(peshawar.terms.find((t) => t.term === 'hashtnagri')!.count).toBe(12);
    expect(swat.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['mingora', 'mingora hospital']));
    for (const d of [peshawar, swat]) {
      expect(d.terms.map((t) => t.term)).not.toContain('water');
      expect(d.terms.map((t) => t.term)).not.toContain('has');
    }
    expect(districts.find((d) => d.id === MARDAN)).toMatchObject({ complaints: null, suppressed: true, terms: [] });
  });

  it("shows an officer only their own district's topics", async () => {
    const body = (await get(swatOfficer, `/api/v1/staff/analytics/topics?from=${dayBefore(2)}&to=${dayBefore(2)}&limit=3`)).json();
    expect(body.districts.map((d: { id: string }) => d.id)).toEqual([SWAT]);
    expect(body.districts[0].terms.length).toBeLessThanOrEqual(3);
    expect(body.districts[0].terms.map((t: { term: string }) => t.term)).not.toContain('hashtnagri');
  });

  it('gives no districts for an empty period and refuses a tehsil as a district', async () => {
    expect((await get(monitor, '/api/v1/staff/analytics/topics?from=2020-01-01&to=2020-01-31')).json().districts).toEqual([]);
    const bad = await get(monitor, '/api/v1/staff/analytics/topics?district=kp');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ pointer: '/querystring/district', detail: 'no such district' }]);
  });
});
