import type { BusinessCalendar } from './business-calendar.js';
import { clockDueAt, clockMilestone, type SlaClock } from './sla-clock.js';

/** What the SLA sweep does for a complaint: remind the assignee at 50% and 90% of the budget, escalate at breach. */
export type SlaAlarm = 'reminder_50' | 'reminder_90' | 'breach';

const REMINDERS = [
  { kind: 'reminder_50', share: 0.5, bit: 1 },
  { kind: 'reminder_90', share: 0.9, bit: 2 },
] as const;

/** States in which the office holds the complaint and its clock runs (awaiting the citizen pauses it). */
export const SLA_RUNNING_STATES: readonly string[] = ['triage', 'assigned', 'in_progress'];

/** The reminder bits an alarm settles: its own and every earlier reminder's (a 90% reminder makes a missed 50% one moot). */
export function alarmBits(alarm: SlaAlarm): number {
  let bits = 0;
  for (const reminder of REMINDERS) {
    bits |= reminder.bit;
    if (reminder.kind === alarm) return bits;
  }
  return 0;
}

/** The next alarm of a running clock and when it goes off; null while paused. `sent` holds the reminder bits already sent. */
export function nextAlarm(calendar: BusinessCalendar, clock: SlaClock, sent: number): { kind: SlaAlarm; at: Date } | null {
  if (clock.pausedAt) return null;
  for (const reminder of REMINDERS) {
    if ((sent & reminder.bit) === 0) {
      const at = clockMilestone(calendar, clock, reminder.share);
      if (at) return { kind: reminder.kind, at };
    }
  }
  const due = clockDueAt(calendar, clock);
  return due ? { kind: 'breach', at: due } : null;
}

/**
 * The alarm that has gone off by `now`, at most one: a breach wins over reminders a late sweep missed (an
 * overdue complaint is escalated, not reminded about), otherwise the latest reminder passed and not yet sent.
 */
export function dueAlarm(calendar: BusinessCalendar, clock: SlaClock, sent: number, now: Date): SlaAlarm | null {
  if (clock.pausedAt) return null;
  const due = clockDueAt(calendar, clock);
  if (due && due.getTime() <= now.getTime()) return 'breach';
  for (const reminder of [...REMINDERS].reverse()) {
    if ((sent & reminder.bit) !== 0) return null;
    const at = clockMilestone(calendar, clock, reminder.share);
    if (at && at.getTime() <= now.getTime()) return reminder.kind;
  }
  return null;
}
