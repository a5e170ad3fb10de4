import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a webhook's X-Hub-Signature-256 says about its body. */
export type SignatureVerdict = 'valid' | 'missing' | 'invalid';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** The X-Hub-Signature-256 value Meta sends for `body` under the app secret: "sha256=" and the hex HMAC-SHA256. */
export function signWebhookBody(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/**
 * Checks X-Hub-Signature-256 against the raw body bytes (not a re-serialisation: JSON.stringify would not give Meta's
 * bytes back). Compared in constant time, so the time taken says nothing about how much of a forgery was right.
 */
export function verifyWebhookSignature(body: Buffer, header: string | string[] | undefined, appSecret: string): SignatureVerdict {
  if (header === undefined || header === '') return 'missing';
  // One header only: two values would leave it unclear which one was checked.
  const match = typeof header === 'string' ? SIGNATURE.exec(header.trim()) : null;
  if (!match?.[1]) return 'invalid';
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}

/** Compares a presented token with the configured one in constant time (lengths are compared through their hashes). */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHmac('sha256', 'ekhtyar-token-compare').update(presented).digest();
  const b = createHmac('sha256', 'ekhtyar-token-compare').update(expected).digest();
  return timingSafeEqual(a, b);
}
