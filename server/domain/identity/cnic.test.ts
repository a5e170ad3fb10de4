import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCnic, parseCnic } from './cnic.js';

const thirteen = fc.stringMatching(/^\d{13}$/);
const urdu = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

describe('parseCnic', () => {
  it('reads 13 digits written plainly, with the card dashes, padded with spaces, or in Urdu digits', () => {
    fc.assert(
      fc.property(thirteen, fc.constantFrom('plain', 'dashed', 'spaced', 'urdu'), (digits, style) => {
        const written = { plain: digits, dashed: formatCnic(digits), spaced: `  ${formatCnic(digits)} `, urdu: urdu(formatCnic(digits)) }[style];
        expect(parseCnic(written)).toBe(digits);
      }),
    );
  });

  it('gives back what it read: formatting and reading again is the same number', () => {
    fc.assert(
      fc.property(thirteen, (digits) => {
        expect(parseCnic(formatCnic(digits))).toBe(digits);
      }),
    );
    expect(formatCnic('1710112345671')).toBe('17101-1234567-1');
  });

  it('refuses any other number of digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,12}$|^\d{14,20}$/), (digits) => {
        expect(parseCnic(digits)).toBeNull();
      }),
    );
  });

  it('refuses dashes anywhere but after the 5th and 12th digit', () => {
    fc.assert(
      fc.property(thirteen, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (digits, a, b) => {
        fc.pre(!(Math.min(a, b) === 5 && Math.max(a, b) === 12) && a !== b);
        const [first, second] = [Math.min(a, b), Math.max(a, b)];
        const written = `${digits.slice(0, first)}-${digits.slice(first, second)}-${digits.slice(second)}`;
        expect(parseCnic(written)).toBeNull();
      }),
    );
    expect(parseCnic('12345-12345671')).toBeNull();
    expect(parseCnic('12345 1234567 1')).toBeNull();
  });

  it('never throws, and whatever it accepts is exactly 13 ASCII digits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.stringMatching(/^[\d\- ]{0,20}$/)), (input) => {
        const parsed = parseCnic(input);
        if (parsed !== null) expect(parsed).toMatch(/^\d{13}$/);
      }),
      { numRuns: 2000 },
    );
  });
});
