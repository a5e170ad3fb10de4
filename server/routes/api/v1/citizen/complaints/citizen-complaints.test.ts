import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCipher } from '../../../../../../test/helpers/keys.js';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { signInByEmail, signInBySms, type CitizenSignedIn } from '../../../../../../test/helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { PNG_1X1 } from '../../../../../../test/helpers/fixtures.js';
import { startTestSmtp, type TestSmtp } from '../../../../../../test/helpers/smtp.js';
import { startFakeTwilio, type FakeTwilio } from '../../../../../../test/fakes/twilio.fake.js';
import { contactLookup, emailLookupKey } from '../../../../../domain/contact.js';
import type { SubmitComplaintInput } from '../../../../../services/complaint-intake.service.js';

let database: TestDatabase;
let smtp: TestSmtp;
let twilio: FakeTwilio;
let app: FastifyInstance;

// The citizen's number, written in the many ways people write it; the same person's e-mail; and somebody else.
const MINE = { national: '0301 5551234', e164: '+923015551234' };
const MY_EMAIL = 'gul.bibi@example.pk';
const OTHER_PHONE = '0301 5559999';
const codes: { mine: string[]; email: string[]; others: string[]; followed: string } = { mine: [], email: [], others: [], followed: '' };
const secrets = new Map<string, string>();
let smsCitizen: CitizenSignedIn;
let emailCitizen: CitizenSignedIn;

const file = async (contact: SubmitComplaintInput['contact'], channel: SubmitComplaintInput['channel'], extra: Partial<SubmitComplaintInput> = {}) => {
  const result = await app.services.intake.submit({ categoryId: 'no-water-supply', description: `No water supply in Mohalla Qazi Khel (${channel}).`, location: { address: 'Charsadda' }, contact, channel, ...extra }, null);
  secrets.set(result.code, result.citizenSecret);
  return result.code;
};

beforeAll(async () => {
  database = await createTestDatabase();
  [smtp, twilio] = await Promise.all([startTestSmtp(), startFakeTwilio()]);
  app = await buildTestApp(database.db, { SMTP_URL: smtp.url, ...twilio.env() });
  // Over the public API (web), and through intake as the WhatsApp, SMS, helpline and letter channels file them.
  const web = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId: 'no-water-supply', description: 'No water supply in Mohalla Qazi Khel (web).', contact: { phone: MINE.national } } });
  codes.mine.push(web.json().code);
  secrets.set(web.json().code, web.json().citizenSecret);
  codes.mine.push(await file({ phone: '+92 301 5551234' }, 'whatsapp'));
  codes.mine.push(await file({ phone: '0092-301-5551234' }, 'sms'));
  codes.mine.push(await file({ phone: '03015551234', name: 'Gul Bibi' }, 'phone', { anonymous: true }));
  codes.mine.push(await file({ phone: MINE.national }, 'letter', { photos: [{ filename: 'pipe.png', data: PNG_1X1.toString('base64') }] }));
  codes.email.push(await file({ email: ' Gul.Bibi@Example.PK ' }, 'email'));
  codes.others.push(await file({ phone: OTHER_PHONE }, 'sms'), await file({ email: 'someone.else@example.pk' }, 'email'), await file(undefined, 'web', { anonymous: true }));
  // Following someone else's complaint does not make it yours.
  codes.followed = codes.others[0]!;
  await app.services.duplicates.follow(codes.followed, { phone: MINE.national });
  smsCitizen = await signInBySms(app, twilio, MINE.national, MINE.e164);
  emailCitizen = await signInByEmail(app, smtp, MY_EMAIL);
});
afterAll(async () => {
  await app.close();
  await Promise.all([smtp.close(), twilio.close()]);
  await database.drop();
});

const list = (citizen: CitizenSignedIn, query = '') => app.inject({ method: 'GET', url: `/api/v1/citizen/complaints${query}`, headers: { cookie: citizen.cookie } });
const ownView = (citizen: CitizenSignedIn, code: string) => app.inject({ method: 'GET', url: `/api/v1/citizen/complaints/${code}`, headers: { cookie: citizen.cookie } });
const eventCount = async (code: string) => (await database.db.query('select event_count, state from complaints where code = $1', [code])).rows[0] as { event_count: number; state: string };

describe('a signed-in citizen’s complaints', () => {
  it('lists every complaint filed with the verified number, by any channel and however the number was written, and nobody else’s', async () => {
    const response = await list(smsCitizen);
    expect(response.statusCode).toBe(200);
    const listed = response.json().complaints as { code: string; channel: string }[];
    expect(listed.map((c) => c.code).sort()).toEqual([...codes.mine].sort());
    expect(new Set(listed.map((c) => c.channel))).toEqual(new Set(['web', 'whatsapp', 'sms', 'phone', 'letter']));
    expect(response.json().next).toBeNull();
    expect(listed[0]).toMatchObject({ state: expect.any(String), category: { id: 'no-water-supply' }, submittedAt: expect.any(String) });
    expect(JSON.stringify(response.json())).not.toContain('Mohalla');
  });

  it('lists the complaints filed with the verified e-mail address, whatever its case', async () => {
    expect((await list(emailCitizen)).json().complaints.map((c: { code: string }) => c.code)).toEqual(codes.email);
  });

  it('matches on the keyed blind indexes intake stores, never on the number or address in clear', async () => {
    const { rows } = await database.db.query('select z.phone_lookup, z.email_lookup from complaints c join citizens z on z.id = c.citizen_id where c.code = any($1) order by c.code', [[codes.mine[0], codes.email[0]]]);
    const stored = rows.map((r) => r.phone_lookup ?? r.email_lookup).sort();
    const cipher = testCipher();
    expect(stored).toEqual([cipher.lookup('phone', contactLookup('phone', MINE.e164)), cipher.lookup('email', contactLookup('email', emailLookupKey(MY_EMAIL)))].sort());
    expect(stored.join(' ')).not.toContain(MINE.e164.slice(1));
  });

  it('pages newest first with a cursor, without overlap', async () => {
    const first = (await list(smsCitizen, '?limit=2')).json();
    const second = (await list(smsCitizen, `?limit=2&after=${first.next}`)).json();
    const third = (await list(smsCitizen, `?limit=2&after=${second.next}`)).json();
    const all = [...first.complaints, ...second.complaints, ...third.complaints].map((c: { code: string }) => c.code);
    expect(all).toHaveLength(5);
    expect(new Set(all).size).toBe(5);
    expect(third.next).toBeNull();
    const times = [...first.complaints, ...second.complaints, ...third.complaints].map((c: { submittedAt: string }) => c.submittedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await list(smsCitizen, '?after=not-a-code')).json()).toMatchObject({ status: 400, code: 'invalid_tracking_code' });
    expect((await list(smsCitizen, '?limit=500')).statusCode).toBe(400);
  });

  it('shows its owner view (own text, photos) to the citizen, and refuses someone else’s', async () => {
    const withPhoto = codes.mine[4]!;
    const view = await ownView(smsCitizen, withPhoto);
    expect(view.statusCode).toBe(200);
    expect(view.json().own).toMatchObject({ description: 'No water supply in Mohalla Qazi Khel (letter).', attachments: [{ filename: 'pipe.png', contentType: 'image/png' }] });
    const photo = await app.inject({ method: 'GET', url: view.json().own.attachments[0].url, headers: { cookie: smsCitizen.cookie } });
    expect(photo.statusCode).toBe(200);
    // Photos are re-encoded on the way in (metadata stripped), so they come back as a PNG, not byte for byte.
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.rawPayload.subarray(0, 8).equals(PNG_1X1.subarray(0, 8))).toBe(true);
    expect((await app.inject({ method: 'GET', url: view.json().own.attachments[0].url })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: view.json().own.attachments[0].url, headers: { cookie: emailCitizen.cookie } })).json()).toMatchObject({ status: 403, code: 'complaint_not_yours' });
    expect((await ownView(smsCitizen, codes.followed)).json()).toMatchObject({ status: 403, code: 'complaint_not_yours' });
    expect((await ownView(emailCitizen, codes.mine[0]!)).statusCode).toBe(403);
    expect((await ownView(smsCitizen, 'KP-1234')).statusCode).toBe(400);
    // The public view stays public for a signed-in citizen.
    expect((await app.inject({ method: 'GET', url: `/api/v1/complaints/${codes.followed}`, headers: { cookie: smsCitizen.cookie } })).json().own).toBeUndefined();
  });

  it('is only for a signed-in citizen', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/citizen/complaints' })).json()).toMatchObject({ status: 401, code: 'citizen_sign_in_required' });
  });
});

describe('citizen actions by session or secret', () => {
  const withdraw = (code: string, headers: Record<string, string>) => app.inject({ method: 'POST', url: `/api/v1/complaints/${code}/withdraw`, payload: { reason: 'Fixed by the neighbours.' }, headers });

  it('refuses a cookie write without the CSRF token, and writes nothing', async () => {
    const code = codes.mine[1]!;
    const before = await eventCount(code);
    expect((await withdraw(code, { cookie: smsCitizen.cookie })).json()).toMatchObject({ status: 403, code: 'csrf_token_invalid' });
    expect((await withdraw(code, { ...smsCitizen.headers, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect(await eventCount(code)).toEqual(before);
  });

  it('refuses a signed-in citizen acting on someone else’s complaint, and writes nothing', async () => {
    const code = codes.others[0]!;
    const before = await eventCount(code);
    expect((await withdraw(code, smsCitizen.headers)).json()).toMatchObject({ status: 403, code: 'complaint_not_yours' });
    expect(await eventCount(code)).toEqual(before);
  });

  it('lets the signed-in citizen act on their own complaint with the CSRF token', async () => {
    const code = codes.mine[1]!;
    const done = await withdraw(code, smsCitizen.headers);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ state: 'withdrawn', own: { description: expect.any(String) } });
    // The lifecycle still decides: feedback before any resolution is refused, after the session let it through.
    expect((await app.inject({ method: 'POST', url: `/api/v1/complaints/${codes.mine[2]}/feedback`, payload: { satisfied: true }, headers: smsCitizen.headers })).statusCode).toBe(409);
  });

  it('still takes the complaint’s secret, which wins over a session when both are sent', async () => {
    const code = codes.others[1]!;
    const wrongSecret = await withdraw(code, { ...emailCitizen.headers, authorization: 'Bearer cs_not-the-secret' });
    expect(wrongSecret.json()).toMatchObject({ status: 403, code: 'citizen_secret_invalid' });
    expect((await withdraw(code, { authorization: `Bearer ${secrets.get(code)}` })).json()).toMatchObject({ state: 'withdrawn' });
    expect((await withdraw(codes.others[2]!, {})).json()).toMatchObject({ status: 401, code: 'citizen_secret_required' });
  });
});
