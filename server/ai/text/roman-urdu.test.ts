import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { romanUrduKey } from './roman-urdu.js';

describe('romanUrduKey', () => {
  it.each([
    ['nahi', 'nahin', 'nhi', 'nai', 'ni', 'nahee', 'nahiii'],
    ['bohat', 'bahut', 'bht', 'bohot', 'bhot', 'bohaaat'],
    ['hai', 'hy', 'hain', 'he', 'h', 'haii'],
    ['acha', 'achha', 'accha', 'achaaa'],
    ['aap', 'ap'],
    ['mein', 'main', 'mai', 'me'],
    ['wo', 'woh', 'vo', 'voh'],
    ['yeh', 'ye'],
    ['phir', 'fir', 'phr'],
    ['qeemat', 'keemat', 'qimat'],
    ['kya', 'kia'],
    ['pani', 'paani', 'panee'],
    ['bijli', 'bijlee', 'bijly'],
  ])('folds the spellings of %s to one key', (...spellings) => {
    const keys = new Set(spellings.map(romanUrduKey));
    expect([...keys]).toHaveLength(1);
  });

  it('keeps different words apart', () => {
    const words = ['pani', 'bijli', 'sarak', 'khana', 'kana', 'gas', 'school', 'hospital', 'police', 'nahi', 'bohat'];
    expect(new Set(words.map(romanUrduKey)).size).toBe(words.length);
  });

  it('leaves words with letters outside a-z as they are', () => {
    expect(romanUrduKey('پانی')).toBe('پانی');
    expect(romanUrduKey('covid19')).toBe('covid19');
    expect(romanUrduKey('')).toBe('');
  });

  it('is idempotent and never longer than the word', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,14}$/), (word) => {
        const key = romanUrduKey(word);
        expect(romanUrduKey(key)).toBe(key);
        expect(key.length).toBeLessThanOrEqual(Math.max(word.length, 4));
        expect(key).toMatch(/^[a-z]+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not care how long a letter is held (repeated letters)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,10}$/), fc.nat({ max: 9 }), fc.integer({ min: 2, max: 5 }), (word, at, times) => {
        const i = at % word.length;
        const held = word.slice(0, i) + (word[i] as string).repeat(times) + word.slice(i + 1);
        expect(romanUrduKey(held)).toBe(romanUrduKey(word));
      }),
      { numRuns: 1000 },
    );
  });
});
