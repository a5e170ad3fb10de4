import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignatureVerdict } from '../whatsapp/signature.js';

/** The POST parameters of a form, in the order received; a name may repeat. */
export type FormParams = readonly (readonly [string, string])[];

/**
 * The X-Twilio-Signature Twilio computes for a form-encoded request: the full URL it called, then every POST parameter
 * sorted by name with each name immediately followed by its value (no separators), HMAC-SHA1 under the account's
 * auth token, base64. A repeated name contributes each of its values, in sorted order, as Twilio's libraries do.
 */
export function twilioSignature(url: string, params: FormParams, authToken: string): string {
  // Code-unit order (JavaScript's default sort), as Twilio's own Node library sorts.
  const sorted = [...params].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const hmac = createHmac('sha1', authToken).update(url, 'utf8');
  for (const [name, value] of sorted) hmac.update(name, 'utf8').update(value, 'utf8');
  return hmac.digest('base64');
}

const BASE64_SHA1 = /^[A-Za-z0-9+/]{27}=$/;

/** Checks an X-Twilio-Signature header against the request, in constant time over the decoded digests. */
export function verifyTwilioSignature(url: string, params: FormParams, header: string | string[] | undefined, authToken: string): SignatureVerdict {
  if (header === undefined || header === '') return 'missing';
  // One header only: two values would leave it unclear which one was checked.
  if (typeof header !== 'string' || !BASE64_SHA1.test(header.trim())) return 'invalid';
  const given = Buffer.from(header.trim(), 'base64');
  const expected = Buffer.from(twilioSignature(url, params, authToken), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}
