import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, clock, isOfficeTime, karachiCalendar } from './business-calendar.js';
import { clockDueAt, clockMilestone, clockProgress, consumedMinutes, pauseClock, resumeClock, startClock } from './sla-clock.js';

// Pakistan time is UTC+5 all year: 09:00 PKT = 04:00Z, 17:00 PKT = 12:00Z.
const pkt = (local: string) => new Date(`${local}+05:00`);
const iso = (d: Date | null) => d?.toISOString() ?? null;
const plain = karachiCalendar([]);
// 2026-03-23 (Mon) Pakistan Day; Eid ul Fitr entered for 2026-03-20..22 (Fri-Sun) as a lunar holiday would be.
const withHolidays = karachiCalendar(['2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23']);

describe('business calendar', () => {
  it('adds minutes within one office day', () => {
    expect(iso(addBusinessMinutes(plain, pkt('2026-11-25T10:00:00'), 120))).toBe(iso(pkt('2026-11-25T12:00:00')));
  });

  it('carries what is left past closing time to the next morning', () => {
    expect(iso(addBusinessMinutes(plain, pkt('2026-11-25T16:00:00'), 120))).toBe(iso(pkt('2026-11-26T10:00:00')));
  });

  it('skips the weekend: Friday 16:00 + 2 hours is Monday 10:00', () => {
    expect(iso(addBusinessMinutes(plain, pkt('2026-11-27T16:00:00'), 120))).toBe(iso(pkt('2026-11-30T10:00:00')));
  });

  it('starts counting at opening time for a complaint filed at night or on a holiday', () => {
    expect(iso(addBusinessMinutes(plain, pkt('2026-11-25T22:30:00'), 60))).toBe(iso(pkt('2026-11-26T10:00:00')));
    expect(iso(addBusinessMinutes(withHolidays, pkt('2026-03-20T10:00:00'), 60))).toBe(iso(pkt('2026-03-24T10:00:00')));
  });

  it('skips public holidays, including lunar ones entered for the year', () => {
    // Thursday 19 March 16:00 + 2 hours: Eid (Fri), weekend, Pakistan Day (Mon) → Tuesday 24 March 10:00.
    expect(iso(addBusinessMinutes(withHolidays, pkt('2026-03-19T16:00:00'), 120))).toBe(iso(pkt('2026-03-24T10:00:00')));
  });

  it('reads the day in Pakistan time, not UTC: 02:00 PKT Monday is still Monday', () => {
    // 2026-11-30T02:00 PKT is Sunday 21:00 UTC.
    expect(iso(addBusinessMinutes(plain, pkt('2026-11-30T02:00:00'), 30))).toBe(iso(pkt('2026-11-30T09:30:00')));
  });

  it('counts business minutes between two instants, holidays excluded', () => {
    expect(businessMinutesBetween(plain, pkt('2026-11-27T16:00:00'), pkt('2026-11-30T10:00:00'))).toBe(120);
    expect(businessMinutesBetween(withHolidays, pkt('2026-03-19T09:00:00'), pkt('2026-03-24T17:00:00'))).toBe(16 * 60);
    expect(businessMinutesBetween(plain, pkt('2026-11-30T10:00:00'), pkt('2026-11-27T16:00:00'))).toBe(0);
  });

  it('knows office time', () => {
    expect(isOfficeTime(plain, pkt('2026-11-25T09:00:00'))).toBe(true);
    expect(isOfficeTime(plain, pkt('2026-11-25T17:00:00'))).toBe(false);
    expect(isOfficeTime(plain, pkt('2026-11-28T11:00:00'))).toBe(false);
  });

  it('refuses malformed hours and impossible additions', () => {
    expect(() => clock('9am')).toThrow(RangeError);
    expect(() => addBusinessMinutes(plain, new Date(), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(karachiCalendar([], Array(7).fill(null)), new Date(), 1)).toThrow(/no office hours/);
  });

  const instant = fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true });
  const holidaysArb = fc.uniqueArray(fc.date({ min: new Date('2024-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { maxLength: 40 });

  it('adding then measuring gives back the minutes added (any start, any holidays)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20_000 }), holidaysArb, (start, minutes, holidays) => {
        const calendar = karachiCalendar(holidays);
        const end = addBusinessMinutes(calendar, start, minutes);
        expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(Math.round(businessMinutesBetween(calendar, start, end) * 1000) / 1000).toBeCloseTo(minutes, 6);
      }),
    );
  });

  it('never lets a deadline fall outside office hours, except exactly at closing', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 20_000 }), holidaysArb, (start, minutes, holidays) => {
        const calendar = karachiCalendar(holidays);
        const due = addBusinessMinutes(calendar, start, minutes);
        const justBefore = new Date(due.getTime() - 1);
        expect(isOfficeTime(calendar, justBefore)).toBe(true);
      }),
    );
  });
});

describe('SLA clock', () => {
  it('falls due after the SLA days in business time', () => {
    const running = startClock(plain, pkt('2026-11-25T10:00:00'), 3);
    expect(iso(clockDueAt(plain, running))).toBe(iso(pkt('2026-11-30T10:00:00')));
  });

  it('stops while awaiting the citizen and resumes with what was left, across a holiday', () => {
    const started = startClock(withHolidays, pkt('2026-03-18T09:00:00'), 3); // Wed: due Mon 23 normally, but that is a holiday
    const paused = pauseClock(withHolidays, started, pkt('2026-03-19T09:00:00')); // one day used
    expect(clockDueAt(withHolidays, paused)).toBeNull();
    expect(consumedMinutes(withHolidays, paused, pkt('2026-03-30T09:00:00'))).toBe(480);
    const resumed = resumeClock(paused, pkt('2026-03-24T09:00:00')); // citizen answers after Eid and Pakistan Day
    expect(iso(clockDueAt(withHolidays, resumed))).toBe(iso(pkt('2026-03-25T17:00:00')));
  });

  it('treats pause and resume as idempotent', () => {
    const c = startClock(plain, pkt('2026-11-25T10:00:00'), 2);
    const p = pauseClock(plain, c, pkt('2026-11-25T12:00:00'));
    expect(pauseClock(plain, p, pkt('2026-11-26T12:00:00'))).toBe(p);
    expect(resumeClock(c, pkt('2026-11-26T12:00:00'))).toBe(c);
  });

  it('reports progress and the reminder milestones at 50% and 90%', () => {
    const c = startClock(plain, pkt('2026-11-25T09:00:00'), 2); // 960 minutes
    expect(clockProgress(plain, c, pkt('2026-11-25T17:00:00'))).toBe(0.5);
    expect(iso(clockMilestone(plain, c, 0.5))).toBe(iso(pkt('2026-11-25T17:00:00')));
    expect(iso(clockMilestone(plain, c, 0.9))).toBe(iso(pkt('2026-11-26T15:24:00')));
    expect(clockProgress(plain, c, pkt('2026-11-27T09:00:00'))).toBe(1);
  });

  it('never runs out earlier because of a pause, whatever the pause', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2028-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (start, days, pauseAfter, pauseFor) => {
          const c = startClock(plain, start, days);
          const pausedAt = new Date(start.getTime() + pauseAfter * 60_000);
          const resumed = resumeClock(pauseClock(plain, c, pausedAt), new Date(pausedAt.getTime() + pauseFor * 60_000));
          expect(clockDueAt(plain, resumed)!.getTime()).toBeGreaterThanOrEqual(clockDueAt(plain, c)!.getTime());
        },
      ),
    );
  });

  it('refuses an SLA of no days', () => {
    expect(() => startClock(plain, new Date(), 0)).toThrow(RangeError);
  });
});
