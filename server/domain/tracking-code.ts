// Random bytes are the one thing domain/ takes from outside, and they can be injected for tests.
import { randomBytes } from 'node:crypto';

/** The fixed prefix of every tracking code (Khyber Pakhtunkhwa). */
export const TRACKING_CODE_PREFIX = 'KP';

/** Crockford base32: digits and capitals without I, L, O and U, so codes read clearly over the phone. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const DATA_LENGTH = 7;
/** A prime above 32: with it, every single substitution and adjacent transposition changes the check value. */
const CHECK_MODULUS = 37;
/** Draws needed to fail by chance are about (5/37)^n, so reaching this means the random source is broken. */
const MAX_DRAWS = 1000;

/** The check value of the data characters: their base-32 number mod 37 (computed digit by digit, no big numbers). */
function checkValue(data: string): number {
  let remainder = 0;
  for (const char of data) remainder = (remainder * 32 + CROCKFORD_ALPHABET.indexOf(char)) % CHECK_MODULUS;
  return remainder;
}

function format(chars: string): string {
  return `${TRACKING_CODE_PREFIX}-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** A new random code, e.g. KP-7F3K-9QXA. random(n) returns n random bytes (default crypto.randomBytes). */
export function generateTrackingCode(random: (n: number) => Uint8Array = randomBytes): string {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const bytes = random(DATA_LENGTH);
    if (bytes.length < DATA_LENGTH) throw new RangeError(`random(${DATA_LENGTH}) returned ${bytes.length} bytes`);
    // The low 5 bits of a uniform byte are uniform over 0..31 (256 is a multiple of 32), so no character is favoured.
    const data = Array.from(bytes.subarray(0, DATA_LENGTH), (byte) => CROCKFORD_ALPHABET[byte & 0x1f]).join('');
    const check = checkValue(data);
    // Check values 32..36 have no character: draw again (rejection keeps the accepted codes uniform).
    if (check < 32) return format(data + CROCKFORD_ALPHABET[check]);
  }
  throw new Error(`No tracking code after ${MAX_DRAWS} draws: the random source is not random`);
}

/** Crockford decoding of look-alikes: O is read as 0, I and L as 1. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/**
 * Normalise what a citizen typed: case-insensitive, spaces/hyphens/dots optional, prefix optional, O→0, I/L→1
 * (Crockford decoding rules); returns the canonical `KP-XXXX-XXXX` or null if it is not a valid code (wrong length,
 * bad characters, wrong check char).
 */
export function parseTrackingCode(input: string): string | null {
  // Long input cannot be a code; the bound also keeps the work per request small.
  if (typeof input !== 'string' || input.length > 64) return null;
  const stripped = input.replace(/[\s.-]/g, '');
  // ASCII letters and digits only before upper-casing: 'ß' would become 'SS' and 'ı' would become 'I'.
  if (!/^[0-9A-Za-z]*$/.test(stripped)) return null;
  let compact = stripped.toUpperCase();
  if (compact.length === TRACKING_CODE_PREFIX.length + DATA_LENGTH + 1 && compact.startsWith(TRACKING_CODE_PREFIX)) {
    compact = compact.slice(TRACKING_CODE_PREFIX.length);
  }
  if (compact.length !== DATA_LENGTH + 1) return null;
  const chars = Array.from(compact, (char) => LOOK_ALIKES[char] ?? char).join('');
  if (![...chars].every((char) => CROCKFORD_ALPHABET.includes(char))) return null;
  const data = chars.slice(0, DATA_LENGTH);
  return CROCKFORD_ALPHABET.indexOf(chars.slice(DATA_LENGTH)) === checkValue(data) ? format(chars) : null;
}

/** True when the input, as a citizen might type it, is a valid tracking code. */
export function isValidTrackingCode(input: string): boolean {
  return parseTrackingCode(input) !== null;
}
