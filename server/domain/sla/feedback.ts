/**
 * Waiting on the citizen's answer after a resolution: reminders after 2 and 5 days (calendar days: citizens are
 * not bound to office hours), then either keep waiting or close as closed_no_response, as the province decides.
 */
export type FeedbackAlarm = 'feedback_reminder' | 'close_no_response';

/** Days after the resolution at which the citizen is reminded to answer. */
export const FEEDBACK_REMINDER_DAYS = [2, 5] as const;

/** The no-answer policy: close this many days after the resolution, or null to keep waiting. */
export interface FeedbackPolicy {
  closeAfterDays: number | null;
}

/** Bits of sla_alarms_sent used while resolved (kept apart from the SLA reminder bits 1 and 2). */
const REMINDER_BITS = [4, 8] as const;
const DAY = 24 * 60 * 60 * 1000;

/** The next feedback alarm and when it goes off; null when nothing more will happen. */
export function nextFeedbackAlarm(resolvedAt: Date, sent: number, policy: FeedbackPolicy): { kind: FeedbackAlarm; at: Date } | null {
  for (const [i, days] of FEEDBACK_REMINDER_DAYS.entries()) {
    if ((sent & REMINDER_BITS[i]!) === 0) return { kind: 'feedback_reminder', at: new Date(resolvedAt.getTime() + days * DAY) };
  }
  if (policy.closeAfterDays === null) return null;
  const lastReminder = FEEDBACK_REMINDER_DAYS[FEEDBACK_REMINDER_DAYS.length - 1] ?? 0;
  return { kind: 'close_no_response', at: new Date(resolvedAt.getTime() + Math.max(policy.closeAfterDays, lastReminder) * DAY) };
}

/** The alarm due at `now` and the reminder bits it settles (a late sweep sends one reminder, not two). */
export function dueFeedbackAlarm(resolvedAt: Date, sent: number, policy: FeedbackPolicy, now: Date): { kind: FeedbackAlarm; sent: number } | null {
  let bits = sent;
  let due: FeedbackAlarm | null = null;
  for (;;) {
    const next = nextFeedbackAlarm(resolvedAt, bits, policy);
    if (!next || next.at.getTime() > now.getTime()) break;
    due = next.kind;
    if (next.kind === 'close_no_response') break;
    bits |= REMINDER_BITS.find((bit) => (bits & bit) === 0) ?? 0;
  }
  return due ? { kind: due, sent: bits } : null;
}
