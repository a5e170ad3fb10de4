import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueFeedbackAlarm, nextFeedbackAlarm } from './feedback.js';

const resolvedAt = new Date('2026-11-02T10:00:00Z');
const day = (n: number) => new Date(resolvedAt.getTime() + n * 24 * 3600 * 1000);
const close = { closeAfterDays: 10 };
const wait = { closeAfterDays: null };

describe('waiting for the citizen after a resolution', () => {
  it('reminds after 2 and 5 days, then closes as no response when the policy says so', () => {
    expect(nextFeedbackAlarm(resolvedAt, 0, close)).toEqual({ kind: 'feedback_reminder', at: day(2) });
    expect(nextFeedbackAlarm(resolvedAt, 4, close)).toEqual({ kind: 'feedback_reminder', at: day(5) });
    expect(nextFeedbackAlarm(resolvedAt, 12, close)).toEqual({ kind: 'close_no_response', at: day(10) });
  });

  it('keeps waiting after the reminders when the policy says wait', () => {
    expect(nextFeedbackAlarm(resolvedAt, 12, wait)).toBeNull();
    expect(dueFeedbackAlarm(resolvedAt, 12, wait, day(400))).toBeNull();
  });

  it('sends one reminder when a late sweep finds both due, and never closes before the last reminder', () => {
    expect(dueFeedbackAlarm(resolvedAt, 0, close, day(1))).toBeNull();
    expect(dueFeedbackAlarm(resolvedAt, 0, close, day(3))).toEqual({ kind: 'feedback_reminder', sent: 4 });
    expect(dueFeedbackAlarm(resolvedAt, 0, close, day(6))).toEqual({ kind: 'feedback_reminder', sent: 12 });
    expect(dueFeedbackAlarm(resolvedAt, 0, close, day(11))).toEqual({ kind: 'close_no_response', sent: 12 });
    expect(nextFeedbackAlarm(resolvedAt, 12, { closeAfterDays: 1 })?.at).toEqual(day(5));
  });

  it('never closes earlier than it would have reminded twice, whatever the policy and the clock', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }), (after, closeAfterDays) => {
        const due = dueFeedbackAlarm(resolvedAt, 0, { closeAfterDays }, day(after));
        if (due?.kind === 'close_no_response') expect(after).toBeGreaterThanOrEqual(5);
        if (after < 2) expect(due).toBeNull();
      }),
    );
  });
});
