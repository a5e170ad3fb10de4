import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { staffSession, type SignedIn } from '../../../../../../test/helpers/staff.js';
import { karachiToday } from '../../../../../domain/statistics/metrics.js';

let database: TestDatabase;
let app: FastifyInstance;
let categoryId: string;
const PESHAWAR = 'kp.peshawar.peshawar';
const SWAT = 'kp.malakand.swat';
let officer: SignedIn;
let swatOfficer: SignedIn;
let monitor: SignedIn;
let citizenCodes: string[];
const DAY = 86_400_000;
const today = karachiToday(new Date());
// Noon in Karachi (07:00 UTC), `days` days before today.
const noon = (days: number) => new Date(Date.parse(today) + 7 * 3_600_000 - days * DAY);
const dayBefore = (days: number) => new Date(Date.parse(today) - days * DAY).toISOString().slice(0, 10);

const submit = (areaId: string, at: Date, where?: { latitude: number; longitude: number }) =>
  app.services.intake.submit({ categoryId, description: 'Garbage has not been collected from our street.', location: { areaId, ...where }, anonymous: true }, null, at);

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  const office = (await database.db.query(`select id from offices where department_id = 'health' and area_id = $1`, [PESHAWAR])).rows[0].id;
  const swatOffice = (await database.db.query(`select id from offices where department_id = 'health' and area_id = $1`, [SWAT])).rows[0].id;
  officer = await staffSession(app, 'officer', { officeIds: [office] });
  swatOfficer = await staffSession(app, 'officer', { officeIds: [swatOffice] });
  monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
  // Holidays are not judged (alerts.test.ts has that rule); the days here are relative to today, which may be one.
  await database.db.query('delete from holidays');

  // Peshawar: one complaint every third day for 90 days, then 9 three days ago. Swat: the same, with 7 three days ago.
  for (let d = 90; d > 3; d -= 3) {
    await submit(PESHAWAR, noon(d));
    await submit(SWAT, noon(d));
  }
  for (let i = 0; i < 9; i++) await submit(PESHAWAR, noon(3));
  for (let i = 0; i < 7; i++) await submit(SWAT, noon(3));
  // Hotspot: six open complaints within 60 m of Qissa Khwani Bazaar, one 3 km away; two in Swat.
  citizenCodes = [];
  for (let i = 0; i < 6; i++) citizenCodes.push((await submit(PESHAWAR, noon(1), { latitude: 34.0087 + i * 0.0001, longitude: 71.5663 + (i % 2) * 0.0002 })).code);
  await submit(PESHAWAR, noon(1), { latitude: 34.03, longitude: 71.54 });
  for (let i = 0; i < 6; i++) await submit(SWAT, noon(1), { latitude: 34.7717 + i * 0.0001, longitude: 72.3602 });
}, 120_000);
afterAll(async () => {
  await app.close();
  await database.drop();
});

const get = (who: SignedIn, url: string) => app.inject({ method: 'GET', url, headers: who.headers });

describe('GET /api/v1/staff/analytics/spikes', () => {
  it("alerts on the day a district's category jumps, and shows an officer only their own district", async () => {
    const response = await get(officer, `/api/v1/staff/analytics/spikes?from=${dayBefore(10)}&to=${today}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const body = response.json();
    expect(body.period).toEqual({ from: dayBefore(10), to: today });
    const days = body.alerts.filter((a: { test: string }) => a.test === 'day');
    // The jump three days ago, and yesterday's seven complaints for the hotspot tests below.
    expect(days.map((a: { day: string; observed: number }) => [a.day, a.observed])).toEqual([[dayBefore(3), 9], [dayBefore(1), 7]]);
    expect(days[0]).toMatchObject({ category: categoryId, district: PESHAWAR });
    expect(days[0].expected).toBeLessThan(1);
    expect(days[0].pValue).toBeLessThan(1e-6);
    expect(body.alerts.every((a: { district: string }) => a.district === PESHAWAR)).toBe(true);
  });

  it('shows a provincial monitor both districts', async () => {
    const body = (await get(monitor, `/api/v1/staff/analytics/spikes?from=${dayBefore(10)}&to=${today}`)).json();
    const districts = new Set(body.alerts.filter((a: { test: string }) => a.test === 'day').map((a: { district: string }) => a.district));
    expect(districts).toEqual(new Set([PESHAWAR, SWAT]));
  });

  it('stays quiet on days before the jump', async () => {
    const body = (await get(monitor, `/api/v1/staff/analytics/spikes?from=${dayBefore(40)}&to=${dayBefore(4)}`)).json();
    expect(body.alerts).toEqual([]);
  });

  it('refuses a reversed period with problem+json naming the field', async () => {
    const response = await get(officer, `/api/v1/staff/analytics/spikes?from=${today}&to=${dayBefore(5)}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().errors).toEqual([{ pointer: '/querystring/from', detail: 'must not be after to' }]);
  });

  it('refuses anyone not signed in, and staff who do not work complaints', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/analytics/spikes' })).statusCode).toBe(401);
    const admin = await staffSession(app, 'administrator');
    expect((await get(admin, '/api/v1/staff/analytics/spikes')).statusCode).toBe(403);
    expect((await get(admin, `/api/v1/staff/analytics/hotspots?categoryId=${categoryId}`)).statusCode).toBe(403);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(doc.paths['/api/v1/staff/analytics/spikes'].get).toBeDefined();
    expect(doc.paths['/api/v1/staff/analytics/hotspots'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['categoryId', 'eps', 'minPts']);
  });
});

describe('GET /api/v1/staff/analytics/hotspots', () => {
  it('clusters the open complaints of a category in the viewer’s district', async () => {
    const response = await get(officer, `/api/v1/staff/analytics/hotspots?categoryId=${categoryId}&eps=150&minPts=4`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ categoryId, epsMetres: 150, minPts: 4, points: 7 });
    expect(body.hotspots).toHaveLength(1);
    expect(body.hotspots[0].count).toBe(6);
    expect(body.hotspots[0].memberIds).toEqual([...citizenCodes].sort());
    expect(body.hotspots[0].radiusMetres).toBeLessThan(100);
    expect(body.hotspots[0].centroid.latitude).toBeCloseTo(34.0089, 3);
  });

  it("does not show one district's hotspot to another district's officer", async () => {
    const body = (await get(swatOfficer, `/api/v1/staff/analytics/hotspots?categoryId=${categoryId}&eps=150&minPts=4`)).json();
    expect(body.points).toBe(6);
    expect(body.hotspots.flatMap((h: { memberIds: string[] }) => h.memberIds)).not.toContain(citizenCodes[0]);
  });

  it('refuses an unknown category, eps out of range and a missing category, as problem+json', async () => {
    const unknown = await get(officer, '/api/v1/staff/analytics/hotspots?categoryId=no-such-thing');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ pointer: '/querystring/categoryId', detail: 'no such category' }]);
    const badEps = await get(officer, `/api/v1/staff/analytics/hotspots?categoryId=${categoryId}&eps=0`);
    expect(badEps.statusCode).toBe(400);
    expect(badEps.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await get(officer, '/api/v1/staff/analytics/hotspots')).statusCode).toBe(400);
  });
});
