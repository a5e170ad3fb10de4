import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CROCKFORD_ALPHABET,
  TRACKING_CODE_PREFIX,
  generateTrackingCode,
  isValidTrackingCode,
  parseTrackingCode,
} from './tracking-code.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CANONICAL = /^KP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The check value computed the slow, obvious way (a BigInt), to test the implementation against. */
function referenceCheck(data: string): number {
  let n = 0n;
  for (const char of data) n = n * 32n + BigInt(ALPHABET.indexOf(char));
  return Number(n % 37n);
}

/** Builds a code from 7 data characters whose check value is below 32. */
function codeFor(data: string): string {
  const check = ALPHABET[referenceCheck(data)];
  if (check === undefined) throw new Error(`${data} has no check character: not a code`);
  return `KP-${data.slice(0, 4)}-${data.slice(4)}${check}`;
}

/** A small seeded generator of bytes (mulberry32), so statistical tests are repeatable. */
function seededBytes(seed: number): (n: number) => Uint8Array {
  let state = seed >>> 0;
  return (n) => Uint8Array.from({ length: n }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  });
}

/** Valid codes, built independently of generateTrackingCode. */
const validCode = fc.array(fc.constantFrom(...ALPHABET), { minLength: 7, maxLength: 7 })
  .map((chars) => chars.join(''))
  .filter((data) => referenceCheck(data) < 32)
  .map(codeFor);

/** The 8 code characters without prefix and hyphens. */
const charsOf = (code: string): string => code.slice(3).replace('-', '');

describe('generating tracking codes', () => {
  it('uses the KP prefix and the Crockford alphabet', () => {
    expect(TRACKING_CODE_PREFIX).toBe('KP');
    expect(CROCKFORD_ALPHABET).toBe(ALPHABET);
  });

  it('gives canonical codes that parse back to themselves', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const code = generateTrackingCode(seededBytes(seed));
      expect(code).toMatch(CANONICAL);
      expect(parseTrackingCode(code)).toBe(code);
      expect(referenceCheck(charsOf(code).slice(0, 7))).toBe(ALPHABET.indexOf(charsOf(code)[7]!));
    }), { numRuns: 1000 });
  });

  it('uses crypto random bytes by default', () => {
    const codes = new Set(Array.from({ length: 50 }, () => generateTrackingCode()));
    for (const code of codes) expect(isValidTrackingCode(code)).toBe(true);
    expect(codes.size).toBe(50);
  });

  it('maps bytes to characters by their low 5 bits', () => {
    expect(generateTrackingCode(() => new Uint8Array(7))).toBe('KP-0000-0000');
    expect(generateTrackingCode(() => Uint8Array.from([0x21, 0x42, 0x63, 0x84, 0xa5, 0xc6, 0xe7]))).toBe(codeFor('1234567'));
  });

  it('draws again when the check value has no character (32 to 36)', () => {
    expect(referenceCheck('0000010')).toBe(32);
    const first = Uint8Array.from('0000010', (char) => ALPHABET.indexOf(char));
    const draws = [first, new Uint8Array(7)];
    let calls = 0;
    const code = generateTrackingCode(() => draws[calls++]!);
    expect(code).toBe('KP-0000-0000');
    expect(calls).toBe(2);
  });

  it('refuses a random source that returns too few bytes or never a usable draw', () => {
    expect(() => generateTrackingCode(() => new Uint8Array(3))).toThrow(RangeError);
    const alwaysRejected = Uint8Array.from('0000010', (char) => ALPHABET.indexOf(char));
    expect(referenceCheck('0000010')).toBeGreaterThanOrEqual(32);
    expect(() => generateTrackingCode(() => alwaysRejected)).toThrow(/not random/);
  });

  it('favours no character in any position (chi-squared over 32,000 seeded codes)', () => {
    const random = seededBytes(20240601);
    const counts = Array.from({ length: 8 }, () => new Array<number>(32).fill(0));
    const total = 32_000;
    for (let i = 0; i < total; i++) {
      [...charsOf(generateTrackingCode(random))].forEach((char, position) => {
        counts[position]![ALPHABET.indexOf(char)]! += 1;
      });
    }
    const expected = total / 32;
    for (const row of counts) {
      const chiSquared = row.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
      // 31 degrees of freedom: 70 is beyond the 99.99th percentile, so only a real bias fails here.
      expect(chiSquared).toBeLessThan(70);
    }
  });
});

describe('parsing what a citizen typed', () => {
  const code = codeFor('7F3K9QX');

  it('accepts the canonical form and returns it', () => {
    expect(parseTrackingCode(code)).toBe(code);
    expect(isValidTrackingCode(code)).toBe(true);
  });

  it('accepts lower case, missing hyphens, spaces, dots and a missing prefix', () => {
    const chars = charsOf(code);
    const typed = [
      code.toLowerCase(),
      `KP${chars}`,
      chars,
      chars.toLowerCase(),
      `kp ${chars.slice(0, 4).toLowerCase()} ${chars.slice(4).toLowerCase()}`,
      `  K.P.${chars.slice(0, 2)} ${chars.slice(2, 6)}-${chars.slice(6)}\n`,
      `${chars.slice(0, 4)}.${chars.slice(4)}`,
    ];
    for (const input of typed) expect(parseTrackingCode(input)).toBe(code);
  });

  it('reads O as 0 and I or L as 1, in either case', () => {
    const confusable = codeFor('1001101');
    const chars = charsOf(confusable);
    const typed = chars.replaceAll('0', 'O').replace('1', 'I').replace('1', 'l').replace('1', 'i').replace('1', 'L');
    expect(parseTrackingCode(typed)).toBe(confusable);
    expect(parseTrackingCode(typed.toLowerCase())).toBe(confusable);
  });

  it('rejects U, which Crockford leaves out', () => {
    fc.assert(fc.property(validCode, fc.nat({ max: 7 }), (valid, position) => {
      const chars = [...charsOf(valid)];
      chars[position] = 'U';
      expect(parseTrackingCode(chars.join(''))).toBeNull();
    }));
  });

  it('rejects codes that are too short or too long', () => {
    const chars = charsOf(code);
    for (const input of [chars.slice(1), chars.slice(0, 7), `${chars}0`, `KP-${chars}00`, '', 'KP', 'KP-']) {
      expect(parseTrackingCode(input)).toBeNull();
    }
  });

  it('rejects letters that only look like ASCII once upper-cased', () => {
    expect(parseTrackingCode(code.replace(charsOf(code)[0]!, 'ß'))).toBeNull();
    const ones = codeFor('1001101');
    expect(parseTrackingCode(ones.replaceAll('1', 'i'))).toBe(ones);
    expect(parseTrackingCode(ones.replaceAll('1', 'ı'))).toBeNull();
  });

  it('never throws on junk, and returns null or a canonical code', () => {
    const junk = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...'KP-. oilu0123ABCXYZ') }));
    fc.assert(fc.property(junk, (input) => {
      const parsed = parseTrackingCode(input);
      if (parsed !== null) {
        expect(parsed).toMatch(CANONICAL);
        expect(parseTrackingCode(parsed)).toBe(parsed);
      }
    }), { numRuns: 3000 });
  });
});

describe('the check character', () => {
  it('catches every single-character substitution, in every position', () => {
    fc.assert(fc.property(validCode, (valid) => {
      const chars = charsOf(valid);
      const accepted: string[] = [];
      for (let position = 0; position < 8; position++) {
        for (const replacement of ALPHABET) {
          if (replacement === chars[position]) continue;
          const typo = chars.slice(0, position) + replacement + chars.slice(position + 1);
          if (parseTrackingCode(typo) !== null) accepted.push(typo);
        }
      }
      expect(accepted).toEqual([]);
    }), { numRuns: 500 });
  });

  it('catches every swap of two different neighbouring characters, including the last data and check characters', () => {
    fc.assert(fc.property(validCode, (valid) => {
      const chars = charsOf(valid);
      for (let position = 0; position < 7; position++) {
        const [a, b] = [chars[position]!, chars[position + 1]!];
        if (a === b) continue;
        const typo = chars.slice(0, position) + b + a + chars.slice(position + 2);
        expect(parseTrackingCode(typo), typo).toBeNull();
      }
    }), { numRuns: 2000 });
  });

  it('rests on arithmetic that holds for every digit difference and position (why 37 works)', () => {
    // A substitution changes N by d*32^k and a data swap by d*31*32^k, with 0 < |d| < 32: never a multiple of 37.
    for (let d = 1; d < 32; d++) {
      for (let k = 0; k < 7; k++) {
        expect((d * 32 ** k) % 37).not.toBe(0);
        expect((d * 31 * 32 ** k) % 37).not.toBe(0);
      }
    }
  });
});
