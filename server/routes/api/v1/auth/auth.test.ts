import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { createStaff, GOOD_PASSWORD, sessionCookie, signIn, totpCode } from '../../../../../test/helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let officeId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  officeId = (await database.db.query(`select id from offices where department_id = 'health' order by id limit 1`)).rows[0].id;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const signInRequest = (username: string, password: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password }, headers });
const me = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/auth/session', headers });
const sessionCount = async (userId: string) => (await database.db.query('select count(*)::int as n from sessions where user_id = $1', [userId])).rows[0].n as number;

describe('staff sign-in', () => {
  it('signs an officer in with an HttpOnly, SameSite session cookie and never puts the token in the body', async () => {
    const { username } = await createStaff(app, 'officer', { officeIds: [officeId] });
    const response = await signInRequest(username.toUpperCase(), GOOD_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'ekhtyar_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(response.body).not.toContain(cookie!.value);
    expect(response.json()).toMatchObject({ stage: 'active', user: { username, role: 'officer', officeIds: [officeId] } });
    const session = await me({ cookie: sessionCookie(response) });
    expect(session.json()).toMatchObject({ stage: 'active', user: { username } });
    // Only the token's hash is stored.
    const { rows } = await database.db.query('select token_hash from sessions');
    expect(rows.some((r) => r.token_hash.toString('utf8').includes(cookie!.value))).toBe(false);
  });

  it('stores passwords as argon2id hashes', async () => {
    const { id } = await createStaff(app, 'analyst');
    const { rows } = await database.db.query('select password_hash from staff_users where id = $1', [id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const { username } = await createStaff(app, 'officer', { officeIds: [officeId] });
    const wrong = await signInRequest(username, 'not the password at all');
    const unknown = await signInRequest('nobody-here', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect({ ...wrong.json(), instance: null }).toEqual({ ...unknown.json(), instance: null });
    expect(wrong.cookies).toHaveLength(0);
  });

  it('locks the account after five wrong passwords, refuses even the right one while locked, and lets an administrator unlock it', async () => {
    const { id, username } = await createStaff(app, 'officer', { officeIds: [officeId] });
    for (let i = 0; i < 4; i++) expect((await signInRequest(username, `wrong password ${i}`)).statusCode).toBe(401);
    const fifth = await signInRequest(username, 'wrong password 5');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().code).toBe('account_locked');
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    const right = await signInRequest(username, GOOD_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.cookies).toHaveLength(0);
    expect(await sessionCount(id)).toBe(0);
    // Each further failure doubles the lock.
    await database.db.query(`update staff_users set locked_until = now() - interval '1 second' where id = $1`, [id]);
    await signInRequest(username, 'wrong again');
    const { rows } = await database.db.query(`select failed_attempts, extract(epoch from locked_until - now()) as seconds from staff_users where id = $1`, [id]);
    expect(rows[0].failed_attempts).toBe(6);
    expect(rows[0].seconds).toBeGreaterThan(100);
    await app.services.staffUsers.unlock({ role: 'system', id: 'test' }, id);
    expect((await signInRequest(username, GOOD_PASSWORD)).statusCode).toBe(200);
  });

  it('counts concurrent guesses one after another, so the lockout cannot be raced', async () => {
    const { id, username } = await createStaff(app, 'officer', { officeIds: [officeId] });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => signInRequest(username, `parallel guess ${i}`)));
    expect(answers.filter((a) => a.statusCode === 429).length).toBeGreaterThanOrEqual(4);
    const { rows } = await database.db.query('select failed_attempts from staff_users where id = $1', [id]);
    expect(rows[0].failed_attempts).toBe(5);
  });

  it('never adopts a session token the browser brought to sign-in (session fixation)', async () => {
    const { username } = await createStaff(app, 'officer', { officeIds: [officeId] });
    const planted = 'ekhtyar_session=attacker-chosen-token-value';
    const response = await signInRequest(username, GOOD_PASSWORD, { cookie: planted });
    expect(sessionCookie(response)).not.toBe(planted);
    expect((await me({ cookie: planted })).statusCode).toBe(401);
    // A real session of the attacker's, planted in the victim's browser, ends when the victim signs in.
    const attacker = await signIn(app, (await createStaff(app, 'officer', { officeIds: [officeId] })).username);
    const victim = await signInRequest(username, GOOD_PASSWORD, { cookie: attacker.cookie });
    expect(victim.json().user.username).toBe(username);
    expect((await me({ cookie: attacker.cookie })).statusCode).toBe(401);
  });

  it('ends a session after the idle limit and after the absolute limit', async () => {
    const idle = await signIn(app, (await createStaff(app, 'officer', { officeIds: [officeId] })).username);
    expect((await me(idle.headers)).statusCode).toBe(200);
    await database.db.query(`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = $1`, [idle.id]);
    expect((await me(idle.headers)).json().code).toBe('sign_in_required');
    expect(await sessionCount(idle.id)).toBe(0);
    const old = await signIn(app, (await createStaff(app, 'officer', { officeIds: [officeId] })).username);
    await database.db.query(`update sessions set expires_at = now() - interval '1 second' where user_id = $1`, [old.id]);
    expect((await me(old.headers)).statusCode).toBe(401);
  });

  it('signs out one session, or every session of the account', async () => {
    const { username, id } = await createStaff(app, 'officer', { officeIds: [officeId] });
    const laptop = await signIn(app, username);
    const phone = await signIn(app, username);
    const tablet = await signIn(app, username);
    const out = await app.inject({ method: 'DELETE', url: '/api/v1/auth/session', headers: laptop.headers });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'ekhtyar_session')?.value).toBe('');
    expect((await me(laptop.headers)).statusCode).toBe(401);
    expect((await me(phone.headers)).statusCode).toBe(200);
    const everywhere = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: phone.headers });
    expect(everywhere.json()).toEqual({ sessionsEnded: 2 });
    expect((await me(tablet.headers)).statusCode).toBe(401);
    expect(await sessionCount(id)).toBe(0);
  });
});

describe('CSRF protection of cookie-authenticated writes', () => {
  it('refuses a write without the token, with a wrong one, or from another site, and changes nothing', async () => {
    const officer = await signIn(app, (await createStaff(app, 'officer', { officeIds: [officeId] })).username);
    const attempts = [
      { cookie: officer.cookie },
      { cookie: officer.cookie, 'x-csrf-token': 'guessed' },
      { ...officer.headers, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('csrf_token_invalid');
    }
    expect(await sessionCount(officer.id)).toBe(1);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: { ...officer.headers, 'sec-fetch-site': 'same-origin' } })).statusCode).toBe(200);
  });

  it('asks only requests that act as staff for the token: the same browser may file and answer a complaint of its own', async () => {
    const officer = await signIn(app, (await createStaff(app, 'officer', { officeIds: [officeId] })).username);
    const categoryId = (await database.db.query('select id from categories limit 1')).rows[0].id as string;
    const filed = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { cookie: officer.cookie }, payload: { categoryId, description: 'The hand pump in our street has been dry for two weeks.', anonymous: true } });
    expect(filed.statusCode).toBe(201);
    const { code, citizenSecret } = filed.json();
    const withdrawn = await app.inject({ method: 'POST', url: `/api/v1/complaints/${code}/withdraw`, headers: { cookie: officer.cookie, authorization: `Bearer ${citizenSecret}` }, payload: { reason: 'Filed it twice.' } });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().state).toBe('withdrawn');
    // The staff session itself is still guarded.
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: { cookie: officer.cookie } })).statusCode).toBe(403);
  });

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const { username } = await createStaff(app, 'officer', { officeIds: [officeId] });
    const response = await signInRequest(username, GOOD_PASSWORD, { 'sec-fetch-site': 'cross-site' });
    expect(response.statusCode).toBe(403);
    expect(response.cookies).toHaveLength(0);
  });
});

describe('two-factor sign-in', () => {
  it('makes a head of office enrol an authenticator app before anything else, then asks for a code at every sign-in', async () => {
    const { username } = await createStaff(app, 'head_of_office', { officeIds: [officeId] });
    const first = await signInRequest(username, GOOD_PASSWORD);
    expect(first.json().stage).toBe('enrol_second_factor');
    const pending = { cookie: sessionCookie(first), 'x-csrf-token': first.json().csrfToken as string };
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: pending })).json().code).toBe('sign_in_incomplete');
    const enrol = await app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment', headers: pending });
    const { secret, uri } = enrol.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Ekhtyar:/);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment/confirm', headers: pending, payload: { code: '000000' } })).statusCode).toBe(401);
    const code = await totpCode(secret);
    const confirmed = await app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment/confirm', headers: pending, payload: { code } });
    expect(confirmed.json()).toMatchObject({ stage: 'active', user: { secondFactor: true } });
    // Each step issues a new token: the half-signed-in one is worth nothing now.
    expect(sessionCookie(confirmed)).not.toBe(pending.cookie);
    expect((await me(pending)).statusCode).toBe(401);

    const again = await signInRequest(username, GOOD_PASSWORD);
    expect(again.json().stage).toBe('second_factor');
    const step = { cookie: sessionCookie(again), 'x-csrf-token': again.json().csrfToken as string };
    // The code that finished enrolment cannot be used again (replay), a wrong one is refused...
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/second-factor', headers: step, payload: { code } })).json().code).toBe('invalid_second_factor');
    // ...and the next step's code (a phone clock a little ahead) is accepted.
    const next = await app.inject({ method: 'POST', url: '/api/v1/auth/second-factor', headers: step, payload: { code: await totpCode(secret, Date.now() + 30_000) } });
    expect(next.json().stage).toBe('active');
  });

  it('lets an officer, who needs no second factor, sign in with the password alone', async () => {
    const { username } = await createStaff(app, 'officer', { officeIds: [officeId] });
    expect((await signInRequest(username, GOOD_PASSWORD)).json().stage).toBe('active');
  });
});

describe('passwords', () => {
  it('makes a temporary password be changed first, to one the policy accepts, ending other sessions', async () => {
    const admin = await signIn(app, (await createStaff(app, 'administrator')).username);
    const created = await app.inject({ method: 'POST', url: '/api/v1/admin/users', headers: admin.headers, payload: { username: 'new-officer', displayName: 'Gul Bano', role: 'officer', officeIds: [officeId] } });
    expect(created.statusCode).toBe(201);
    const temporary = created.json().temporaryPassword as string;
    const first = await signInRequest('new-officer', temporary);
    expect(first.json().stage).toBe('change_password');
    const headers = { cookie: sessionCookie(first), 'x-csrf-token': first.json().csrfToken as string };
    expect((await me(headers)).json().stage).toBe('change_password');
    const weak = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword: temporary, newPassword: 'password1234' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors).toEqual([{ pointer: '/newPassword', detail: expect.stringContaining('tried first') }]);
    const named = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword: temporary, newPassword: 'my name is new-officer ok' } });
    expect(named.json().errors[0].detail).toContain('user name');
    const changed = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword: temporary, newPassword: 'seven green chillies on the roof' } });
    expect(changed.json().stage).toBe('active');
    expect((await signInRequest('new-officer', temporary)).statusCode).toBe(401);
    expect((await signInRequest('new-officer', 'seven green chillies on the roof')).json().stage).toBe('active');
  });
});
