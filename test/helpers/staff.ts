import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import type { StaffRole } from '../../server/domain/actor.js';
import type { ScopeEntry } from '../../server/domain/permissions/jurisdiction.js';

/** A signed-in staff member: what a browser would hold (the cookie) and what the app gave it (the CSRF token). */
export interface SignedIn {
  id: string;
  username: string;
  password: string;
  cookie: string;
  csrfToken: string;
  totpSecret: string | null;
  /** Headers for a request as this staff member (with the CSRF token, for writes). */
  headers: Record<string, string>;
}

let counter = 0;

/** A password the policy accepts. */
export const GOOD_PASSWORD = 'correct horse battery staple';

/** Creates an account as the system would (no temporary password) and returns its id and user name. */
export async function createStaff(app: FastifyInstance, role: StaffRole, assignment: { officeIds?: string[]; scope?: ScopeEntry[] } = {}, username = `${role.replace(/_/g, '-')}-${++counter}-${process.pid}`): Promise<{ id: string; username: string }> {
  const { user } = await app.services.staffUsers.create({ role: 'system', id: 'test' }, { username, displayName: `Test ${role}`, role, password: GOOD_PASSWORD, ...assignment });
  return { id: user.id, username: user.username };
}

/** The session cookie a response set, as a Cookie header value. */
export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name.endsWith('ekhtyar_session'));
  if (!cookie) throw new Error(`no session cookie set (status ${response.statusCode}: ${response.body.slice(0, 200)})`);
  return `${cookie.name}=${cookie.value}`;
}

/** A TOTP code for `secret` at `at` (default now). */
export function totpCode(secret: string, at = Date.now()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at / 1000) });
}

/** Signs in through the API, enrolling an authenticator app where the role needs one, and returns the session. */
export async function signIn(app: FastifyInstance, username: string, password = GOOD_PASSWORD): Promise<SignedIn> {
  let response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  let cookie = sessionCookie(response);
  let body = response.json() as { stage: string; csrfToken: string; user: { id: string } };
  let totpSecret: string | null = null;
  if (body.stage === 'enrol_second_factor') {
    const enrol = await app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment', headers: { cookie, 'x-csrf-token': body.csrfToken } });
    totpSecret = (enrol.json() as { secret: string }).secret;
    response = await app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment/confirm', headers: { cookie, 'x-csrf-token': body.csrfToken }, payload: { code: await totpCode(totpSecret) } });
    if (response.statusCode !== 200) throw new Error(`enrolment failed: ${response.statusCode} ${response.body}`);
    cookie = sessionCookie(response);
    body = response.json();
  }
  if (body.stage !== 'active') throw new Error(`sign-in stopped at ${body.stage}`);
  return { id: body.user.id, username, password, cookie, csrfToken: body.csrfToken, totpSecret, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

/** Creates an account of the role and signs it in. */
export async function staffSession(app: FastifyInstance, role: StaffRole, assignment: { officeIds?: string[]; scope?: ScopeEntry[] } = {}): Promise<SignedIn> {
  const { username } = await createStaff(app, role, assignment);
  return signIn(app, username);
}
