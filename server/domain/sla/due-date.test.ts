import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAt } from './due-date.js';

describe('dueAt', () => {
  it('counts working days, skipping the weekend in Pakistan time', () => {
    // Thursday 10:00 PKT + 3 working days = Tuesday 10:00 PKT.
    expect(dueAt(new Date('2026-11-26T05:00:00Z'), 3).toISOString()).toBe('2026-12-01T05:00:00.000Z');
  });

  it('reads the weekday in Asia/Karachi, not UTC: Friday 23:00 PKT is still Friday', () => {
    // Friday 23:00 PKT = Friday 18:00 UTC; +1 working day = Monday 23:00 PKT.
    expect(dueAt(new Date('2026-11-27T18:00:00Z'), 1).toISOString()).toBe('2026-11-30T18:00:00.000Z');
  });

  it('never falls due on a weekend and is always later than the start', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 30 }), (start, days) => {
        const due = dueAt(start, days);
        const weekday = new Date(due.getTime() + 5 * 3600 * 1000).getUTCDay();
        expect(weekday).not.toBe(0);
        expect(weekday).not.toBe(6);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
        expect(due.getTime() - start.getTime()).toBeLessThanOrEqual(days * 24 * 3600 * 1000 * 2 + 4 * 24 * 3600 * 1000);
      }),
    );
  });
});
