import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CategoryMatcher, normaliseText } from './category-matcher.js';

const matcher = new CategoryMatcher([
  { id: 'garbage-not-collected', keywords: ['garbage', 'trash', 'kachra', 'کچرا'], names: ['Garbage not collected'] },
  { id: 'street-light-not-working', keywords: ['street light', 'bulb', 'بتی'], names: ['Street light not working'] },
  { id: 'power-outage', keywords: ['electricity', 'light', 'bijli'], names: ['Power outage'] },
  { id: 'water-supply', keywords: ['पानी', 'پانی', 'paani'], names: ['No water supply'] },
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

  it('keeps a Devanagari word whole, so a keyword with vowel signs is found as one word', () => {
    expect(normaliseText('पानी आएन!')).toBe('पानी आएन');
    expect(matcher.match('हाम्रो टोलमा तीन दिनदेखि पानी आएको छैन')?.categoryId).toBe('water-supply');
    // The vowel sign is part of the word: पानी is not found inside पानीपत.
    expect(matcher.match('पानीपत')).toBeNull();
  });

  it('finds Urdu keywords however the keyboard wrote the letters (Arabic kaf and yeh, harakat, tatweel)', () => {
    expect(matcher.match('ہمارے محلے میں كچرا پڑا ہے')?.categoryId).toBe('garbage-not-collected');
    expect(matcher.match('محلے میں پانـی نہیں')?.categoryId).toBe('water-supply');
    expect(matcher.match('محلے ميں پاني نہیں')?.categoryId).toBe('water-supply');
  });

  it('finds a Roman Urdu keyword in its other spellings, but not by a short key that other words share', () => {
    expect(matcher.match('gali mein kachraa para hai')?.categoryId).toBe('garbage-not-collected');
    expect(matcher.match('gali mein kachara para hai')?.categoryId).toBe('garbage-not-collected');
    // The keys of "bijli" (bjl) and "paani" (pn) are too short to trust, so only those spellings count.
    expect(matcher.match('bajal')).toBeNull();
    expect(matcher.match('pin')).toBeNull();
  });

  it('normalises case, punctuation and compatibility forms', () => {
    expect(normaliseText('  Garbage!!  NOT—collected… ')).toBe('garbage not collected');
  });
});
