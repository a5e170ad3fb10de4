import { createHmac } from 'node:crypto';
import { CROCKFORD_ALPHABET } from '../tracking-code.js';

/** What identifies a citizen across their complaints, each already normalised (see domain/contact.ts). */
export interface CitizenIdentity {
  citizenId: string;
  cnic: string | null;
  phone: string | null;
  email: string | null;
}

/**
 * The pseudonym analysts and the public see instead of a citizen: "P-" and 16 Crockford base32 characters of
 * HMAC-SHA256(secret, identity). It is computed over the strongest identifier the citizen gave (CNIC, then phone,
 * then e-mail), so one person's complaints share a pseudonym even though each submission has its own citizens row;
 * a citizen who gave none (or was anonymised) gets one from their row id. Without the secret it cannot be reversed,
 * nor recomputed from a list of phone numbers.
 */
export function pseudonymOf(secret: Buffer, identity: CitizenIdentity): string {
  const subject = identity.cnic ? `cnic:${identity.cnic}` : identity.phone ? `phone:${identity.phone}` : identity.email ? `email:${identity.email}` : `citizen:${identity.citizenId}`;
  const mac = createHmac('sha256', secret).update(subject, 'utf8').digest();
  // 80 bits: collisions need about 2^40 citizens.
  let bits = 0n;
  for (const byte of mac.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 15; i >= 0; i--) out += CROCKFORD_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return `P-${out}`;
}
