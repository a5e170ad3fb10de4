import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersForJson, appendAnswers, categoryMatches, formatDuration, spellCode, todayInKarachi, type AttributeDefinition, type Category } from './intake-form.js';

const text3 = { en: 'q', ur: 'س', ps: 'پ' };
const attribute = (code: string, datatype: AttributeDefinition['datatype']): AttributeDefinition => ({ code, datatype, required: false, order: 1, description: text3 });

describe('spellCode', () => {
  it('spells each group of a tracking code character by character, in capitals', () => {
    expect(spellCode('kp-7f3k-9qxa')).toEqual(['K P', '7 F 3 K', '9 Q X A']);
  });

  it('keeps every character of the code, in order, whatever the groups', () => {
    const code = fc.array(fc.stringMatching(/^[A-Z0-9]{1,6}$/), { minLength: 1, maxLength: 4 }).map((groups) => groups.join('-'));
    fc.assert(
      fc.property(code, (c) => {
        const groups = spellCode(c);
        expect(groups.join('').replace(/ /g, '')).toBe(c.replace(/-/g, ''));
        expect(groups).toHaveLength(c.split('-').length);
        for (const group of groups) expect(group).toMatch(/^[A-Z0-9]( [A-Z0-9])*$/);
      }),
    );
  });
});

describe('formatDuration', () => {
  it('shows minutes and seconds, and hours past an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(95)).toBe('1:35');
    expect(formatDuration(3_725)).toBe('1:02:05');
    expect(formatDuration(-4)).toBe('0:00');
  });

  it('reads back as the seconds it was given', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 }), (seconds) => {
        const parts = formatDuration(seconds).split(':').map(Number);
        expect(parts.reduce((total, part) => total * 60 + part, 0)).toBe(seconds);
      }),
    );
  });
});

describe('todayInKarachi', () => {
  it('is the date in Pakistan (UTC+5), not in UTC', () => {
    expect(todayInKarachi(new Date('2026-01-05T18:59:59Z'))).toBe('2026-01-05');
    expect(todayInKarachi(new Date('2026-01-05T19:00:00Z'))).toBe('2026-01-06');
  });
});

describe('categoryMatches', () => {
  const category: Category = { id: 'medicine-shortage', name: { en: 'Medicines not available', ur: 'ادویات دستیاب نہیں', ps: null }, keywords: ['dawai'], department: { id: 'health', name: { en: 'Health', ur: null, ps: null } }, attributes: [] };

  it('finds a category by any part of its names in English or Urdu, or a keyword, in any case', () => {
    expect(categoryMatches(category, 'MEDICINES')).toBe(true);
    expect(categoryMatches(category, 'ادویات')).toBe(true);
    expect(categoryMatches(category, 'dawai')).toBe(true);
    expect(categoryMatches(category, 'road')).toBe(false);
  });

  it('an empty search, or any piece of a name, matches', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        const name = category.name.en;
        const [from, to] = [a % name.length, b % name.length].sort((x, y) => x - y) as [number, number];
        expect(categoryMatches(category, name.slice(from, to + 1))).toBe(true);
        expect(categoryMatches(category, '  ')).toBe(true);
      }),
    );
  });
});

describe('answers', () => {
  const attributes = [attribute('beds', 'number'), attribute('name', 'string'), attribute('kinds', 'multivaluelist'), attribute('blank', 'string')];

  it('go in JSON as numbers, text and lists, blanks left out', () => {
    expect(answersForJson(attributes, { beds: '12', name: '  Lady Reading ', kinds: ['a', 'b'], blank: ' ' })).toEqual({ beds: 12, name: 'Lady Reading', kinds: ['a', 'b'] });
    expect(answersForJson(attributes, { kinds: [] })).toBeUndefined();
  });

  it('go in a form as attributes[code] and attributes[code][] once per key', () => {
    const form = new FormData();
    appendAnswers(form, attributes, { beds: '12', kinds: ['a', 'b'], blank: '' });
    expect([...form.entries()]).toEqual([
      ['attributes[beds]', '12'],
      ['attributes[kinds][]', 'a'],
      ['attributes[kinds][]', 'b'],
    ]);
  });
});
