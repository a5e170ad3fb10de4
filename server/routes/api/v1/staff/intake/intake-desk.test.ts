import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { PNG_1X1, tableCounts } from '../../../../../../test/helpers/fixtures.js';
import { staffSession, type SignedIn } from '../../../../../../test/helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let agent: SignedIn;
let otherAgent: SignedIn;
let officer: SignedIn;
let categoryId: string;
let office: { id: string; area_id: string };

// The smallest file a PDF reader opens: what a scanner's output starts with is what the magic-byte check reads.
const PDF_SCAN = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db, { EKHTYAR_PUBLIC_URL: 'https://ekhtyar.example.pk' });
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar' limit 1`)).rows[0];
  agent = await staffSession(app, 'intake_agent');
  otherAgent = await staffSession(app, 'intake_agent');
  officer = await staffSession(app, 'officer', { officeIds: [office.id] });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const get = (who: SignedIn, url: string) => app.inject({ method: 'GET', url, headers: who.headers });
const post = (who: SignedIn, url: string, payload: object | FormData) => app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object });
const phoneComplaint = (phone: string, extra: object = {}) => ({ categoryId, description: 'The dispensary has had no medicines for a month.', location: { areaId: office.area_id }, contact: { phone, name: 'Gul Bano' }, ...extra });

function letterForm(fields: Record<string, string>, files: { filename: string; bytes: Buffer; type?: string }[] = []): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const file of files) data.append('scans', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.filename);
  return data;
}
const letterFields = (diaryNumber: string, extra: Record<string, string> = {}) => ({
  diaryNumber,
  receivedOn: '2026-01-05',
  officeId: office.id,
  categoryId,
  description: 'Respected Sir, the lady health worker has not visited our village for three months.',
  areaId: office.area_id,
  name: 'Muhammad Iqbal',
  ...extra,
});

/** The text a PDF shows, from its uncompressed content streams (hex strings inside TJ arrays, as pdfkit writes them). */
function pdfText(pdf: Buffer): string {
  const body = pdf.toString('latin1');
  return [...body.matchAll(/\[([^\]]*)\]\s*TJ/g)]
    .map((m) => [...(m[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1] ?? '', 'hex').toString('latin1')).join(''))
    .join('\n');
}

describe('helpline', () => {
  it('files for a caller with channel phone, the agent as the actor, and answers the code and secret to read back', async () => {
    const response = await post(agent, '/api/v1/staff/intake/complaints', { ...phoneComplaint('0301 5550101'), call: { durationSeconds: 240 } });
    expect(response.statusCode).toBe(201);
    const { code, citizenSecret } = response.json();
    expect(code).toMatch(/^KP-/);
    expect(citizenSecret).toMatch(/^cs_/);
    const complaint = (await database.db.query(`select id, channel, citizen_id from complaints where code = $1`, [code])).rows[0];
    expect(complaint.channel).toBe('phone');
    const submitted = (await database.db.query(`select actor_role, actor_id, payload from complaint_events where complaint_id = $1 and seq = 1`, [complaint.id])).rows[0];
    expect(submitted).toMatchObject({ actor_role: 'intake_agent', actor_id: agent.id, payload: { channel: 'phone', takenBy: 'helpline', citizenId: complaint.citizen_id } });
    // The public timeline says the helpline took it; the secret read back to the caller works.
    const tracked = await app.inject({ url: `/api/v1/complaints/${code}`, headers: { authorization: `Bearer ${citizenSecret}` } });
    expect(tracked.json().timeline[0].details).toMatchObject({ channel: 'phone', takenBy: 'helpline' });
    expect(tracked.json().own.description).toContain('no medicines');
    // The citizen's number is sealed; the call is logged with a blind index of it, never the number.
    const citizen = (await database.db.query(`select phone, phone_lookup from citizens where id = $1`, [complaint.citizen_id])).rows[0];
    expect(citizen.phone).toMatch(/^enc:/);
    const call = (await database.db.query(`select * from intake_calls where complaint_id = $1`, [complaint.id])).rows[0];
    expect(call).toMatchObject({ agent_id: agent.id, duration_seconds: 240, outcome: 'complaint_filed', caller_lookup: citizen.phone_lookup });
    expect(JSON.stringify(call)).not.toContain('5550101');
    // Updates reach the caller through the outbox, which routes by their contact.
    expect((await database.db.query(`select payload from outbox where complaint_id = $1`, [complaint.id])).rows[0].payload.notifyCitizen).toBe(true);
  });

  it('looks a caller up by number in any format: their complaints and nothing else of them, the lookup on the audit log', async () => {
    const web = (await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: phoneComplaint('+92 302 5550202') })).json().code;
    const byPhone = (await post(agent, '/api/v1/staff/intake/complaints', phoneComplaint('03025550202'))).json().code;
    await post(agent, '/api/v1/staff/intake/complaints', phoneComplaint('03025559999'));
    const response = await get(agent, '/api/v1/staff/intake/callers?phone=0302-5550202');
    expect(response.statusCode).toBe(200);
    const complaints = response.json().complaints;
    expect(complaints.map((c: { code: string }) => c.code).sort()).toEqual([web, byPhone].sort());
    expect(Object.keys(complaints[0]).sort()).toEqual(['category', 'channel', 'closedAt', 'code', 'state', 'submittedAt', 'updatedAt']);
    expect(response.body).not.toContain('Gul Bano');
    expect(response.body).not.toContain('medicines');
    const entry = (await database.db.query(`select actor_id, actor_role, payload from audit_log where action = 'intake.caller_lookup' order by id desc limit 1`)).rows[0];
    expect(entry).toMatchObject({ actor_id: agent.id, actor_role: 'intake_agent', payload: { matches: 2 } });
    expect(entry.payload.codes.sort()).toEqual([web, byPhone].sort());
    expect(JSON.stringify(entry)).not.toContain('5550202');
  });

  it('refuses a number that is not one, naming the field, and records nothing', async () => {
    const before = (await database.db.query(`select count(*)::int as n from audit_log`)).rows[0].n;
    const response = await get(agent, '/api/v1/staff/intake/callers?phone=12ab');
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0].pointer).toBe('/querystring/phone');
    expect((await database.db.query(`select count(*)::int as n from audit_log`)).rows[0].n).toBe(before);
  });

  it('logs a call with its outcome and complaint; an unknown code or number is refused and nothing is written', async () => {
    const code = (await post(agent, '/api/v1/staff/intake/complaints', phoneComplaint('03035550303'))).json().code;
    const logged = await post(agent, '/api/v1/staff/intake/calls', { callerPhone: '0303 5550303', durationSeconds: 95, outcome: 'status_given', complaintCode: code.toLowerCase().replace(/-/g, '') });
    expect(logged.statusCode).toBe(201);
    const row = (await database.db.query(`select c.code, i.outcome, i.duration_seconds from intake_calls i join complaints c on c.id = i.complaint_id where i.id = $1`, [logged.json().id])).rows[0];
    expect(row).toEqual({ code, outcome: 'status_given', duration_seconds: 95 });
    const before = await tableCounts(database.db);
    const refused = await post(agent, '/api/v1/staff/intake/calls', { callerPhone: 'none', durationSeconds: 10, outcome: 'dropped', complaintCode: 'KP-0000-0000' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/callerPhone', '/complaintCode']);
    expect((await post(agent, '/api/v1/staff/intake/calls', { durationSeconds: -1, outcome: 'hung_up' })).statusCode).toBe(400);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses a filing without the caller’s number and writes nothing', async () => {
    const before = await tableCounts(database.db);
    const response = await post(agent, '/api/v1/staff/intake/complaints', { categoryId, description: 'The dispensary has had no medicines.', contact: { name: 'No Number' } });
    expect(response.statusCode).toBe(400);
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

describe('letter diary', () => {
  it('enters a letter with its scanned pages (PDF kept, image re-encoded), files it with channel letter, and finds it by diary number', async () => {
    const response = await post(agent, '/api/v1/staff/intake/letters', letterForm(letterFields('D-101/2026'), [{ filename: 'page1.pdf', bytes: PDF_SCAN }, { filename: 'page2.jpg', bytes: PNG_1X1 }]));
    expect(response.statusCode).toBe(201);
    const { letter, citizenSecret } = response.json();
    expect(citizenSecret).toMatch(/^cs_/);
    expect(letter).toMatchObject({ diaryNumber: 'D-101/2026', receivedOn: '2026-01-05', office: { id: office.id }, pageCount: 2, trackingUrl: `https://ekhtyar.example.pk/api/v1/complaints/${letter.code}` });
    const complaint = (await database.db.query(`select id, channel from complaints where code = $1`, [letter.code])).rows[0];
    expect(complaint.channel).toBe('letter');
    const files = (await database.db.query(`select filename, content_type, event_seq from attachments where complaint_id = $1 order by filename`, [complaint.id])).rows;
    expect(files).toEqual([
      { filename: 'page1.pdf', content_type: 'application/pdf', event_seq: 1 },
      { filename: 'page2.png', content_type: 'image/png', event_seq: 1 },
    ]);
    const submitted = (await database.db.query(`select actor_role, actor_id, payload from complaint_events where complaint_id = $1 and seq = 1`, [complaint.id])).rows[0];
    expect(submitted).toMatchObject({ actor_role: 'intake_agent', actor_id: agent.id, payload: { channel: 'letter', takenBy: 'letter_diary', attachments: 2 } });
    expect((await database.db.query(`select count(*)::int as n from audit_log where action = 'intake.letter_entered' and subject_id = $1`, [complaint.id])).rows[0].n).toBe(1);

    const found = await get(agent, `/api/v1/staff/intake/letters/${encodeURIComponent('d 101 / 2026')}?office=${office.id}`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ id: letter.id, code: letter.code, pageCount: 2 });
    // An agent sees what they filed: another agent's letter is not found.
    expect((await get(otherAgent, `/api/v1/staff/intake/letters/D-101%2F2026?office=${office.id}`)).statusCode).toBe(404);
  });

  it('takes a letter with only the writer’s name (answered by post), and no scans', async () => {
    const { name: _name, ...fields } = letterFields('4417');
    const response = await post(agent, '/api/v1/staff/intake/letters', letterForm({ ...fields, name: 'Bibi Amina' }));
    expect(response.statusCode).toBe(201);
    expect(response.json().letter.pageCount).toBe(0);
  });

  it('refuses a diary number the office already used (however it is spaced) with 409, leaving nothing behind', async () => {
    expect((await post(agent, '/api/v1/staff/intake/letters', letterForm(letterFields('DN-7/2026')))).statusCode).toBe(201);
    const before = await tableCounts(database.db);
    const again = await post(agent, '/api/v1/staff/intake/letters', letterForm(letterFields('dn 7/2026'), [{ filename: 'p.pdf', bytes: PDF_SCAN }]));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('diary_number_taken');
    expect(await tableCounts(database.db)).toEqual(before);
    // Another office's diary may use the same number.
    const other = (await database.db.query(`select id, area_id from offices where id <> $1 and department_id = 'health' limit 1`, [office.id])).rows[0];
    expect((await post(agent, '/api/v1/staff/intake/letters', letterForm(letterFields('DN-7/2026', { officeId: other.id })))).statusCode).toBe(201);
  });

  it('refuses a scan that is neither a PDF nor an image with 415 naming it, whatever its name says, and writes nothing', async () => {
    const before = await tableCounts(database.db);
    for (const bytes of [Buffer.from('PK\u0003\u0004 not really a zip'), Buffer.from('MZ\u0090\u0000 an executable'), Buffer.from('just some text that says %PDF later')]) {
      const response = await post(agent, '/api/v1/staff/intake/letters', letterForm(letterFields('BAD-1'), [{ filename: 'page1.pdf', bytes: PDF_SCAN }, { filename: 'scan.pdf', bytes, type: 'application/pdf' }]));
      expect(response.statusCode).toBe(415);
      expect(response.json().errors[0].pointer).toBe('/scans/1');
    }
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('names every bad field of a letter at once and writes nothing', async () => {
    const before = await tableCounts(database.db);
    const response = await post(agent, '/api/v1/staff/intake/letters', letterForm(letterFields('no digits', { receivedOn: '2099-01-01', officeId: 'nowhere' })));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/diaryNumber', '/officeId', '/receivedOn']);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('prints an acknowledgement slip: a PDF with the tracking code, the diary entry and the tracking address', async () => {
    const { letter } = (await post(agent, '/api/v1/staff/intake/letters', letterForm(letterFields('ACK-55/2026')))).json();
    const response = await get(agent, letter.acknowledgementUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    const text = pdfText(pdf);
    expect(text).toContain(letter.code);
    expect(text).toContain('ACK-55/2026');
    expect(text).toContain(`https://ekhtyar.example.pk/api/v1/complaints/${letter.code}`);
    // The QR code is drawn: many filled squares after the text.
    expect(pdf.toString('latin1').match(/ re\n/g)?.length ?? 0).toBeGreaterThan(100);
    expect((await get(otherAgent, letter.acknowledgementUrl)).statusCode).toBe(404);
  });
});

describe('the helpline and the daily cap', () => {
  it('takes a caller’s complaint even when the online daily cap has refused them (the helpline is where they are sent)', async () => {
    const capped = await buildTestApp(database.db, { EKHTYAR_DAILY_CAP: '1' });
    try {
      const desk = await staffSession(capped, 'intake_agent');
      const online = (payload: object) => capped.inject({ method: 'POST', url: '/api/v1/complaints', payload });
      expect((await online(phoneComplaint('03065550606'))).statusCode).toBe(201);
      expect((await online(phoneComplaint('03065550606'))).statusCode).toBe(429);
      const byPhone = await capped.inject({ method: 'POST', url: '/api/v1/staff/intake/complaints', headers: desk.headers, payload: phoneComplaint('03065550606') });
      expect(byPhone.statusCode).toBe(201);
    } finally {
      await capped.close();
    }
  });
});

describe('what an agent filed', () => {
  it('lists the agent’s own filings, by phone and from letters, newest first, and no one else’s', async () => {
    const filer = await staffSession(app, 'intake_agent');
    const byPhone = (await post(filer, '/api/v1/staff/intake/complaints', phoneComplaint('03045550404'))).json().code;
    const byLetter = (await post(filer, '/api/v1/staff/intake/letters', letterForm(letterFields('F-1/2026')))).json().letter.code;
    const mine = await get(filer, '/api/v1/staff/intake/filings');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().complaints.map((c: { code: string; channel: string }) => [c.code, c.channel])).toEqual([
      [byLetter, 'letter'],
      [byPhone, 'phone'],
    ]);
    const theirs = (await get(agent, '/api/v1/staff/intake/filings?limit=200')).json().complaints.map((c: { code: string }) => c.code);
    expect(theirs).not.toContain(byPhone);
    expect(theirs.length).toBeGreaterThan(0);
  });
});

describe('who may use the intake desk', () => {
  it('refuses every other role with 403 and anyone not signed in with 401, writing nothing', async () => {
    const before = await tableCounts(database.db);
    for (const [method, url, payload] of [
      ['GET', '/api/v1/staff/intake/callers?phone=03001234567', undefined],
      ['GET', '/api/v1/staff/intake/filings', undefined],
      ['GET', `/api/v1/staff/intake/letters/D-1?office=${office.id}`, undefined],
      ['GET', '/api/v1/staff/intake/letters/00000000-0000-4000-8000-000000000000/acknowledgement.pdf', undefined],
      ['POST', '/api/v1/staff/intake/complaints', phoneComplaint('03001234567')],
      ['POST', '/api/v1/staff/intake/calls', { durationSeconds: 5, outcome: 'other' }],
      ['POST', '/api/v1/staff/intake/letters', { diaryNumber: 'X-1', receivedOn: '2026-01-05', officeId: office.id, categoryId, description: 'A letter about the health unit.' }],
      // Refused before the body is read: even an invalid one answers 403.
      ['POST', '/api/v1/staff/intake/letters', { nonsense: true }],
    ] as const) {
      expect((await app.inject({ method, url, headers: officer.headers, ...(payload && { payload }) })).statusCode).toBe(403);
      expect((await app.inject({ method, url, ...(payload && { payload }) })).statusCode).toBe(401);
    }
    expect(await tableCounts(database.db)).toEqual(before);
    // And an intake agent cannot work complaints.
    expect((await get(agent, '/api/v1/staff/complaints')).statusCode).toBe(403);
  });
});
