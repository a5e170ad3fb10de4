import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { startTestSmtp, type TestSmtp } from '../../../../../test/helpers/smtp.js';
import { citizenCookie, codeIn, completeSignIn, lastMailedCode, lastTextedCode, signInBySms } from '../../../../../test/helpers/citizen.js';
import { startFakeTwilio, type FakeTwilio } from '../../../../../test/fakes/twilio.fake.js';
import { testCipher } from '../../../../../test/helpers/keys.js';
import { startFakeWhatsAppGraph, type FakeWhatsAppGraph } from '../../../../../test/fakes/whatsapp-graph.fake.js';
import { PruneCitizenSignInTask } from '../../../../jobs/PruneCitizenSignInTask.js';
import { tokenHash } from '../../../../services/staff-auth.service.js';

let database: TestDatabase;
let smtp: TestSmtp;
let twilio: FakeTwilio;
let graph: FakeWhatsAppGraph;
let app: FastifyInstance;
let bare: FastifyInstance;

// Per-address limits are wide here (every injected request comes from 127.0.0.1); their own test is elsewhere.
const LIMITS = { EKHTYAR_SIGN_IN_CODES_PER_IP: '10000', EKHTYAR_SIGN_IN_TRIES_PER_IP: '10000', EKHTYAR_SIGN_IN_TRIES_PER_CONTACT: '100' };

beforeAll(async () => {
  database = await createTestDatabase();
  [smtp, twilio, graph] = await Promise.all([startTestSmtp(), startFakeTwilio(), startFakeWhatsAppGraph()]);
  app = await buildTestApp(database.db, { SMTP_URL: smtp.url, EKHTYAR_CODE_SEND_TIMEOUT_SECONDS: '1', ...twilio.env(), ...graph.env(), ...LIMITS });
  bare = await buildTestApp(database.db, LIMITS);
});
afterAll(async () => {
  await Promise.all([app.close(), bare.close()]);
  await Promise.all([smtp.close(), twilio.close(), graph.close()]);
  await database.drop();
});
beforeEach(() => {
  smtp.refuseWith = null;
  twilio.failWith = null;
  twilio.delayMs = 0;
  graph.failWith = null;
});

let counter = 0;
/** A fresh Pakistani mobile number, written nationally, with its E.164 form. */
const newPhone = () => {
  const digits = String(1_000_000 + (++counter * 7919) % 8_999_999);
  return { national: `0301${digits}`, e164: `+92301${digits}` };
};
const newEmail = () => `citizen.${++counter}.${process.pid}@example.pk`;
const requestCode = (payload: Record<string, unknown>, headers: Record<string, string> = {}, on = app) => on.inject({ method: 'POST', url: '/api/v1/citizen/sign-in/code', payload, headers });
const signIn = (payload: Record<string, unknown>, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/api/v1/citizen/sign-in', payload, headers });
const session = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/citizen/session', headers });
// Codes are keyed by the contact's blind index, as the app's cipher computes it.
const cipher = testCipher();
const emailIndex = (email: string) => cipher.lookup('email', email);
const phoneIndex = (e164: string) => cipher.lookup('phone', e164);
const count = async (from: string, params: unknown[] = []) => (await database.db.query(`select count(*)::int as n from ${from}`, params)).rows[0].n as number;

describe('citizen sign-in by e-mail (real SMTP)', () => {
  it('sends a code by e-mail and signs in with an HttpOnly, SameSite=Lax cookie; the token never appears in a body and only hashes are stored', async () => {
    const email = newEmail();
    const sent = await requestCode({ email, language: 'en' });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ channel: 'email', sentTo: expect.stringMatching(/^c\*\*\*@example\.pk$/), expiresAt: expect.any(String) });
    const minutes = (Date.parse(sent.json().expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe('Your Ekhtyar sign-in code');
    const code = codeIn(mail.text!);
    const stored = await database.db.query('select code_hash, salt from citizen_sign_in_codes where contact_lookup = $1', [emailIndex(email)]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].code_hash.toString('latin1')).not.toContain(code);

    const response = await signIn({ email: email.toUpperCase(), code });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'ekhtyar_citizen');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie!.secure).toBeFalsy();
    expect(response.body).not.toContain(cookie!.value);
    expect(response.json()).toMatchObject({ csrfToken: expect.any(String), citizen: { email, phone: null, language: 'ur', name: null, cnic: null } });
    expect((await session({ cookie: citizenCookie(response) })).json()).toMatchObject({ citizen: { email } });
    // The code is used up, and only the session token's hash is kept.
    expect(await count('citizen_sign_in_codes where contact_lookup = $1', [emailIndex(email)])).toBe(0);
    const tokens = await database.db.query('select token_hash from citizen_sessions');
    expect(tokens.rows.some((r) => r.token_hash.toString('utf8').includes(cookie!.value))).toBe(false);
  });

  it('sets a Secure __Host- cookie when cookies are for https only', async () => {
    const secure = await buildTestApp(database.db, { SMTP_URL: smtp.url, EKHTYAR_COOKIE_SECURE: 'true', ...LIMITS });
    try {
      const email = newEmail();
      await requestCode({ email }, {}, secure);
      const response = await secure.inject({ method: 'POST', url: '/api/v1/citizen/sign-in', payload: { email, code: lastMailedCode(smtp, email) } });
      expect(response.cookies.find((c) => c.name === '__Host-ekhtyar_citizen')).toMatchObject({ secure: true, httpOnly: true, path: '/' });
    } finally {
      await secure.close();
    }
  });

  it('answers 503 without a Retry-After when the mail server refuses the address for good', async () => {
    smtp.refuseWith = 550;
    const response = await requestCode({ email: newEmail() });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'sign_in_code_not_sent' });
    expect(response.headers['retry-after']).toBeUndefined();
  });
});

describe('citizen sign-in by SMS and WhatsApp (provider fakes)', () => {
  it('texts the code through Twilio in Urdu by default, and the number signs in however it is written', async () => {
    const phone = newPhone();
    const sent = await requestCode({ phone: phone.national });
    expect(sent.json()).toEqual({ channel: 'sms', sentTo: expect.stringMatching(/^\+92301\*+\d\d$/), expiresAt: expect.any(String) });
    const message = twilio.messages.at(-1)!;
    expect(message).toMatchObject({ to: phone.e164, from: '+15005550006' });
    expect(message.body).toMatch(/^آپ کا اختیار کوڈ \d{6} ہے۔/);
    expect([...message.body].length).toBeLessThanOrEqual(70);
    const signedIn = await completeSignIn(app, { phone: `+92 ${phone.e164.slice(3, 6)} ${phone.e164.slice(6)}` }, codeIn(message.body));
    expect((await session(signedIn.headers)).json()).toMatchObject({ citizen: { phone: phone.e164, countryCode: 'PK', email: null } });
  });

  it('signs an overseas citizen in by WhatsApp with the authentication template', async () => {
    const sent = await requestCode({ phone: '+44 7400 123456', channel: 'whatsapp', language: 'en' });
    expect(sent.statusCode).toBe(202);
    expect(sent.json().channel).toBe('whatsapp');
    const message = graph.messages.at(-1)!;
    expect(message).toMatchObject({ to: '447400123456', type: 'template', template: { name: 'sign_in_code', language: 'en' } });
    const signedIn = await completeSignIn(app, { phone: '00447400123456' }, message.template!.code!);
    expect((await session(signedIn.headers)).json()).toMatchObject({ citizen: { phone: '+447400123456', countryCode: 'GB' } });
  });

  it('accepts a code typed in Urdu digits', async () => {
    const phone = newPhone();
    await requestCode({ phone: phone.national });
    const urdu = lastTextedCode(twilio, phone.e164).replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    expect((await signIn({ phone: phone.national, code: urdu })).statusCode).toBe(200);
  });

  it('tells the citizen at once (503 with Retry-After) when the provider fails or does not answer in time', async () => {
    twilio.failWith = 500;
    const failed = await requestCode({ phone: newPhone().national });
    expect(failed.statusCode).toBe(503);
    expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(failed.json()).toMatchObject({ code: 'sign_in_code_not_sent', detail: expect.stringContaining('sms') });
    expect(failed.headers['retry-after']).toBe('30');
    graph.failWith = 429;
    expect((await requestCode({ phone: newPhone().national, channel: 'whatsapp' })).json()).toMatchObject({ code: 'sign_in_code_not_sent' });
    twilio.failWith = null;
    twilio.delayMs = 3000;
    const started = Date.now();
    const slow = await requestCode({ phone: newPhone().national });
    expect(slow.statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('answers 503 naming the channel when it is not set up on this server, and stores nothing', async () => {
    const before = await count('citizen_sign_in_codes');
    const sms = await requestCode({ phone: newPhone().national }, {}, bare);
    expect(sms.statusCode).toBe(503);
    expect(sms.json()).toMatchObject({ code: 'sign_in_channel_unavailable', detail: expect.stringContaining('by sms'), errors: [{ pointer: '/channel' }] });
    const whatsapp = await requestCode({ phone: newPhone().national, channel: 'whatsapp' }, {}, bare);
    expect(whatsapp.json()).toMatchObject({ code: 'sign_in_channel_unavailable', detail: expect.stringContaining('by whatsapp') });
    expect((await requestCode({ email: newEmail() }, {}, bare)).statusCode).toBe(503);
    expect(await count('citizen_sign_in_codes')).toBe(before);
  });

  it('refuses bad requests with 400/422 naming the fields', async () => {
    expect((await requestCode({ phone: '0300', channel: 'sms' })).json()).toMatchObject({ status: 422, errors: [{ pointer: '/phone' }] });
    expect((await requestCode({ phone: newPhone().national, email: newEmail() })).json()).toMatchObject({ status: 422, errors: [{ pointer: '/email' }] });
    expect((await requestCode({ email: newEmail(), channel: 'sms' })).json()).toMatchObject({ status: 422, errors: [{ pointer: '/channel' }] });
    expect((await requestCode({ phone: newPhone().national, channel: 'email' })).json()).toMatchObject({ status: 422, errors: [{ pointer: '/channel' }] });
    expect((await requestCode({})).json()).toMatchObject({ status: 422, errors: [{ pointer: '/phone' }] });
    expect((await requestCode({ phone: newPhone().national, channel: 'fax' })).json()).toMatchObject({ status: 400, errors: [{ pointer: '/channel' }] });
    expect((await requestCode({ phone: newPhone().national, pin: 1 })).json()).toMatchObject({ status: 400, errors: [{ pointer: '/pin', detail: 'is not a known field' }] });
    expect((await signIn({ phone: newPhone().national, code: '12345' })).json()).toMatchObject({ status: 400, errors: [{ pointer: '/code' }] });
  });
});

describe('codes', () => {
  it('answers a number that has complaints and one never seen before in exactly the same way', async () => {
    const known = newPhone();
    await app.services.intake.submit({ categoryId: 'no-water-supply', description: 'No water for three days in our street.', contact: { phone: known.national } }, null);
    const unknown = newPhone();
    const a = await requestCode({ phone: known.national });
    const b = await requestCode({ phone: unknown.national });
    expect(a.statusCode).toBe(b.statusCode);
    expect(Object.keys(a.headers).sort()).toEqual(Object.keys(b.headers).sort());
    const shape = (r: typeof a) => ({ ...r.json(), sentTo: r.json().sentTo.replace(/\d\d$/, ''), expiresAt: null });
    expect(shape(a)).toEqual(shape(b));
    expect(twilio.messages.at(-2)!.body.replace(/\d{6}/, '')).toBe(twilio.messages.at(-1)!.body.replace(/\d{6}/, ''));
  });

  it('stops a code after five wrong tries, even for the right code; a new code works', async () => {
    const phone = newPhone();
    await requestCode({ phone: phone.national });
    const code = lastTextedCode(twilio, phone.e164);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await signIn({ phone: phone.national, code: wrong }));
    expect(answers.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(answers.map((r) => JSON.stringify(r.json()))).size).toBe(1);
    expect(answers[0]!.json()).toMatchObject({ code: 'sign_in_code_invalid', errors: [{ pointer: '/code' }] });
    const right = await signIn({ phone: phone.national, code });
    expect(right.statusCode).toBe(401);
    expect(right.cookies).toHaveLength(0);
    await requestCode({ phone: phone.national });
    expect((await signIn({ phone: phone.national, code: lastTextedCode(twilio, phone.e164) })).statusCode).toBe(200);
  });

  it('counts concurrent wrong tries one after another, so five at once cannot slip past the limit', async () => {
    const phone = newPhone();
    await requestCode({ phone: phone.national });
    const code = lastTextedCode(twilio, phone.e164);
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    await Promise.all(Array.from({ length: 5 }, () => signIn({ phone: phone.national, code: wrong })));
    expect((await signIn({ phone: phone.national, code })).statusCode).toBe(401);
  });

  it('replaces the earlier code when a new one is asked for', async () => {
    const email = newEmail();
    await requestCode({ email });
    const first = lastMailedCode(smtp, email);
    await requestCode({ email });
    const second = lastMailedCode(smtp, email);
    // Two random codes are equal one time in a million; then the first one is the second and proves nothing.
    if (first !== second) expect((await signIn({ email, code: first })).statusCode).toBe(401);
    expect((await signIn({ email, code: second })).statusCode).toBe(200);
  });

  it('refuses a code after ten minutes and deletes it', async () => {
    const phone = newPhone();
    await requestCode({ phone: phone.national });
    await database.db.query(`update citizen_sign_in_codes set expires_at = now() - interval '1 second' where contact_lookup = $1`, [phoneIndex(phone.e164)]);
    expect((await signIn({ phone: phone.national, code: lastTextedCode(twilio, phone.e164) })).statusCode).toBe(401);
    expect(await count('citizen_sign_in_codes where contact_lookup = $1', [phoneIndex(phone.e164)])).toBe(0);
  });
});

describe('citizen sessions', () => {
  it('never adopts a planted cookie: sign-in issues a new token and ends the session the cookie named', async () => {
    const planted = await requestCodeAndSignIn();
    const plantedCookie = planted.cookie;
    // A victim's browser carries the attacker's cookie (or a made-up one) when the victim signs in.
    const phone = newPhone();
    await requestCode({ phone: phone.national });
    const response = await signIn({ phone: phone.national, code: lastTextedCode(twilio, phone.e164) }, { cookie: plantedCookie });
    const victimCookie = citizenCookie(response);
    expect(victimCookie).not.toBe(plantedCookie);
    expect((await session({ cookie: plantedCookie })).statusCode).toBe(401);
    expect((await session({ cookie: victimCookie })).json()).toMatchObject({ citizen: { phone: phone.e164 } });

    const made = await signIn({ phone: phone.national, code: '000000' }, { cookie: 'ekhtyar_citizen=made-up-token' });
    expect(made.cookies).toHaveLength(0);
    expect((await session({ cookie: 'ekhtyar_citizen=made-up-token' })).statusCode).toBe(401);
  });

  it('ends after the idle limit and at the absolute limit', async () => {
    const stored = (cookie: string) => tokenHash(cookie.split('=')[1]!);
    const idle = await requestCodeAndSignIn();
    await database.db.query(`update citizen_sessions set last_seen_at = now() - interval '121 minutes' where token_hash = $1`, [stored(idle.cookie)]);
    expect((await session({ cookie: idle.cookie })).json()).toMatchObject({ status: 401, code: 'citizen_sign_in_required' });
    const old = await requestCodeAndSignIn();
    await database.db.query(`update citizen_sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [stored(old.cookie)]);
    expect((await session({ cookie: old.cookie })).statusCode).toBe(401);
    const left = await database.db.query('select 1 from citizen_sessions where token_hash = any($1)', [[stored(idle.cookie), stored(old.cookie)]]);
    expect(left.rows).toHaveLength(0);
  });

  it('asks for the CSRF token on every write made with the cookie, and refuses cross-site requests', async () => {
    const citizen = await requestCodeAndSignIn();
    const patch = (headers: Record<string, string>) => app.inject({ method: 'PATCH', url: '/api/v1/citizen/profile', payload: { name: 'Gul Bibi' }, headers });
    expect((await patch({ cookie: citizen.cookie })).json()).toMatchObject({ status: 403, code: 'csrf_token_invalid' });
    expect((await patch({ cookie: citizen.cookie, 'x-csrf-token': 'x'.repeat(32) })).statusCode).toBe(403);
    expect((await patch({ ...citizen.headers, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/citizen/profile', headers: { cookie: citizen.cookie } })).json().name).toBeNull();
    expect((await patch(citizen.headers)).json()).toMatchObject({ name: 'Gul Bibi' });
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/citizen/session', headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    // Another site's page may not sign a browser in, nor ask for codes in its name.
    expect((await requestCode({ phone: newPhone().national }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await signIn({ phone: newPhone().national, code: '123456' }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
  });

  it('signs out: the session ends everywhere and the cookie is cleared', async () => {
    const citizen = await requestCodeAndSignIn();
    const out = await app.inject({ method: 'DELETE', url: '/api/v1/citizen/session', headers: citizen.headers });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'ekhtyar_citizen')?.value).toBe('');
    expect((await session({ cookie: citizen.cookie })).statusCode).toBe(401);
  });

  it('prunes expired codes, sessions and old counters hourly', async () => {
    await requestCodeAndSignIn();
    await requestCode({ phone: newPhone().national });
    const later = new Date(Date.now() + 25 * 3_600_000);
    const removed = await PruneCitizenSignInTask.run(app.services.citizenAuth, later);
    expect(removed.codes).toBeGreaterThan(0);
    expect(removed.sessions).toBeGreaterThan(0);
    expect(removed.counters).toBeGreaterThan(0);
    expect(await count('citizen_sign_in_codes')).toBe(0);
    expect(await count('citizen_sessions')).toBe(0);
    expect(await count('sign_in_rate_limits')).toBe(0);
  });
});

describe('citizen profile', () => {
  it('keeps name, preferred language and a CNIC/NICOP number (stored as 13 digits, shown as on the card)', async () => {
    const citizen = await requestCodeAndSignIn();
    const patch = (payload: Record<string, unknown>) => app.inject({ method: 'PATCH', url: '/api/v1/citizen/profile', payload, headers: citizen.headers });
    const saved = await patch({ name: '  Amir Khan ', language: 'ps', cnic: '17301-1234567-9' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ name: 'Amir Khan', language: 'ps', cnic: '17301-1234567-9' });
    const { rows } = await database.db.query('select id, cnic, cnic_lookup from citizen_accounts where phone_lookup = $1', [phoneIndex(saved.json().phone)]);
    expect(rows[0].cnic_lookup).toBe(cipher.lookup('cnic', '1730112345679'));
    expect(cipher.open('citizen_accounts.cnic', rows[0].id, rows[0].cnic)).toBe('1730112345679');

    const bad = await patch({ cnic: '17301-123456-9', name: 'Changed' });
    expect(bad.json()).toMatchObject({ status: 422, errors: [{ pointer: '/cnic' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/citizen/profile', headers: citizen.headers })).json()).toMatchObject({ name: 'Amir Khan', cnic: '17301-1234567-9' });
    expect((await patch({ cnic: null, name: null })).json()).toMatchObject({ name: null, cnic: null, language: 'ps' });
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ language: 'fr' })).statusCode).toBe(400);
  });

  it('is only for a signed-in citizen', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/citizen/profile' })).json()).toMatchObject({ status: 401, code: 'citizen_sign_in_required' });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    for (const path of ['/api/v1/citizen/sign-in/code', '/api/v1/citizen/sign-in', '/api/v1/citizen/session', '/api/v1/citizen/profile', '/api/v1/citizen/complaints', '/api/v1/citizen/complaints/{code}']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/citizen/sign-in/code'].post.responses).toHaveProperty('503');
  });
});

describe('citizen personal data at rest', () => {
  // Every row of the sign-in tables as PostgreSQL prints it (bytea as hex), for a search for personal data in clear.
  const tableText = async (table: string) => (await database.db.query(`select t::text as row from ${table} t`)).rows.map((r) => r.row as string).join('\n');
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

  it('keeps no phone number, e-mail address, name or CNIC in clear in citizen_accounts, citizen_sign_in_codes or sign_in_rate_limits', async () => {
    const phone = newPhone();
    const email = newEmail();
    const citizen = await signInBySms(app, twilio, phone.national, phone.e164);
    const saved = await app.inject({ method: 'PATCH', url: '/api/v1/citizen/profile', payload: { name: 'Zarmina Afridi', cnic: '17301-7654321-3' }, headers: citizen.headers });
    expect(saved.json()).toMatchObject({ name: 'Zarmina Afridi', cnic: '17301-7654321-3', phone: phone.e164 });
    await signInByEmailCode(email);
    // A live code, a wrong try and counters for both contacts.
    await requestCode({ phone: phone.national });
    await requestCode({ email });
    expect((await signIn({ email, code: '000000' })).statusCode).toBe(401);

    const tables = ['citizen_accounts', 'citizen_sign_in_codes', 'sign_in_rate_limits'];
    for (const table of tables) expect(await count(table), table).toBeGreaterThan(0);
    const text = (await Promise.all(tables.map(tableText))).join('\n');
    const local = phone.e164.slice(3);
    for (const clear of [phone.e164, local, email, email.split('@')[0]!, 'Zarmina', 'Afridi', '1730176543213', '17301-7654321-3']) expect(text).not.toContain(clear);
    // The counters' subjects are keyed: not the sha256 of the contact, which a search over every number would undo.
    for (const plain of [phone.e164, email]) expect(text).not.toContain(sha256(plain));
    // And the app itself reads it all back.
    expect((await session(citizen.headers)).json()).toMatchObject({ citizen: { phone: phone.e164, name: 'Zarmina Afridi', cnic: '17301-7654321-3' } });
  });

  it('signs a contact in again to the same account, found by its blind index', async () => {
    const phone = newPhone();
    const first = await signInBySms(app, twilio, phone.national, phone.e164);
    await app.inject({ method: 'PATCH', url: '/api/v1/citizen/profile', payload: { name: 'Gul Bibi' }, headers: first.headers });
    const again = await signInBySms(app, twilio, phone.national, phone.e164);
    expect((await session(again.headers)).json()).toMatchObject({ citizen: { phone: phone.e164, name: 'Gul Bibi' } });
    expect(await count('citizen_accounts where phone_lookup = $1', [phoneIndex(phone.e164)])).toBe(1);
  });
});

async function signInByEmailCode(email: string) {
  await requestCode({ email });
  return completeSignIn(app, { email }, lastMailedCode(smtp, email));
}

async function requestCodeAndSignIn() {
  const phone = newPhone();
  return signInBySms(app, twilio, phone.national, phone.e164);
}
