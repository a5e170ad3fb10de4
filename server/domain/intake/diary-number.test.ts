import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIARY_NUMBER_MAX, DIARY_NUMBER_PATTERN, parseDiaryNumber, receivedOnProblem } from './diary-number.js';

const group = fc.stringMatching(/^[A-Za-z0-9]{1,6}$/);
const separator = fc.constantFrom('-', ' ', '.', ' - ', '/', ' / ', '--', '/-');
const written = fc.tuple(group, fc.array(fc.tuple(separator, group), { maxLength: 4 })).map(([first, rest]) => first + rest.map(([s, g]) => s + g).join(''));

describe('diary numbers', () => {
  it('reads the ways offices write one number as the same entry', () => {
    for (const text of ['D-123/2025', 'd 123 / 2025', 'D.123/2025', '  d--123//2025 ', 'D - 123/ 2025']) expect(parseDiaryNumber(text)).toBe('D-123/2025');
    expect(parseDiaryNumber('4417')).toBe('4417');
  });

  it('refuses what is not a diary number', () => {
    for (const text of ['', '   ', '---', 'ABC', 'D-12;drop', 'دفتر-12', '12\u0000', 'D-1'.padEnd(DIARY_NUMBER_MAX + 1, '9')]) expect(parseDiaryNumber(text)).toBeNull();
  });

  it('gives the stored form or nothing, and reading it again changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(written, fc.string({ maxLength: 60 })), (text) => {
        const parsed = parseDiaryNumber(text);
        if (parsed === null) return;
        expect(parsed).toMatch(DIARY_NUMBER_PATTERN);
        expect(parsed.length).toBeLessThanOrEqual(DIARY_NUMBER_MAX);
        expect(parseDiaryNumber(parsed)).toBe(parsed);
      }),
    );
  });

  it('ignores case, spacing and the choice of hyphen, dot or space between groups', () => {
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom('-', ' ', '.', ' - '), { minLength: 3, maxLength: 3 }), (groups, seps) => {
        fc.pre(groups.join('').length <= 30 && /\d/.test(groups.join('')));
        const one = groups.join('-');
        const other = `  ${groups.map((g, i) => (i === 0 ? g.toLowerCase() : (seps[i % seps.length] ?? '-') + g)).join('')} `;
        expect(parseDiaryNumber(other)).toBe(parseDiaryNumber(one));
        expect(parseDiaryNumber(one)).toBe(one.toUpperCase());
      }),
    );
  });
});

describe('date of receipt', () => {
  const now = new Date('2026-03-10T21:00:00Z'); // already 11 March in Pakistan

  it('accepts a date up to today in Pakistan', () => {
    expect(receivedOnProblem('2026-03-11', now)).toBeNull();
    expect(receivedOnProblem('2024-02-29', now)).toBeNull();
  });

  it('refuses tomorrow, impossible dates, other formats and very old dates', () => {
    expect(receivedOnProblem('2026-03-12', now)).toMatch(/after today/);
    expect(receivedOnProblem('2025-02-29', now)).toMatch(/calendar/);
    expect(receivedOnProblem('11/03/2026', now)).toMatch(/YYYY-MM-DD/);
    expect(receivedOnProblem('1999-12-31', now)).toMatch(/2000/);
  });

  it('never throws, and accepts only real dates not after today', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }), (d) => {
        const text = d.toISOString().slice(0, 10);
        const problem = receivedOnProblem(text, now);
        expect(problem === null).toBe(text <= '2026-03-11' && text >= '2000-01-01');
      }),
    );
    fc.assert(fc.property(fc.string(), (s) => void receivedOnProblem(s, now)));
  });
});
