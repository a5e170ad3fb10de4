import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparableWords, textFingerprint, textSimilarity } from './similarity.js';

const like = (a: string, b: string) => textSimilarity(textFingerprint(a), textFingerprint(b));

describe('text likeness for duplicate suggestions', () => {
  it('keeps a Devanagari word whole instead of splitting it at its vowel signs', () => {
    expect(comparableWords('पानी आएको छैन')).toEqual(['पानी', 'आएको', 'छैन']);
    // The same Nepali complaint with its words in another order reads as the same words.
    expect(like('तीन दिनदेखि पानी आएको छैन', 'पानी आएको छैन तीन दिनदेखि')).toBe(1);
  });

  it('reads an Urdu complaint typed with Arabic letters, harakat or tatweel as the same words', () => {
    const urdu = 'ہمارے محلے میں تین دن سے پانی نہیں آیا کوئی کارروائی نہیں ہوئی';
    const keyboard = 'همارے محلے ميں تين دن سے پانـی نہيں آیا كوئی كارروائی نہيں ہوئی';
    expect(like(urdu, keyboard)).toBe(1);
    expect(like(urdu, 'ہمارے مَحلے میں تین دن سے پانی نہیں آیا کوئی کارروائی نہیں ہوئی')).toBe(1);
  });

  it('reads Roman Urdu spelling variants as the same words', () => {
    expect(like('teen din se pani nahi aya bohat pareshani hai', 'teen din sy paani nahin aaya bahut pareshaani hy')).toBe(1);
    expect(like('teen din se pani nahi aya', 'gali mein kachra para hai')).toBeLessThan(0.2);
  });

  it('is symmetric, between 0 and 1, and 1 for a text with itself (when it has words)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        const ab = like(a, b);
        expect(ab).toBe(like(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(like(a, a)).toBe(comparableWords(a).length > 0 ? 1 : 0);
      }),
    );
  });
});
