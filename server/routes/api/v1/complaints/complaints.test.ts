import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../domain/audit/event-hash.js';
import { ComplaintRepository } from '../../../../store/complaint.repository.js';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { PNG_1X1, tableCounts } from '../../../../../test/helpers/fixtures.js';
import { testCipher } from '../../../../../test/helpers/keys.js';
import { pixels } from '../../../../../test/helpers/photos.js';

let database: TestDatabase;
let app: FastifyInstance;
let category: { id: string; department: { id: string } };
let district: { id: string; name: { en: string } };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db, { EKHTYAR_ATTACHMENT_MAX_BYTES: '4096' });
  const categories = (await app.inject({ url: '/api/v1/categories' })).json().categories;
  category = categories.find((c: { department: { id: string } }) => c.department.id === 'health') ?? categories[0];
  district = (await app.inject({ url: '/api/v1/areas?level=district' })).json().areas.find((a: { id: string }) => a.id.endsWith('.peshawar'));
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const body = (extra: Record<string, unknown> = {}) => ({
  categoryId: category.id,
  description: 'The district hospital has had no doctor on duty at night for a week.',
  location: { areaId: district.id },
  contact: { name: 'Ayesha Khan', phone: '0300 1234567' },
  language: 'ur',
  ...extra,
});
const file = (payload: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/api/v1/complaints', payload: payload as object, headers });

describe('POST /api/v1/complaints', () => {
  let before: Awaited<ReturnType<typeof tableCounts>>;
  beforeEach(async () => {
    before = await tableCounts(database.db);
  });

  it('files a complaint, routes it to the department office of the district and returns a code and a secret', async () => {
    const res = await file(body());
    expect(res.statusCode).toBe(201);
    const json = res.json();
    expect(json.code).toMatch(/^KP-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(json.citizenSecret).toMatch(/^cs_/);
    expect(json.complaint.state).toBe('assigned');
    expect(json.complaint.office.id).toBe(`${category.department.id}@${district.id}`);
    expect(json.complaint.dueAt).not.toBeNull();
    expect(json.complaint.timeline.map((e: { type: string }) => e.type)).toEqual(['submitted', 'routed']);
    const after = await tableCounts(database.db);
    expect(after.complaints - before.complaints).toBe(1);
    expect(after.complaint_events - before.complaint_events).toBe(2);
    expect(after.outbox - before.outbox).toBe(1);
    // The phone is stored sealed (and found by its blind index), never in clear.
    const stored = await database.db.query('select c.id, c.phone, c.phone_lookup from citizens c join complaints k on k.citizen_id = c.id where k.code = $1', [json.code]);
    const cipher = testCipher();
    expect(stored.rows[0].phone).toMatch(/^enc:test1:/);
    expect(cipher.open('citizens.phone', stored.rows[0].id, stored.rows[0].phone)).toBe('+923001234567');
    expect(stored.rows[0].phone_lookup).toBe(cipher.lookup('phone', '+923001234567'));
  });

  it('routes a point on the map to the district that contains it', async () => {
    const res = await file(body({ location: { latitude: 34.0151, longitude: 71.5249 } }));
    expect(res.statusCode).toBe(201);
    expect(res.json().complaint.area.id).toBe(district.id);
  });

  it('finds the district named in a free-text address', async () => {
    const res = await file(body({ location: { address: 'House 12, Street 4, near GT Road, Peshawar' } }));
    expect(res.statusCode).toBe(201);
    expect(res.json().complaint.area.id).toBe(district.id);
  });

  it('sends a complaint with no location to triage instead of guessing', async () => {
    const res = await file(body({ location: undefined }));
    expect(res.statusCode).toBe(201);
    expect(res.json().complaint.state).toBe('triage');
    expect(res.json().complaint.office).toBeNull();
  });

  it('accepts an overseas number in international format', async () => {
    const res = await file(body({ contact: { phone: '+971 50 123 4567' } }));
    expect(res.statusCode).toBe(201);
  });

  it('accepts an anonymous complaint without contact details', async () => {
    const res = await file(body({ contact: undefined, anonymous: true }));
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['a point outside the province', { location: { latitude: 24.86, longitude: 67.01 } }, 422, '/location'],
    ['an unknown category', { categoryId: 'no-such-category' }, 422, '/categoryId'],
    ['an unknown area', { location: { areaId: 'kp.nowhere' } }, 422, '/location/areaId'],
    ['an invalid phone number', { contact: { phone: '12' } }, 422, '/contact/phone'],
    ['no way to reach a named citizen', { contact: { name: 'Ali' } }, 422, '/contact'],
    ['a description of only spaces', { description: ' '.repeat(40) }, 422, '/description'],
    ['a description over 5,000 characters', { description: 'x'.repeat(5001) }, 400, '/description'],
    ['a description of the wrong type', { description: 42 }, 400, '/description'],
    ['latitude without longitude', { location: { latitude: 34 } }, 400, '/location/longitude'],
    ['an unknown field', { priority: 'high' }, 400, '/priority'],
    ['a photo that is not base64', { photos: [{ data: '!!!not base64!!!' }] }, 422, '/photos/0/data'],
    ['a fake image (text named .jpg)', { photos: [{ filename: 'x.jpg', data: Buffer.from('just some text, not an image').toString('base64') }] }, 415, '/photos/0'],
    ['an image over the size limit', { photos: [{ data: Buffer.concat([PNG_1X1, Buffer.alloc(5000)]).toString('base64') }] }, 413, '/photos/0'],
  ])('refuses %s with a problem naming the field, and writes nothing', async (_name, extra, status, pointer) => {
    const res = await file(body(extra));
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.status).toBe(status);
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: '{"categoryId": ', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('malformed_json');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses a body that is not JSON with a 415 problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: 'category=water', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a body over the size limit with a 413 problem, before reading it all', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: JSON.stringify(body({ description: 'x'.repeat(30 * 1024 * 1024) })), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('body_too_large');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('stores a real photo with the complaint', async () => {
    const res = await file(body({ photos: [{ filename: '../../etc/passwd.png', data: PNG_1X1.toString('base64') }] }));
    expect(res.statusCode).toBe(201);
    const { rows } = await database.db.query(
      `select a.filename, a.content_type, b.data from attachments a join attachment_blobs b on b.key = a.storage_key join complaints c on c.id = a.complaint_id where c.code = $1`,
      [res.json().code],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].filename).toBe('passwd.png');
    expect(rows[0].content_type).toBe('image/png');
    // Stored re-encoded (metadata stripped), with the same pixels.
    expect(await pixels(rows[0].data)).toEqual(await pixels(PNG_1X1));
  });

  it('lets only the citizen list and download their photos', async () => {
    const created = (await file(body({ photos: [{ filename: 'leak.png', data: PNG_1X1.toString('base64') }] }))).json();
    const auth = { authorization: `Bearer ${created.citizenSecret}` };
    const own = (await app.inject({ url: `/api/v1/complaints/${created.code}`, headers: auth })).json().own;
    expect(own.attachments).toHaveLength(1);
    expect(own.attachments[0]).toMatchObject({ filename: 'leak.png', contentType: 'image/png' });
    const download = await app.inject({ url: own.attachments[0].url, headers: auth });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.length).toBe(own.attachments[0].sizeBytes);
    expect(await pixels(download.rawPayload)).toEqual(await pixels(PNG_1X1));
    expect((await app.inject({ url: own.attachments[0].url })).statusCode).toBe(401);
    expect((await app.inject({ url: own.attachments[0].url, headers: { authorization: 'Bearer cs_wrong' } })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/v1/complaints/${created.code}/attachments/00000000-0000-4000-8000-000000000000`, headers: auth })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v1/complaints/${created.code}/attachments/not-a-uuid`, headers: auth })).statusCode).toBe(400);
  });

  it('returns the same complaint and secret for a repeated Idempotency-Key, and refuses the key for another body', async () => {
    const headers = { 'idempotency-key': `test-${Date.now()}-abcdef` };
    const first = await file(body(), headers);
    const again = await file(body(), headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().code).toBe(first.json().code);
    expect(again.json().citizenSecret).toBe(first.json().citizenSecret);
    const other = await file(body({ description: 'A different complaint entirely, about something else.' }), headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    expect((await tableCounts(database.db)).complaints - before.complaints).toBe(1);
  });

  it('writes concurrent submissions together without losing or mixing any', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => file(body({ description: `Concurrent complaint number ${i} about the hospital.` }))));
    expect(results.map((r) => r.statusCode)).toEqual(Array(60).fill(201));
    const codes = results.map((r) => r.json().code);
    expect(new Set(codes).size).toBe(60);
    const { rows } = await database.db.query('select code, description from complaints where code = any($1)', [codes]);
    expect(rows).toHaveLength(60);
    for (const [i, r] of results.entries()) expect(rows.find((x) => x.code === r.json().code)?.description).toBe(`Concurrent complaint number ${i} about the hospital.`);
  });
});

describe('everything else', () => {
  it('answers an unknown path with a 404 problem', async () => {
    const res = await app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('serves the OpenAPI document describing the intake endpoint', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/complaints'].post).toBeDefined();
    expect(doc.paths['/api/v1/complaints/{code}/feedback'].post).toBeDefined();
  });

  it('refuses a live stream for a mistyped or unknown code, or a bad Last-Event-ID, before opening it', async () => {
    expect((await app.inject({ url: '/api/v1/complaints/not-a-code/live' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/v1/complaints/KP-0000-0000/live' })).statusCode).toBe(404);
    const { code } = (await file(body())).json();
    expect((await app.inject({ url: `/api/v1/complaints/${code}/live`, headers: { 'last-event-id': 'x' } })).statusCode).toBe(400);
    expect((await app.inject({ url: `/api/v1/complaints/${code}/live?after=-1` })).statusCode).toBe(400);
  });

  it('reports healthy while the database answers', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('GET /api/v1/complaints/{code}', () => {
  it('shows the public view to anyone, without the description or contact details', async () => {
    const created = (await file(body())).json();
    const res = await app.inject({ url: `/api/v1/complaints/${created.code}` });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(text).not.toContain('no doctor on duty');
    expect(text).not.toContain('Ayesha');
    expect(text).not.toContain('1234567');
    expect(res.json().own).toBeUndefined();
    expect(res.json().citizenActions).toContain('withdraw');
  });

  it('accepts the code in lower case, without hyphens, with O for 0 and I for 1', async () => {
    const { code } = (await file(body())).json();
    const sloppy = code.toLowerCase().replaceAll('-', '').replaceAll('0', 'o').replaceAll('1', 'i');
    const res = await app.inject({ url: `/api/v1/complaints/${sloppy}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().code).toBe(code);
  });

  it('tells a mistyped code from an unknown one', async () => {
    const { code } = (await file(body())).json();
    const typo = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    expect((await app.inject({ url: `/api/v1/complaints/${typo}` })).statusCode).toBe(400);
    expect((await app.inject({ url: `/api/v1/complaints/not-a-code` })).json().code).toBe('invalid_tracking_code');
  });

  it('shows the citizen their own text when they present the secret, and refuses a wrong secret', async () => {
    const created = (await file(body())).json();
    const mine = await app.inject({ url: `/api/v1/complaints/${created.code}`, headers: { authorization: `Bearer ${created.citizenSecret}` } });
    expect(mine.json().own.description).toContain('no doctor on duty');
    const wrong = await app.inject({ url: `/api/v1/complaints/${created.code}`, headers: { authorization: 'Bearer cs_wrong' } });
    expect(wrong.statusCode).toBe(403);
  });
});

describe('citizen actions', () => {
  const act = (code: string, action: string, payload: object, secret?: string) =>
    app.inject({ method: 'POST', url: `/api/v1/complaints/${code}/${action}`, payload, headers: secret ? { authorization: `Bearer ${secret}` } : {} });
  const setState = (code: string, state: string) => database.db.query('update complaints set state = $2 where code = $1', [code, state]);

  it('needs the secret: 401 without it, 403 with the wrong one, and nothing is written', async () => {
    const { code } = (await file(body())).json();
    const before = await tableCounts(database.db);
    expect((await act(code, 'withdraw', {})).statusCode).toBe(401);
    expect((await act(code, 'withdraw', {}, 'cs_wrong')).statusCode).toBe(403);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses information that is only whitespace, writing nothing', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    const before = await tableCounts(database.db);
    const res = await act(code, 'information', { text: '   ' }, citizenSecret);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].pointer).toBe('/text');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('lets the citizen withdraw an open complaint, which closes it as withdrawn', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    const res = await act(code, 'withdraw', { reason: 'Fixed by neighbours' }, citizenSecret);
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('withdrawn');
    expect(res.json().closedAt).not.toBeNull();
  });

  it('refuses feedback before the office has resolved the complaint', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    const before = await tableCounts(database.db);
    const res = await act(code, 'feedback', { satisfied: true }, citizenSecret);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('transition_not_allowed');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('closes only on the citizen saying they are satisfied, keeping their rating', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    await setState(code, 'resolved');
    const outOfRange = await act(code, 'feedback', { satisfied: true, rating: 6 }, citizenSecret);
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().errors[0].pointer).toBe('/rating');
    const res = await act(code, 'feedback', { satisfied: true, rating: 5, comment: 'The doctor is there every night now.' }, citizenSecret);
    expect(res.json().state).toBe('closed');
    expect((await database.db.query('select feedback_rating from complaints where code = $1', [code])).rows[0].feedback_rating).toBe(5);
  });

  it('reopens one escalation level up when the citizen is not satisfied, and asks for a reason', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    await setState(code, 'resolved');
    const noReason = await act(code, 'feedback', { satisfied: false }, citizenSecret);
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].pointer).toBe('/reason');
    const res = await act(code, 'feedback', { satisfied: false, reason: 'The doctor came once and left.' }, citizenSecret);
    expect(res.json().state).toBe('assigned');
    expect(res.json().escalationLevel).toBe(1);
  });

  it('reopens a rejected complaint the citizen contests', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    await setState(code, 'rejected');
    const res = await act(code, 'contest', { reason: 'This is within the office’s duty.' }, citizenSecret);
    expect(res.json().state).toBe('assigned');
    expect(res.json().escalationLevel).toBe(1);
  });

  it('stops the SLA clock while awaiting the citizen and restarts it, with a new deadline, on reopening', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    const read = async () => (await database.db.query('select due_at, sla_budget_minutes, sla_started_at, sla_paused_at from complaints where code = $1', [code])).rows[0];
    const filed = await read();
    expect(filed.sla_budget_minutes).toBe((await database.db.query('select sla_days from categories where id = $1', [category.id])).rows[0].sla_days * 480);
    // As staff actions would: pause the clock when asking the citizen (no deadline runs meanwhile).
    await database.db.query(`update complaints set state = 'awaiting_citizen', sla_paused_at = sla_started_at, due_at = null where code = $1`, [code]);
    await act(code, 'information', { text: 'Here is the ward number: 7.' }, citizenSecret);
    const resumed = await read();
    expect(resumed.sla_paused_at).toBeNull();
    expect(resumed.due_at).not.toBeNull();
    expect(resumed.due_at.getTime()).toBeGreaterThanOrEqual(filed.due_at.getTime());
    await setState(code, 'resolved');
    await act(code, 'feedback', { satisfied: false, reason: 'Nothing changed at the ward.' }, citizenSecret);
    const reopened = await read();
    expect(reopened.sla_started_at.getTime()).toBeGreaterThan(filed.sla_started_at.getTime());
    expect(reopened.due_at.getTime()).toBeGreaterThan(resumed.due_at.getTime() - 1);
  });

  it('resumes work when the citizen answers a request for information, and keeps their text private', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    await setState(code, 'awaiting_citizen');
    const res = await act(code, 'information', { text: 'The ward is number 7, second floor.', photos: [{ data: PNG_1X1.toString('base64') }] }, citizenSecret);
    expect(res.json().state).toBe('in_progress');
    expect(res.json().timeline.at(-1).details.text).toBe('The ward is number 7, second floor.');
    const publicView = await app.inject({ url: `/api/v1/complaints/${code}` });
    expect(publicView.body).not.toContain('ward is number 7');
  });

  it('keeps an unbroken hash chain of events, which the database will not let anyone edit', async () => {
    const { code, citizenSecret } = (await file(body())).json();
    await act(code, 'information', { text: 'More detail.' }, citizenSecret);
    await act(code, 'withdraw', {}, citizenSecret);
    const repo = new ComplaintRepository(testCipher());
    const complaint = await repo.findByCode(database.db, code);
    const events = await repo.events(database.db, complaint!.id, true);
    expect(events.map((e) => e.type)).toEqual(['submitted', 'routed', 'information_provided', 'withdrawn']);
    expect(verifyChain(events)).toBeNull();
    await expect(database.db.query('update complaint_events set payload = $2 where complaint_id = $1', [complaint!.id, '{}'])).rejects.toThrow(/append-only/);
    await expect(database.db.query('delete from complaint_events where complaint_id = $1', [complaint!.id])).rejects.toThrow(/append-only/);
  });
});
