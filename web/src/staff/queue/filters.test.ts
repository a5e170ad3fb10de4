import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationParts, filtersToQuery, parseFilters, STATES, type QueueFilters } from './filters.js';

const id = fc.stringMatching(/^[a-z0-9][\w.:@-]{0,40}$/);
const filters: fc.Arbitrary<QueueFilters> = fc.record(
  {
    state: fc.uniqueArray(fc.constantFrom(...STATES), { minLength: 1 }).map((states) => STATES.filter((s) => states.includes(s))),
    officeId: id,
    assignee: fc.constantFrom('me' as const, 'unassigned' as const),
    overdue: fc.constant(true),
    escalationLevel: fc.integer({ min: 0, max: 3 }),
    categoryId: id,
  },
  { requiredKeys: [] },
);

describe('queue filters in the URL', () => {
  it('read back exactly what was written', () => {
    fc.assert(fc.property(filters, (f) => {
        expect(parseFilters(filtersToQuery(f))).toEqual(f);
      }));
  });

  it('never throw on any query string, and keep only well-formed filters', () => {
    fc.assert(
      fc.property(fc.string(), (search) => {
        const parsed = parseFilters(search);
        expect(parseFilters(filtersToQuery(parsed))).toEqual(parsed);
        for (const state of parsed.state ?? []) expect(STATES).toContain(state);
        if (parsed.escalationLevel !== undefined) expect([0, 1, 2, 3]).toContain(parsed.escalationLevel);
      }),
    );
  });

  it('drop unknown states, bad levels and other junk', () => {
    expect(parseFilters('?state=sleeping&state=submitted&state=submitted&escalationLevel=9&overdue=1&assignee=bob&officeId=%3Cscript%3E')).toEqual({ state: ['submitted'] });
    expect(filtersToQuery({})).toBe('');
  });

  it('split a duration into days, hours and minutes, never less than a minute', () => {
    expect(durationParts(0)).toEqual({ days: 0, hours: 0, minutes: 1 });
    expect(durationParts(-(26 * 60 + 5) * 60_000)).toEqual({ days: 1, hours: 2, minutes: 5 });
  });
});
