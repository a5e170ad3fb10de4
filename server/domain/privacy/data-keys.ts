import { randomBytes } from 'node:crypto';

/** One data key: the id written next to every value it seals, and its 32 bytes of key material. */
export interface DataKey {
  id: string;
  material: Buffer;
}

/** What a key id may look like: short, and free of the ':' that separates the parts of an envelope. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

// 32 bytes in base64 (standard or URL alphabet, padding optional): 43 characters and at most one '='.
const MATERIAL_PATTERN = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Reads a key list: "k2:<base64 of 32 bytes>,k1:<base64>", separated by commas or new lines, '#' starting a
 * comment. The first key is current (it seals new values); the others only open values sealed before a rotation.
 * Errors name the entry by its position and key id, never by its material, so they are safe to log.
 */
export function parseDataKeys(text: string): { keys: DataKey[] } | { error: string } {
  const entries = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return { error: 'holds no key; expected "<key id>:<base64 of 32 random bytes>", the current key first' };
  const keys: DataKey[] = [];
  for (const [n, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon === -1 ? '' : entry.slice(0, colon).trim();
    const material = colon === -1 ? '' : entry.slice(colon + 1).trim();
    const where = `key ${n + 1}${KEY_ID_PATTERN.test(id) ? ` ("${id}")` : ''}`;
    if (colon === -1) return { error: `${where} is not "<key id>:<base64>"` };
    if (!KEY_ID_PATTERN.test(id)) return { error: `${where} has an id that is not 1 to 32 letters, digits, '-' or '_'` };
    if (!MATERIAL_PATTERN.test(material)) return { error: `${where} is not 32 bytes in base64 (44 characters; generate one with "ekhtyar keys generate")` };
    if (keys.some((k) => k.id === id)) return { error: `${where} repeats the id "${id}"` };
    keys.push({ id, material: Buffer.from(material.replace(/-/g, '+').replace(/_/g, '/'), 'base64') });
  }
  return { keys };
}

/** A key as one entry of a key list ("<id>:<base64>"). */
export function formatDataKey(key: DataKey): string {
  return `${key.id}:${key.material.toString('base64')}`;
}

/** A new random key; its id tells when it was made ("k20261128-3f9a"), so key lists read oldest last. */
export function generateDataKey(now = new Date()): DataKey {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return { id: `k${day}-${randomBytes(2).toString('hex')}`, material: randomBytes(32) };
}
