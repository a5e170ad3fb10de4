import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { tableCounts } from '../../../../../test/helpers/fixtures.js';
import { testCipher } from '../../../../../test/helpers/keys.js';
import { staffSession, type SignedIn } from '../../../../../test/helpers/staff.js';

// A consumer reference distinctive enough to be found wherever a copy of it might lie.
const REFERENCE = '09 14124 0123400 U';
const AREA = 'kp.peshawar.peshawar';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const complaint = (categoryId: string, attributes: unknown, extra: Record<string, unknown> = {}) => ({
  categoryId,
  description: 'The bill charges three times the units of last month.',
  location: { areaId: AREA },
  contact: { phone: '0300 1112223' },
  ...(attributes !== undefined && { attributes }),
  ...extra,
});
const file = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/complaints', payload: payload as object });
const billing = { consumer_reference: REFERENCE, bill_month: '2026-01', billed_units: '940' };
// A multipart form of these fields in this order (a multivaluelist repeats its field).
const form = (pairs: [string, string][]) => {
  const data = new FormData();
  for (const [key, value] of pairs) data.append(key, value);
  return data as unknown as object;
};

describe('GET /api/v1/categories', () => {
  it("lists each category's extra fields in order, with their questions and choices in three languages", async () => {
    const categories = (await app.inject({ url: '/api/v1/categories' })).json().categories as { id: string; attributes: Record<string, unknown>[] }[];
    const overbilling = categories.find((c) => c.id === 'electricity-overbilling')!;
    expect(overbilling.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ['consumer_reference', 'string', true, 1],
      ['bill_month', 'string', false, 2],
      ['billed_units', 'number', false, 3],
    ]);
    expect(overbilling.attributes[0]).toMatchObject({ description: { en: expect.any(String), ur: expect.any(String), ps: expect.any(String) }, pattern: expect.stringMatching(/^\^/), maxLength: 20, uppercase: true });
    const police = categories.find((c) => c.id === 'police-inaction')!;
    expect(police.attributes.find((a) => a.code === 'fir_lodged')).toMatchObject({ datatype: 'singlevaluelist', required: true, values: [{ key: 'yes', name: { en: 'Yes' } }, { key: 'no', name: { en: 'No' } }] });
    expect(categories.find((c) => c.id === 'garbage-not-collected')!.attributes).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('describes attributes on filing, on the owner and staff views, and on the catalogue', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    const schemaOf = (path: string, method: string, status: string) => doc.paths[path][method].responses[status].content['application/json'].schema;
    const body = doc.paths['/api/v1/complaints'].post.requestBody.content['application/json'].schema;
    expect(body.properties.attributes).toMatchObject({ type: 'object', maxProperties: 50, description: expect.stringContaining('attributes[code]') });
    expect(doc.paths['/api/v1/staff/intake/complaints'].post.requestBody.content['application/json'].schema.properties.attributes).toBeDefined();
    const category = schemaOf('/api/v1/categories', 'get', '200').properties.categories.items;
    expect(category.properties.attributes.items.properties.datatype.anyOf.map((d: { const?: string; enum?: string[] }) => d.const ?? d.enum?.[0])).toEqual(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);
    const components = JSON.stringify(doc.components.schemas);
    expect(components).toContain('valueLabels');
  });
});

describe('POST /api/v1/complaints with attributes', () => {
  let before: Awaited<ReturnType<typeof tableCounts>>;
  beforeEach(async () => {
    before = await tableCounts(database.db);
  });

  it('files the answers, shows them (normalised, with their questions) to the citizen who filed it, and to nobody else', async () => {
    const res = await file(complaint('electricity-overbilling', { ...billing, consumer_reference: ' 09 14124 0123400 u ' }));
    expect(res.statusCode).toBe(201);
    const { code, citizenSecret } = res.json();
    expect(res.body).not.toContain('14124');

    const publicView = await app.inject({ url: `/api/v1/complaints/${code}` });
    expect(publicView.json().own).toBeUndefined();
    expect(publicView.body).not.toContain('14124');
    const open311 = await app.inject({ url: `/open311/v2/requests/${code}.json` });
    expect(open311.statusCode).toBe(200);
    expect(open311.body).not.toContain('14124');
    expect((await app.inject({ url: `/open311/v2/requests/${code}.xml` })).body).not.toContain('14124');

    const own = (await app.inject({ url: `/api/v1/complaints/${code}`, headers: { authorization: `Bearer ${citizenSecret}` } })).json().own;
    expect(own.attributes).toEqual([
      { code: 'consumer_reference', label: expect.objectContaining({ en: 'Reference number on your electricity bill' }), value: REFERENCE, valueLabels: null },
      { code: 'bill_month', label: expect.objectContaining({ en: 'Month of the bill' }), value: '2026-01', valueLabels: null },
      { code: 'billed_units', label: expect.objectContaining({ en: 'Units charged on the bill' }), value: 940, valueLabels: null },
    ]);
  });

  it('keeps the answers sealed on the complaint, never in clear and never in its events', async () => {
    const { code } = (await file(complaint('electricity-overbilling', billing))).json();
    const row = (await database.db.query('select id, attributes from complaints where code = $1', [code])).rows[0];
    expect(row.attributes).toMatch(/^enc:test1:/);
    expect(JSON.parse(testCipher().open('complaints.attributes', row.id, row.attributes)!)).toEqual({ consumer_reference: REFERENCE, bill_month: '2026-01', billed_units: 940 });
    const { rows } = await database.db.query(`select count(*)::int as n from complaint_events where complaint_id = $1 and payload::text like '%14124%'`, [row.id]);
    expect(rows[0].n).toBe(0);
  });

  it('names a list choice by its names in the owner view, and files a multivaluelist', async () => {
    const res = await file(complaint('school-facilities-missing', { school_name: 'GPS Mohallah Jangi', missing_facilities: ['toilets', 'drinking_water'] }));
    expect(res.statusCode).toBe(201);
    const own = (await app.inject({ url: `/api/v1/complaints/${res.json().code}`, headers: { authorization: `Bearer ${res.json().citizenSecret}` } })).json().own;
    expect(own.attributes[1]).toEqual({
      code: 'missing_facilities',
      label: expect.objectContaining({ en: 'What is missing?' }),
      value: ['drinking_water', 'toilets'],
      valueLabels: [expect.objectContaining({ en: 'Drinking water' }), expect.objectContaining({ en: 'Toilets' })],
    });
  });

  it('refuses bad answers with 422, naming every field by /attributes/<code>, and writes nothing', async () => {
    const res = await file(complaint('police-inaction', { fir_lodged: 'maybe', fir_number: 'x'.repeat(31), police_station: 7, colour: 'red' }));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([
      { pointer: '/attributes/colour', detail: expect.stringContaining('no such field') },
      { pointer: '/attributes/fir_lodged', detail: '"maybe" is not one of: yes, no' },
      { pointer: '/attributes/fir_number', detail: 'may be at most 30 characters' },
    ]);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses a missing required answer, a wrong type, a bad date and a bad pattern, together with other bad fields', async () => {
    const missing = await file(complaint('electricity-overbilling', { bill_month: '2026/01', billed_units: 'lots' }, { description: 'short' }));
    expect(missing.statusCode).toBe(400);
    const res = await file(complaint('electricity-overbilling', { bill_month: '2026/01', billed_units: 'lots' }, { contact: { phone: 'not a phone' } }));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { pointer: '/contact/phone', detail: expect.any(String) },
      { pointer: '/attributes/consumer_reference', detail: 'is required' },
      { pointer: '/attributes/bill_month', detail: 'is not in the expected form (year and month, e.g. 2026-01)' },
      { pointer: '/attributes/billed_units', detail: expect.stringContaining('must be a number') },
    ]);
    const date = await file(complaint('fir-not-registered', { incident_date: '31-01-2026' }));
    expect(date.json().errors).toEqual([{ pointer: '/attributes/incident_date', detail: expect.stringContaining('must be a date') }]);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses attributes that are not an object (400) and answers for a category without fields (422), writing nothing', async () => {
    const list = await file(complaint('electricity-overbilling', [REFERENCE]));
    expect(list.statusCode).toBe(400);
    expect(list.json().errors[0].pointer).toBe('/attributes');
    const none = await file(complaint('garbage-not-collected', { bin_number: '12' }));
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([{ pointer: '/attributes/bin_number', detail: 'this category has no extra fields' }]);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('takes the same answers from a form: attributes[code] and attributes[code][] once per choice', async () => {
    const school: [string, string][] = [['categoryId', 'school-facilities-missing'], ['description', 'The school has no toilets and no water.'], ['areaId', AREA], ['phone', '0300 1112223']];
    const res = await file(form([...school, ['attributes[emis_code]', '52341'], ['attributes[missing_facilities][]', 'toilets'], ['attributes[missing_facilities][]', 'boundary_wall']]));
    expect(res.statusCode).toBe(201);
    const own = (await app.inject({ url: `/api/v1/complaints/${res.json().code}`, headers: { authorization: `Bearer ${res.json().citizenSecret}` } })).json().own;
    expect(own.attributes.map((a: { code: string; value: unknown }) => [a.code, a.value])).toEqual([['emis_code', '52341'], ['missing_facilities', ['toilets', 'boundary_wall']]]);

    const refused = await file(form([...school, ['attributes[missing_facilities][]', 'swimming_pool']]));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].pointer).toBe('/attributes/missing_facilities');
  });
});

describe('staff and the intake desk', () => {
  let officer: SignedIn;
  let agent: SignedIn;
  beforeAll(async () => {
    const office = (await database.db.query(`select id from offices where department_id = 'energy-power' and $1 like area_id || '%' order by length(area_id) desc limit 1`, [AREA])).rows[0];
    officer = await staffSession(app, 'officer', { officeIds: [office.id] });
    agent = await staffSession(app, 'intake_agent');
  });

  it('shows the answers on the staff view of the complaint', async () => {
    const { code } = (await file(complaint('electricity-overbilling', billing))).json();
    const view = await app.inject({ url: `/api/v1/staff/complaints/${code}`, headers: officer.headers });
    expect(view.statusCode).toBe(200);
    expect(view.json().attributes).toEqual([
      expect.objectContaining({ code: 'consumer_reference', value: REFERENCE }),
      expect.objectContaining({ code: 'bill_month', value: '2026-01' }),
      expect.objectContaining({ code: 'billed_units', value: 940 }),
    ]);
  });

  it('takes answers from the helpline and from a letter, and refuses bad ones there the same way', async () => {
    const before = await tableCounts(database.db);
    const call = await app.inject({ method: 'POST', url: '/api/v1/staff/intake/complaints', headers: agent.headers, payload: complaint('electricity-overbilling', billing) });
    expect(call.statusCode).toBe(201);
    const stored = (await app.services.complaints.view(call.json().code, null)).complaint.attributes;
    expect(stored).toEqual({ consumer_reference: REFERENCE, bill_month: '2026-01', billed_units: 940 });

    const office = (await database.db.query(`select id from offices where department_id = 'revenue' order by id limit 1`)).rows[0].id;
    const letter = form([
      ['diaryNumber', 'D-77/2026'],
      ['receivedOn', '2026-01-05'],
      ['officeId', office],
      ['categoryId', 'fard-not-issued'],
      ['description', 'Respected Sir, the patwari has not issued my fard for two months.'],
      ['areaId', AREA],
      ['name', 'Muhammad Iqbal'],
      ['attributes[mauza]', 'Pawaka'],
      ['attributes[khasra_number]', '1021/5'],
    ]);
    const entered = await app.inject({ method: 'POST', url: '/api/v1/staff/intake/letters', headers: agent.headers, payload: letter });
    expect(entered.statusCode).toBe(201);
    expect((await app.services.complaints.view(entered.json().letter.code, null)).complaint.attributes).toEqual({ mauza: 'Pawaka', khasra_number: '1021/5' });

    const middle = await tableCounts(database.db);
    expect(middle.complaints - before.complaints).toBe(2);
    const refused = await app.inject({ method: 'POST', url: '/api/v1/staff/intake/complaints', headers: agent.headers, payload: complaint('electricity-overbilling', { consumer_reference: '12345', billed_units: -4 }) });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { pointer: '/attributes/consumer_reference', detail: expect.stringContaining('is not in the expected form') },
      { pointer: '/attributes/billed_units', detail: 'must be at least 0' },
    ]);
    expect(await tableCounts(database.db)).toEqual(middle);
  });

  it('files a call or a letter without a required answer the caller or writer did not give (the office can ask), but not a web submission', async () => {
    const call = await app.inject({ method: 'POST', url: '/api/v1/staff/intake/complaints', headers: agent.headers, payload: complaint('electricity-overbilling', { bill_month: '2026-01' }) });
    expect(call.statusCode).toBe(201);
    expect((await app.services.complaints.view(call.json().code, null)).complaint.attributes).toEqual({ bill_month: '2026-01' });
    // Channel adapters (WhatsApp, SMS, e-mail) file through the same intake without a form, and are taken the same way.
    const chat = await app.services.intake.submit({ categoryId: 'police-inaction', description: 'No action on my complaint for a month.', location: { areaId: AREA }, channel: 'whatsapp', anonymous: true }, null);
    expect((await app.services.complaints.view(chat.code, null)).complaint.attributes).toBeNull();
    const web = await file(complaint('police-inaction', undefined));
    expect(web.json().errors).toEqual([{ pointer: '/attributes/fir_lodged', detail: 'is required' }]);
  });
});
