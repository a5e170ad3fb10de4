import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctiveTerms, termCounts, termsOf } from './distinctive-terms.js';

const repeat = (n: number, text: string) => Array.from({ length: n }, () => text);

describe('terms of a complaint', () => {
  it('keeps words and two-word phrases, leaving out English, Urdu and Roman Urdu stop words, digits and single letters', () => {
    expect([...termsOf('The garbage has NOT been collected near Hashtnagri Chowk for 5 days, sir!')].sort()).toEqual(['chowk', 'collected', 'garbage', 'hashtnagri', 'hashtnagri chowk']);
    expect([...termsOf('Hamare mohallay mein pani nahi aa raha hai')].sort()).toEqual(['aa', 'mohallay', 'pani']);
    expect([...termsOf('ہمارے محلے میں پانی نہیں آ رہا ہے')]).toContain('پانی');
    expect([...termsOf('ہمارے محلے میں پانی نہیں آ رہا ہے')]).not.toContain('میں');
  });

  it('counts each term once per complaint', () => {
    expect(termCounts(['water water water', 'water']).get('water')).toBe(2);
  });
});

describe('distinctive terms (log-odds with an informative prior)', () => {
  const background = termCounts([
    ...repeat(20, 'Garbage not collected near Hashtnagri chowk'),
    ...repeat(20, 'No doctor at Mingora hospital at night'),
    ...repeat(20, 'Water supply broken in our street'),
  ]);

  it("ranks a district's own subject and leaves out what every district says", () => {
    const peshawar = termCounts([...repeat(20, 'Garbage not collected near Hashtnagri chowk'), ...repeat(10, 'Water supply broken in our street')]);
    const terms = distinctiveTerms(peshawar, background).map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['hashtnagri', 'garbage', 'hashtnagri chowk']));
    expect(terms).not.toContain('water');
    expect(terms).not.toContain('mingora');
  });

  it('never shows a term of fewer complaints than the minimum, nor more terms than asked, and scores in order', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('garbage chowk', 'pani bijli', 'hospital doctor', 'school teacher', 'road pothole'), { minLength: 0, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (texts, limit) => {
      const group = termCounts(texts);
      const terms = distinctiveTerms(group, background, { limit });
      expect(terms.length).toBeLessThanOrEqual(limit);
      for (const t of terms) expect(t.count).toBeGreaterThanOrEqual(5);
      for (let i = 1; i < terms.length; i++) expect(terms[i - 1]!.score).toBeGreaterThanOrEqual(terms[i]!.score);
    }), { seed: 11 });
  });

  it('finds nothing distinctive in a group that talks like the whole background', () => {
    expect(distinctiveTerms(background, background)).toEqual([]);
  });
});
