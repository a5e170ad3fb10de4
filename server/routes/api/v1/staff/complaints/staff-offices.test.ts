import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { staffSession, type SignedIn } from '../../../../../../test/helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let officer: SignedIn;
let analyst: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  const office = (await database.db.query(`select id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar' limit 1`)).rows[0];
  officer = await staffSession(app, 'officer', { officeIds: [office.id] });
  analyst = await staffSession(app, 'analyst');
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

interface Office {
  id: string;
  name: { en: string };
  department: { id: string } | null;
  area: { id: string } | null;
}
const offices = async (query = '') => {
  const response = await app.inject({ method: 'GET', url: `/api/v1/staff/offices${query}`, headers: officer.headers });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { offices: Office[] }).offices;
};

describe('GET /api/v1/staff/offices', () => {
  it('lists every active office with its department and area, and filters by department and by area (its sub-areas too)', async () => {
    const { rows } = await database.db.query(`select id, department_id, area_id from offices where active`);
    const all = await offices();
    expect(all.map((o) => o.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(all.every((o) => o.department !== null && o.area !== null && o.name.en.length > 0)).toBe(true);

    const health = await offices('?departmentId=health');
    expect(health.map((o) => o.id).sort()).toEqual(rows.filter((r) => r.department_id === 'health').map((r) => r.id).sort());

    const swat = await offices('?departmentId=health&areaId=kp.malakand.swat');
    expect(swat.length).toBeGreaterThan(0);
    expect(swat.every((o) => o.department?.id === 'health' && o.area?.id.startsWith('kp.malakand.swat'))).toBe(true);
    // A division takes in the offices of its districts.
    const malakand = await offices('?areaId=kp.malakand');
    expect(malakand.map((o) => o.id)).toEqual(expect.arrayContaining(swat.map((o) => o.id)));
    expect(malakand.every((o) => o.area?.id.startsWith('kp.malakand'))).toBe(true);
    expect(await offices('?departmentId=no-such-department')).toEqual([]);
  });

  it('is for the working roles only, signed in', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/offices' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/offices', headers: analyst.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/offices?unknown=1', headers: officer.headers })).statusCode).toBe(400);
  });
});
