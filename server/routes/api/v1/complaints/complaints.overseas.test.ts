import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { tableCounts } from '../../../../../test/helpers/fixtures.js';
import { testCipher } from '../../../../../test/helpers/keys.js';
import type { SubmitComplaintInput } from '../../../../services/complaint-intake.service.js';

let database: TestDatabase;
let app: FastifyInstance;
let base: Record<string, unknown>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  const category = (await database.db.query(`select id from categories limit 1`)).rows[0].id;
  const area = (await database.db.query(`select id from areas where level = 'district' limit 1`)).rows[0].id;
  base = { categoryId: category, description: 'My family’s land record in Mardan has not been updated for months.', location: { areaId: area }, language: 'en' };
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const file = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { ...base, ...payload } });
const citizenOf = async (code: string) => (await database.db.query('select z.id, z.country_code, z.time_zone, z.cnic, z.cnic_lookup from citizens z join complaints c on c.citizen_id = z.id where c.code = $1', [code])).rows[0];

describe('overseas citizens filing', () => {
  it('keeps the time zone a citizen gives, spelled as Intl spells it, beside their number’s country', async () => {
    const res = await file({ contact: { phone: '+971 50 123 4567' }, timeZone: 'asia/dubai' });
    expect(res.statusCode).toBe(201);
    expect(await citizenOf(res.json().code)).toMatchObject({ country_code: 'AE', time_zone: 'Asia/Dubai' });
    const without = await file({ contact: { phone: '+44 7400 123456' } });
    expect(await citizenOf(without.json().code)).toMatchObject({ country_code: 'GB', time_zone: null });
  });

  it.each([
    ['an unknown zone', 'Mars/Olympus', 400],
    ['an offset', '+05:00', 400],
    ['an empty zone', '', 400],
    ['a name too long for one', `Asia/${'x'.repeat(70)}`, 400],
  ])('refuses %s with 400 naming /timeZone, and writes nothing', async (_name, timeZone, status) => {
    const before = await tableCounts(database.db);
    const res = await file({ contact: { phone: '+971501234567' }, timeZone });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain('/timeZone');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses an unknown zone from a caller that skips the HTTP schema (a channel adapter) with 422 naming /timeZone', async () => {
    const before = await tableCounts(database.db);
    const error = await app.services.intake.submit({ ...(base as unknown as SubmitComplaintInput), contact: { phone: '+971501234567' }, timeZone: 'Mars/Olympus' }, null).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ status: 422, errors: [{ pointer: '/timeZone', detail: expect.stringContaining('IANA') }] });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('accepts a NICOP number (the overseas card: the same 13 digits) and stores it sealed', async () => {
    const res = await file({ contact: { phone: '+966 50 123 4567', cnic: '61101-2345678-9' } });
    expect(res.statusCode).toBe(201);
    const citizen = await citizenOf(res.json().code);
    expect(citizen.cnic).toMatch(/^enc:/);
    expect(testCipher().open('citizens.cnic', citizen.id, citizen.cnic)).toBe('6110123456789');
    expect(citizen.cnic_lookup).toMatch(/^idx:/);
  });
});
