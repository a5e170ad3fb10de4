import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alarmBits, dueAlarm, nextAlarm } from './alarms.js';
import { karachiCalendar } from './business-calendar.js';
import { pauseClock, startClock } from './sla-clock.js';

const calendar = karachiCalendar([]);
const pkt = (local: string) => new Date(`${local}+05:00`);
const clock = startClock(calendar, pkt('2026-11-25T09:00:00'), 2); // 16 office hours: due Thursday 17:00

describe('SLA alarms', () => {
  it('goes off at 50%, then 90%, then the breach', () => {
    expect(nextAlarm(calendar, clock, 0)).toEqual({ kind: 'reminder_50', at: pkt('2026-11-25T17:00:00') });
    expect(nextAlarm(calendar, clock, 1)).toEqual({ kind: 'reminder_90', at: pkt('2026-11-26T15:24:00') });
    expect(nextAlarm(calendar, clock, 3)).toEqual({ kind: 'breach', at: pkt('2026-11-26T17:00:00') });
  });

  it('sends only the latest reminder a late sweep finds, and escalates rather than reminds once overdue', () => {
    expect(dueAlarm(calendar, clock, 0, pkt('2026-11-25T12:00:00'))).toBeNull();
    expect(dueAlarm(calendar, clock, 0, pkt('2026-11-26T10:00:00'))).toBe('reminder_50');
    expect(dueAlarm(calendar, clock, 0, pkt('2026-11-26T16:00:00'))).toBe('reminder_90');
    expect(dueAlarm(calendar, clock, 1, pkt('2026-11-26T16:00:00'))).toBe('reminder_90');
    expect(dueAlarm(calendar, clock, 3, pkt('2026-11-26T16:00:00'))).toBeNull();
    expect(dueAlarm(calendar, clock, 0, pkt('2026-11-27T09:00:00'))).toBe('breach');
    expect(alarmBits('reminder_90')).toBe(3);
  });

  it('raises nothing while the clock is paused', () => {
    const paused = pauseClock(calendar, clock, pkt('2026-11-25T10:00:00'));
    expect(nextAlarm(calendar, paused, 0)).toBeNull();
    expect(dueAlarm(calendar, paused, 0, pkt('2027-01-01T10:00:00'))).toBeNull();
  });

  // Reminder bits only ever hold 0, 1 (50% sent) or 3 (both): alarmBits settles earlier reminders with later ones.
  it('never has an alarm due before the next alarm time', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 3), fc.integer({ min: 0, max: 20 * 24 * 60 }), (sent, minutes) => {
        const now = new Date(clock.startedAt.getTime() + minutes * 60_000);
        const next = nextAlarm(calendar, clock, sent)!;
        const due = dueAlarm(calendar, clock, sent, now);
        if (now.getTime() < next.at.getTime()) expect(due).toBeNull();
        else expect(due).not.toBeNull();
      }),
    );
  });
});
