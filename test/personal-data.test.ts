import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { testCipher } from './helpers/keys.js';

// A citizen whose every personal value is distinctive, so any copy of one in clear is found wherever it lies.
const CITIZEN = {
  name: 'Zarmina Qureshi-Afridi',
  phone: '0345 7654321',
  email: 'Zarmina.Afridi@Example.pk',
  cnic: '17301-7654321-9',
};
const ADDRESS = 'House 77, Gali Zarghuna, Mohalla Qissa Khwani, Peshawar';
// An answer to a category's extra fields that leads to the household: the electricity bill's reference number.
const BILL_REFERENCE = '12 26123 7654329 U';
// Every form a clear value might take in storage or in an answer.
const NEEDLES = ['Zarmina', 'Qureshi', '3457654321', '0345 7654321', 'zarmina.afridi', 'Example.pk', '1730176543219', '17301-7654321-9', 'Zarghuna', 'Qissa Khwani', '26123 7654329'];

let database: TestDatabase;
let app: FastifyInstance;
let filed: { code: string; citizenSecret: string; body: string };
let filedBill: { code: string; citizenSecret: string };
let categoryId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await app.inject({ url: '/api/v1/categories' })).json().categories[0].id;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    payload: { categoryId, description: 'Sewage overflowing into the lane for a week now.', location: { areaId: 'kp.peshawar.peshawar', address: ADDRESS }, contact: CITIZEN, language: 'en' },
  });
  expect(res.statusCode).toBe(201);
  filed = { ...res.json(), body: res.body };
  const bill = await app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    payload: { categoryId: 'electricity-overbilling', description: 'Billed for 900 units in a closed house.', location: { areaId: 'kp.peshawar.peshawar' }, contact: CITIZEN, attributes: { consumer_reference: BILL_REFERENCE } },
  });
  expect(bill.statusCode).toBe(201);
  filedBill = bill.json();
  // A follower, too, leaves a contact row.
  const follow = await app.inject({ method: 'POST', url: `/api/v1/complaints/${filed.code}/follow`, payload: { email: 'Zarmina.Afridi@Example.pk', name: 'Zarmina again' } });
  expect(follow.statusCode).toBe(201);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

function expectNoPersonalData(text: string, where: string): void {
  for (const needle of NEEDLES) expect(text.toLowerCase(), `${where} holds "${needle}"`).not.toContain(needle.toLowerCase());
}

describe('personal data at rest', () => {
  it('leaves no clear personal value in any table after intake and following (a scan of every row of every table)', async () => {
    const { rows: tables } = await database.db.query(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    expect(tables.length).toBeGreaterThan(10);
    for (const { table_name: table } of tables) {
      const { rows } = await database.db.query(`select count(*)::int as n from "${table}" t where lower(to_jsonb(t)::text) like any($1::text[])`, [NEEDLES.map((n) => `%${n.toLowerCase()}%`)]);
      expect(rows[0].n, `rows of ${table} holding a clear personal value`).toBe(0);
    }
  });

  it('stores each personal field as an envelope under the current key and each lookup as a blind index', async () => {
    const { rows } = await database.db.query(
      `select z.* from citizens z join complaints c on c.citizen_id = z.id where c.code = $1`,
      [filed.code],
    );
    const row = rows[0];
    for (const field of ['name', 'phone', 'email', 'cnic']) expect(row[field], field).toMatch(/^enc:test1:[A-Za-z0-9+/]+=*$/);
    for (const field of ['phone_lookup', 'email_lookup', 'cnic_lookup']) expect(row[field], field).toMatch(/^idx:test1:[A-Za-z0-9_-]{43}$/);
    const cipher = testCipher();
    expect(cipher.open('citizens.phone', row.id, row.phone)).toBe('+923457654321');
    expect(cipher.open('citizens.cnic', row.id, row.cnic)).toBe('1730176543219');
    expect(row.email_lookup).toBe(cipher.lookup('email', 'zarmina.afridi@example.pk'));
    const complaint = (await database.db.query('select id, address from complaints where code = $1', [filed.code])).rows[0];
    expect(complaint.address).toMatch(/^enc:test1:/);
    expect(cipher.open('complaints.address', complaint.id, complaint.address)).toBe(ADDRESS);
  });

  it('shows the citizen their own address, opened, when they prove it is theirs', async () => {
    const own = await app.inject({ url: `/api/v1/complaints/${filed.code}`, headers: { authorization: `Bearer ${filed.citizenSecret}` } });
    expect(own.json().own.address).toBe(ADDRESS);
  });

  it("seals the answers to a category's extra fields, and shows them only to the citizen who filed", async () => {
    const row = (await database.db.query('select id, attributes from complaints where code = $1', [filedBill.code])).rows[0];
    expect(row.attributes).toMatch(/^enc:test1:/);
    expect(testCipher().open('complaints.attributes', row.id, row.attributes)).toBe(JSON.stringify({ consumer_reference: BILL_REFERENCE }));
    expectNoPersonalData((await app.inject({ url: `/api/v1/complaints/${filedBill.code}` })).body, 'the public view');
    const own = await app.inject({ url: `/api/v1/complaints/${filedBill.code}`, headers: { authorization: `Bearer ${filedBill.citizenSecret}` } });
    expect(own.json().own.attributes[0]).toMatchObject({ code: 'consumer_reference', value: BILL_REFERENCE });
  });

  it('finds an existing follower by the blind index of their e-mail, however it is written', async () => {
    const again = await app.inject({ method: 'POST', url: `/api/v1/complaints/${filed.code}/follow`, payload: { email: 'zarmina.afridi@EXAMPLE.pk' } });
    expect(again.json()).toMatchObject({ code: filed.code, alreadyFollowing: true });
  });

  it('refuses a malformed CNIC with a 422 naming the field, writing nothing', async () => {
    const before = (await database.db.query('select count(*)::int as n from citizens')).rows[0].n;
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'Another complaint about the lane.', contact: { phone: '03001234567', cnic: '12345' } } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ pointer: '/contact/cnic', detail: expect.stringContaining('13 digits') }]);
    expect((await database.db.query('select count(*)::int as n from citizens')).rows[0].n).toBe(before);
  });
});

describe('public endpoints', () => {
  it('answer the filing without the citizen personal fields', () => {
    expectNoPersonalData(filed.body, 'the 201 answer');
  });

  it('never return a citizen personal fields: every GET of the API description, for this complaint', async () => {
    const spec = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(spec.paths).filter(([path, methods]) => 'get' in methods && !path.endsWith('/live'));
    expect(gets.map(([path]) => path)).toContain('/api/v1/complaints/{code}');
    for (const [path] of gets) {
      const url = path.replace('{code}', filed.code).replace('{attachmentId}', '00000000-0000-0000-0000-000000000000');
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBeLessThan(500);
      expectNoPersonalData(res.body, `GET ${url}`);
    }
  });

  it('never return them from the public POSTs (suggestions, following) either', async () => {
    const similar = await app.inject({ method: 'POST', url: '/api/v1/complaints/similar', payload: { categoryId, description: 'Sewage overflowing into the lane for a week now.', location: { areaId: 'kp.peshawar.peshawar' } } });
    expect(similar.json().suggestions.map((s: { code: string }) => s.code)).toContain(filed.code);
    expectNoPersonalData(similar.body, 'POST /complaints/similar');
    const follow = await app.inject({ method: 'POST', url: `/api/v1/complaints/${filed.code}/follow`, payload: { phone: '0345 7654321' } });
    expectNoPersonalData(follow.body, 'POST /complaints/{code}/follow');
  });

  it('never stream them on the live timeline', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/complaints/${filed.code}/live`, { signal: abort.signal });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('follower_added')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(text).toContain('"type":"submitted"');
    expectNoPersonalData(text, 'the live timeline');
  });
});
