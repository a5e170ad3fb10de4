import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CategoryMatcher, normaliseText } from './category-matcher.js';

const matcher = new CategoryMatcher([
  { id: 'garbage-not-collected', keywords: ['garbage', 'trash', 'kachra', 'کچرا'], names: ['Garbage not collected'] },
  { id: 'street-light-not-working', keywords: ['street light', 'bulb', 'بتی'], names: ['Street light not working'] },
  { id: 'power-outage', keywords: ['electricity', 'light', 'bijli'], names: ['Power outage'] },
]);

describe('CategoryMatcher', () => {
  it('picks the category whose keywords the text uses, in English, Roman Urdu or Urdu script', () => {
    expect(matcher.match('The garbage in our street has not been picked up.')?.categoryId).toBe('garbage-not-collected');
    expect(matcher.match('mohalla mein kachra para hai')?.categoryId).toBe('garbage-not-collected');
    expect(matcher.match('ہمارے محلے میں کچرا پڑا ہے')?.categoryId).toBe('garbage-not-collected');
  });

  it('weighs a two-word keyword above a one-word one, so "street light" is not read as a power cut', () => {
    expect(matcher.match('The street light near the mosque is broken')).toMatchObject({ categoryId: 'street-light-not-working', score: 2 });
  });

  it('matches whole words only, and nothing at all for text of no category', () => {
    expect(matcher.match('The trashcan-shaped sculpture is lovely')?.categoryId).toBeUndefined();
    expect(matcher.match('Dear Sir, good evening.')).toBeNull();
  });

  it('finds a keyword put anywhere into text made of other words', () => {
    const other = fc.constantFrom('the', 'our', 'near', 'school', 'since', 'Monday', 'please', 'help', 'محلے', 'میں');
    fc.assert(
      fc.property(fc.array(other, { maxLength: 8 }), fc.array(other, { maxLength: 8 }), fc.constantFrom('garbage', 'GARBAGE', 'Kachra', 'کچرا'), (before, after, keyword) => {
        expect(matcher.match([...before, keyword, ...after].join(' '))?.categoryId).toBe('garbage-not-collected');
      }),
    );
  });

  it('normalises case, punctuation and compatibility forms', () => {
    expect(normaliseText('  Garbage!!  NOT—collected… ')).toBe('garbage not collected');
  });
});
