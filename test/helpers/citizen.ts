import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestSmtp } from './smtp.js';
import type { FakeTwilio } from '../fakes/twilio.fake.js';

/** A signed-in citizen: what a browser would hold (the cookie) and what the app gave it (the CSRF token). */
export interface CitizenSignedIn {
  cookie: string;
  csrfToken: string;
  /** Headers for a request as this citizen (with the CSRF token, for writes). */
  headers: Record<string, string>;
}

/** The citizen session cookie a response set, as a Cookie header value. */
export function citizenCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name.endsWith('ekhtyar_citizen'));
  if (!cookie) throw new Error(`no citizen cookie set (status ${response.statusCode}: ${response.body.slice(0, 200)})`);
  return `${cookie.name}=${cookie.value}`;
}

/** The six-digit code in a message's text (Western or Urdu digits). */
export function codeIn(text: string): string {
  const match = /(?<![\d۰-۹])([\d۰-۹]{6})(?![\d۰-۹])/.exec(text);
  if (!match) throw new Error(`no code in ${JSON.stringify(text)}`);
  return match[1]!.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** The code last e-mailed to `email` by the test SMTP server. */
export function lastMailedCode(smtp: TestSmtp, email: string): string {
  const mail = [...smtp.received].reverse().find((m) => JSON.stringify(m.to).toLowerCase().includes(email.toLowerCase()));
  if (!mail) throw new Error(`no mail to ${email}`);
  return codeIn(mail.text ?? '');
}

/** The code last sent by SMS to `e164` through the fake Twilio. */
export function lastTextedCode(twilio: FakeTwilio, e164: string): string {
  const message = [...twilio.messages].reverse().find((m) => m.to === e164);
  if (!message) throw new Error(`no SMS to ${e164}`);
  return codeIn(message.body);
}

/** Completes sign-in with a code and returns what the browser holds. */
export async function completeSignIn(app: FastifyInstance, contact: { phone?: string; email?: string }, code: string): Promise<CitizenSignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/citizen/sign-in', payload: { ...contact, code } });
  if (response.statusCode !== 200) throw new Error(`citizen sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = citizenCookie(response);
  const { csrfToken } = response.json() as { csrfToken: string };
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** Signs a citizen in by e-mail through the API, reading the code from the test SMTP server. */
export async function signInByEmail(app: FastifyInstance, smtp: TestSmtp, email: string): Promise<CitizenSignedIn> {
  const sent = await app.inject({ method: 'POST', url: '/api/v1/citizen/sign-in/code', payload: { email } });
  if (sent.statusCode !== 202) throw new Error(`code request failed: ${sent.statusCode} ${sent.body}`);
  return completeSignIn(app, { email }, lastMailedCode(smtp, email));
}

/** Signs a citizen in by SMS through the API, reading the code from the fake Twilio. */
export async function signInBySms(app: FastifyInstance, twilio: FakeTwilio, phone: string, e164: string): Promise<CitizenSignedIn> {
  const sent = await app.inject({ method: 'POST', url: '/api/v1/citizen/sign-in/code', payload: { phone, channel: 'sms' } });
  if (sent.statusCode !== 202) throw new Error(`code request failed: ${sent.statusCode} ${sent.body}`);
  return completeSignIn(app, { phone }, lastTextedCode(twilio, e164));
}
