import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitSms, smsEncoding, splitSms } from './segments.js';

const limitOf = (encoding: string) => (encoding === 'gsm7' ? 153 : 67);
const septets = (part: string) => [...part].reduce((n, ch) => n + ('\f^{}\\[~]|€'.includes(ch) ? 2 : 1), 0);
const size = (part: string, encoding: string) => (encoding === 'gsm7' ? septets(part) : part.length);

describe('SMS parts', () => {
  it('sends English in GSM 7-bit and Urdu in UCS-2', () => {
    expect(smsEncoding('Your complaint KP-7F3K-9QXA is resolved.')).toBe('gsm7');
    expect(smsEncoding('آپ کی شکایت KP-7F3K-9QXA حل ہو گئی ہے')).toBe('ucs2');
    expect(smsEncoding('Price: 10€ [approx]')).toBe('gsm7');
  });

  it('fits 70 Urdu characters in one part and cuts 71 into 67 + 4', () => {
    const urdu = 'ش'.repeat(70);
    expect(splitSms(urdu).parts).toEqual([urdu]);
    const longer = 'ش'.repeat(71);
    expect(splitSms(longer).parts.map((p) => p.length)).toEqual([67, 4]);
  });

  it('fits 160 GSM characters in one part and cuts 161 into 153 + 8; extension characters count twice', () => {
    expect(splitSms('a'.repeat(160)).parts).toHaveLength(1);
    expect(splitSms('a'.repeat(161)).parts.map((p) => p.length)).toEqual([153, 8]);
    expect(splitSms('€'.repeat(80)).parts).toHaveLength(1);
    expect(splitSms('€'.repeat(81)).parts.map((p) => p.length)).toEqual([76, 5]);
  });

  it('never loses, reorders or splits a character, and keeps every part within its limit', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('a', ' ', '€', '{', 'ش', 'ی', '۱', '😀', 'é', '\n')), { maxLength: 600 }).map((cs) => cs.join('')), (text) => {
        const { encoding, parts } = splitSms(text);
        expect(parts.join('')).toBe(text);
        if (parts.length > 1) for (const part of parts) expect(size(part, encoding)).toBeLessThanOrEqual(limitOf(encoding));
        // A lone surrogate at a cut would mean an emoji split in two.
        for (const part of parts) expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(part)).toBe(false);
      }),
    );
  });

  it('shortens a long message to the parts allowed, ending in an ellipsis, and leaves a short one alone', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1200, unit: fc.constantFrom('a', 'ش', ' ', '😀', '€') }), fc.integer({ min: 1, max: 6 }), (text, max) => {
        const fitted = fitSms(text, max);
        expect(splitSms(fitted).parts.length).toBeLessThanOrEqual(max);
        if (splitSms(text).parts.length <= max) expect(fitted).toBe(text);
        else expect(fitted.endsWith('…')).toBe(true);
      }),
    );
  });
});
