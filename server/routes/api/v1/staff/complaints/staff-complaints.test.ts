import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { PNG_1X1, tableCounts } from '../../../../../../test/helpers/fixtures.js';
import { createStaff, signIn, staffSession, type SignedIn } from '../../../../../../test/helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let office: { id: string; area_id: string };
let otherOffice: { id: string; area_id: string };
let categoryId: string;
let officer: SignedIn;
let head: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar' limit 1`)).rows[0];
  otherOffice = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.malakand.swat' limit 1`)).rows[0];
  officer = await staffSession(app, 'officer', { officeIds: [office.id] });
  head = await staffSession(app, 'head_of_office', { officeIds: [office.id] });
  stranger = await staffSession(app, 'officer', { officeIds: [otherOffice.id] });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const file = async (areaId = office.area_id) => {
  const response = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'The BHU has had no doctor for a week.', location: { areaId }, contact: { phone: '03001234567' } } });
  return response.json() as { code: string; citizenSecret: string };
};
const get = (who: SignedIn, url: string) => app.inject({ method: 'GET', url, headers: who.headers });
const post = (who: SignedIn, url: string, payload?: object, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers: { ...who.headers, ...headers }, ...(payload && { payload }) });

describe('staff queue', () => {
  it('lists the open complaints of the officer’s own office, most urgent first, and nobody else’s', async () => {
    const mine = await file();
    const theirs = await file(otherOffice.area_id);
    const queue = await get(officer, '/api/v1/staff/complaints?limit=200');
    expect(queue.statusCode).toBe(200);
    const codes = queue.json().items.map((i: { code: string }) => i.code);
    expect(codes).toContain(mine.code);
    expect(codes).not.toContain(theirs.code);
    const dues = queue.json().items.map((i: { dueAt: string | null }) => i.dueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());
    expect((await get(stranger, '/api/v1/staff/complaints?limit=200')).json().items.map((i: { code: string }) => i.code)).toContain(theirs.code);
  });

  it('pages with an opaque cursor without repeating or skipping, and refuses a forged cursor', async () => {
    for (let i = 0; i < 5; i++) await file();
    const all = (await get(officer, '/api/v1/staff/complaints?limit=200')).json().items.map((i: { code: string }) => i.code);
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page: { items: { code: string }[]; next: string | null } = (await get(officer, `/api/v1/staff/complaints?limit=2${next ? `&after=${next}` : ''}`)).json();
      seen.push(...page.items.map((i: { code: string }) => i.code));
      next = page.next;
    } while (next);
    expect(seen).toEqual(all);
    const forged = await get(officer, '/api/v1/staff/complaints?after=bm90LWEtY3Vyc29y');
    expect(forged.statusCode).toBe(422);
    expect(forged.json().errors[0].pointer).toBe('/querystring/after');
  });

  it('gives each open complaint its SLA-breach risk, 1 once the deadline has passed', async () => {
    const fresh = await file();
    const late = await file();
    // Its clock started 30 business days ago: long run out (the sweep has not come round yet).
    await database.db.query(`update complaints set sla_started_at = now() - interval '60 days', due_at = now() - interval '1 day' where code = $1`, [late.code]);
    const items: { code: string; breachRisk: number | null; overdue: boolean }[] = (await get(officer, '/api/v1/staff/complaints?limit=200')).json().items;
    const risk = items.find((i) => i.code === fresh.code)!.breachRisk!;
    expect(risk).toBeGreaterThan(0);
    expect(risk).toBeLessThan(0.5);
    expect(items.find((i) => i.code === late.code)).toMatchObject({ breachRisk: 1, overdue: true });
  });

  it('refuses roles that do not work complaints, and anyone not signed in', async () => {
    for (const role of ['analyst', 'intake_agent', 'administrator'] as const) {
      const who = await staffSession(app, role);
      expect((await get(who, '/api/v1/staff/complaints')).statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/complaints' })).statusCode).toBe(401);
  });
});

describe('working a complaint through the API', () => {
  it('takes a complaint from acknowledgement to resolution, with notes kept from the public', async () => {
    const { code, citizenSecret } = await file();
    const detail = await get(officer, `/api/v1/staff/complaints/${code}`);
    expect(detail.json()).toMatchObject({ code, state: 'assigned', actions: expect.arrayContaining(['acknowledge', 'transfer']) });
    const etag = detail.headers.etag as string;
    const ack = await post(officer, `/api/v1/staff/complaints/${code}/acknowledge`, undefined, { 'if-match': etag });
    expect(ack.json().state).toBe('in_progress');
    // Acting on a version that has moved on is refused, and changes nothing.
    const stale = await post(officer, `/api/v1/staff/complaints/${code}/notes`, { text: 'late' }, { 'if-match': etag });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    await post(officer, `/api/v1/staff/complaints/${code}/notes`, { text: 'Spoke to the DHO; a doctor is posted from Monday.' });
    const asked = await post(officer, `/api/v1/staff/complaints/${code}/information-requests`, { question: 'Which BHU exactly?' });
    expect(asked.json()).toMatchObject({ state: 'awaiting_citizen', slaPaused: true });
    await app.inject({ method: 'POST', url: `/api/v1/complaints/${code}/information`, headers: { authorization: `Bearer ${citizenSecret}` }, payload: { text: 'BHU Mathra.' } });
    const resolved = await post(officer, `/api/v1/staff/complaints/${code}/resolve`, { outcome: 'full_relief', reason: 'Doctor posted.', photos: [{ filename: 'duty-roster.png', data: PNG_1X1.toString('base64') }] });
    expect(resolved.json()).toMatchObject({ state: 'resolved', outcome: 'full_relief', attachments: [{ contentType: 'image/png' }] });
    const staffTimeline = resolved.json().timeline.map((e: { type: string }) => e.type);
    expect(staffTimeline).toContain('note_added');
    const photo = await get(officer, resolved.json().attachments[0].url);
    // Photos are re-encoded on the way in (metadata stripped): staff get exactly the stored, cleaned PNG.
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.subarray(0, 8).equals(PNG_1X1.subarray(0, 8))).toBe(true);
    const blob = (await database.db.query('select b.data from attachment_blobs b join attachments a on a.storage_key = b.key where a.id = $1', [resolved.json().attachments[0].id])).rows[0];
    expect(photo.rawPayload.equals(blob.data)).toBe(true);
    const publicView = (await app.inject({ method: 'GET', url: `/api/v1/complaints/${code}` })).json();
    expect(publicView.timeline.map((e: { type: string }) => e.type)).not.toContain('note_added');
    expect(JSON.stringify(publicView)).not.toContain('DHO');
  });

  it('hides another office’s complaint (404) and refuses to act on it (403), writing nothing', async () => {
    const { code } = await file(otherOffice.area_id);
    expect((await get(officer, `/api/v1/staff/complaints/${code}`)).statusCode).toBe(404);
    const before = await tableCounts(database.db);
    const refused = await post(officer, `/api/v1/staff/complaints/${code}/acknowledge`);
    expect(refused.statusCode).toBe(403);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('transfers to another office and answers 204 once the complaint is out of the officer’s reach', async () => {
    const { code } = await file();
    const moved = await post(officer, `/api/v1/staff/complaints/${code}/transfer`, { toOfficeId: otherOffice.id, reason: 'The BHU is in Swat.' });
    expect(moved.statusCode).toBe(204);
    expect((await get(stranger, `/api/v1/staff/complaints/${code}`)).json()).toMatchObject({ state: 'assigned', office: { id: otherOffice.id } });
  });

  it('lets a head of office assign to their officers, one at a time or in bulk, and list who can be assigned', async () => {
    const one = await file();
    const two = await file();
    const officers = (await get(head, `/api/v1/staff/offices/${office.id}/officers`)).json().officers;
    expect(officers.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([officer.id, head.id]));
    expect((await get(officer, `/api/v1/staff/offices/${otherOffice.id}/officers`)).statusCode).toBe(404);
    const assigned = await post(head, `/api/v1/staff/complaints/${one.code}/assign`, { officerId: officer.id });
    expect(assigned.json().assignedOfficerId).toBe(officer.id);
    const bulk = await post(head, '/api/v1/staff/complaints/bulk/assign', { codes: [two.code, 'KP-0000-0000'], officerId: officer.id });
    expect(bulk.json().results).toEqual([{ code: two.code, ok: true }, { code: 'KP-0000-0000', ok: false, error: expect.any(String) }]);
    const mine = (await get(officer, '/api/v1/staff/complaints?assignee=me&limit=200')).json().items.map((i: { code: string }) => i.code);
    expect(mine).toEqual(expect.arrayContaining([one.code, two.code]));
    expect((await post(officer, '/api/v1/staff/complaints/bulk/assign', { codes: [one.code], officerId: officer.id })).statusCode).toBe(403);
  });

  it('names every bad field of an action at once', async () => {
    const { code } = await file();
    const bad = await post(officer, `/api/v1/staff/complaints/${code}/resolve`, { outcome: 'sort of', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { pointer: '/extra', detail: 'is not a known field' },
      { pointer: '/outcome', detail: 'must be one of: full_relief, partial_relief, no_relief' },
    ]);
  });
});

describe('possible duplicates of a complaint', () => {
  const fileText = async (description: string, areaId = office.area_id) =>
    (await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description, location: { areaId }, anonymous: true } })).json().code as string;

  it('offers the open complaints that read like it nearby, with their texts, and never itself or an unrelated one', async () => {
    const text = 'The water pump of the basic health unit in our village has been broken for three weeks and patients carry water from the river.';
    const first = await fileText(text);
    const second = await fileText(text.toUpperCase().replace('three weeks', '3 weeks'));
    const unrelated = await fileText('The vaccinator did not come to the school on the day announced for the polio campaign.');
    const elsewhere = await fileText(text, otherOffice.area_id);
    const response = await get(officer, `/api/v1/staff/complaints/${second}/duplicates`);
    expect(response.statusCode).toBe(200);
    const duplicates: { code: string; likeness: number; description: string }[] = response.json().duplicates;
    const codes = duplicates.map((d) => d.code);
    expect(codes).toContain(first);
    expect(codes).not.toContain(second);
    expect(codes).not.toContain(unrelated);
    expect(codes).not.toContain(elsewhere);
    expect(duplicates.find((d) => d.code === first)).toMatchObject({ description: text });
    expect(duplicates.every((d) => d.likeness > 0 && d.likeness <= 1)).toBe(true);
  });

  it('answers 404 for a complaint outside the reader’s jurisdiction and 400 for a malformed code', async () => {
    const code = await fileText('No doctor at the dispensary since the start of the month.');
    expect((await get(stranger, `/api/v1/staff/complaints/${code}/duplicates`)).statusCode).toBe(404);
    const malformed = await get(officer, '/api/v1/staff/complaints/not-a-code/duplicates');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });
});

describe('live queue', () => {
  it('tells an officer’s console of complaints filed to their office, and nothing of other offices', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/api/v1/staff/queue/live`, { headers: { cookie: officer.cookie }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    const theirs = await file(otherOffice.area_id);
    const mine = await file();
    const deadline = Date.now() + 5000;
    while (!text.includes(mine.code) && Date.now() < deadline) {
      const { value } = await Promise.race([reader.read(), new Promise<{ value: undefined }>((r) => setTimeout(() => r({ value: undefined }), 500))]);
      if (value) text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('event: queue');
    expect(text).toContain(mine.code);
    expect(text).not.toContain(theirs.code);
  });

  it('refuses a console without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/queue/live' })).statusCode).toBe(401);
    const analyst = await signIn(app, (await createStaff(app, 'analyst')).username);
    expect((await get(analyst, '/api/v1/staff/queue/live')).statusCode).toBe(403);
  });
});
