import { chainEvent } from '../domain/audit/event-hash.js';
import { decide, type EscalationLevel } from '../domain/lifecycle/index.js';
import { SLA_RUNNING_STATES, alarmBits, dueAlarm, nextAlarm, type SlaAlarm } from '../domain/sla/alarms.js';
import type { BusinessCalendar } from '../domain/sla/business-calendar.js';
import { dueFeedbackAlarm, nextFeedbackAlarm, type FeedbackPolicy } from '../domain/sla/feedback.js';
import { clockDueAt, startClock, type SlaClock } from '../domain/sla/sla-clock.js';
import { insertOutbox, type EventRow } from '../store/complaint-intake.repository.js';
import type { ComplaintRecord, ComplaintRepository, ComplaintUpdate } from '../store/complaint.repository.js';
import { withTransaction, type Db } from '../store/db.js';
import { snapshotOf } from './lifecycle.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** Categories without an SLA (older rows) run on the KP target's upper end. */
export const DEFAULT_SLA_DAYS = 7;

/** The complaints-row columns that hold a clock: the clock itself, its deadline and the sweep's next alarm. */
export function slaColumns(calendar: BusinessCalendar, clock: SlaClock, state: string, alarmsSent: number, feedback?: { resolvedAt: Date | null; policy: FeedbackPolicy }) {
  return {
    dueAt: clockDueAt(calendar, clock),
    slaBudgetMinutes: clock.budgetMinutes,
    slaStartedAt: clock.startedAt,
    slaConsumedMinutes: clock.consumedMinutes,
    slaPausedAt: clock.pausedAt,
    slaAlarmAt: alarmAt(calendar, clock, state, alarmsSent, feedback),
    slaAlarmsSent: alarmsSent,
  };
}

// A running clock raises SLA alarms; a resolved complaint raises the feedback reminders; the rest wait quietly.
function alarmAt(calendar: BusinessCalendar, clock: SlaClock, state: string, sent: number, feedback?: { resolvedAt: Date | null; policy: FeedbackPolicy }): Date | null {
  if (SLA_RUNNING_STATES.includes(state)) return nextAlarm(calendar, clock, sent)?.at ?? null;
  if (state === 'resolved' && feedback?.resolvedAt) return nextFeedbackAlarm(feedback.resolvedAt, sent, feedback.policy)?.at ?? null;
  return null;
}

/** The clock stored on a complaint row, or null for rows that never had one. */
export function storedClock(c: ComplaintRecord): SlaClock | null {
  if (c.slaBudgetMinutes === null || c.slaStartedAt === null) return null;
  return { budgetMinutes: c.slaBudgetMinutes, startedAt: c.slaStartedAt, consumedMinutes: c.slaConsumedMinutes, pausedAt: c.slaPausedAt };
}

/** What one sweep did. */
export interface SweepResult {
  reminded: number;
  escalated: number;
  exhausted: number;
  /** Citizens reminded to say whether they are satisfied. */
  askedForFeedback: number;
  /** Resolved complaints closed as closed_no_response under the policy. */
  closedNoResponse: number;
}

/**
 * The escalation sweep: finds complaints whose SLA alarm has gone off and, for each, in the same transaction
 * as the lock that claims it, sends the 50% or 90% reminder or, at breach, escalates one level with a fresh
 * deadline. A sweep killed midway rolls back its open batch; committed batches are done and not redone, so a
 * restarted sweep loses and repeats nothing.
 */
export class SlaService {
  constructor(
    private readonly db: Db,
    private readonly reference: ReferenceDataService,
    private readonly complaints: ComplaintRepository,
    private readonly feedbackPolicy: FeedbackPolicy,
  ) {}

  /** Handles every alarm due by `now`, `batchSize` complaints per transaction. */
  async sweep(now = new Date(), options: { batchSize?: number; afterEach?: (complaintId: string) => void } = {}): Promise<SweepResult> {
    const result: SweepResult = { reminded: 0, escalated: 0, exhausted: 0, askedForFeedback: 0, closedNoResponse: 0 };
    const calendar = (await this.reference.current()).calendar;
    for (;;) {
      const handled = await withTransaction(this.db, async (tx) => {
        const due = await this.complaints.lockDueAlarms(tx, now, options.batchSize ?? 500);
        const writes: Write[] = [];
        for (const complaint of due) {
          const outcome = this.handle(writes, calendar, complaint, now);
          if (outcome) result[outcome] += 1;
          options.afterEach?.(complaint.id);
        }
        // The whole batch in three statements: the rows, their events, their outbox messages.
        await this.complaints.applyTransitions(tx, writes);
        const outbox = writes.flatMap((w) => (w.event ? [{ topic: `complaint.${w.event.type}`, complaintId: w.complaintId, payload: { complaintId: w.complaintId, seq: w.event.seq, ...w.event.payload } }] : []));
        if (outbox.length > 0) await insertOutbox(tx, outbox);
        return due.length;
      });
      if (handled === 0) return result;
    }
  }

  private handle(writes: Write[], calendar: BusinessCalendar, c: ComplaintRecord, now: Date): keyof SweepResult | null {
    const clock = storedClock(c) ?? startClock(calendar, c.createdAt, c.slaDays ?? DEFAULT_SLA_DAYS);
    if (c.state === 'resolved') return this.awaitFeedback(writes, calendar, c, clock, now);
    const alarm = SLA_RUNNING_STATES.includes(c.state) ? dueAlarm(calendar, clock, c.slaAlarmsSent, now) : null;
    if (!alarm) {
      // A stale alarm (the clock moved since it was set): set the right one and move on.
      this.write(writes, c, { ...slaColumns(calendar, clock, c.state, c.slaAlarmsSent) }, null, now);
      return null;
    }
    if (alarm !== 'breach') {
      const sent = c.slaAlarmsSent | alarmBits(alarm);
      this.write(writes, c, slaColumns(calendar, clock, c.state, sent), { type: 'sla_reminder', payload: { alarm, dueAt: clockDueAt(calendar, clock)?.toISOString() ?? null } }, now);
      return 'reminded';
    }
    return this.escalate(writes, calendar, c, clock, now);
  }

  private escalate(writes: Write[], calendar: BusinessCalendar, c: ComplaintRecord, clock: SlaClock, now: Date): keyof SweepResult {
    const decision = decide(snapshotOf(c), { type: 'escalate' }, { role: 'system' });
    if (!decision.ok) {
      // The provincial monitor already holds it: record the breach once and stop raising alarms for this clock.
      this.write(writes, c, { ...slaColumns(calendar, clock, c.state, c.slaAlarmsSent), slaAlarmAt: null }, { type: 'sla_breached', payload: { level: c.escalationLevel } }, now);
      return 'exhausted';
    }
    // Each level gets its own new deadline: a fresh clock of the category's SLA from now.
    const fresh = startClock(calendar, now, c.slaDays ?? DEFAULT_SLA_DAYS);
    const columns = slaColumns(calendar, fresh, decision.state, 0);
    this.write(writes, { ...c, escalationLevel: decision.escalationLevel }, columns, {
      type: decision.eventType,
      payload: { fromLevel: c.escalationLevel, toLevel: decision.escalationLevel as EscalationLevel, dueAt: columns.dueAt?.toISOString() ?? null },
    }, now);
    return 'escalated';
  }

  // The citizen has not answered a resolution: remind them (2 and 5 days), then apply the no-response policy.
  private awaitFeedback(writes: Write[], calendar: BusinessCalendar, c: ComplaintRecord, clock: SlaClock, now: Date): keyof SweepResult | null {
    const feedback = { resolvedAt: c.resolvedAt ?? c.updatedAt, policy: this.feedbackPolicy };
    const due = dueFeedbackAlarm(feedback.resolvedAt, c.slaAlarmsSent, this.feedbackPolicy, now);
    if (!due) {
      this.write(writes, c, slaColumns(calendar, clock, c.state, c.slaAlarmsSent, feedback), null, now);
      return null;
    }
    if (due.kind === 'feedback_reminder') {
      this.write(writes, c, slaColumns(calendar, clock, c.state, due.sent, feedback), { type: 'feedback_reminder', payload: { resolvedAt: feedback.resolvedAt.toISOString() } }, now);
      return 'askedForFeedback';
    }
    const decision = decide(snapshotOf(c), { type: 'close_no_response' }, { role: 'system' });
    if (!decision.ok) throw new Error(`no-response closure refused: ${decision.message}`);
    const columns = { ...slaColumns(calendar, clock, decision.state, due.sent), slaAlarmAt: null };
    this.write(writes, { ...c, state: decision.state, closedAt: now }, columns, { type: decision.eventType, payload: { resolvedAt: feedback.resolvedAt.toISOString() }, visibility: 'public' }, now);
    return 'closedNoResponse';
  }

  private write(
    writes: Write[],
    c: ComplaintRecord,
    columns: ReturnType<typeof slaColumns>,
    event: { type: string; payload: Record<string, unknown>; visibility?: 'public' | 'internal' } | null,
    now: Date,
  ) {
    const recorded = event
      ? chainEvent(
          { complaintId: c.id, eventCount: c.eventCount, lastEventHash: c.lastEventHash },
          { type: event.type, actorRole: 'system', actorId: 'sla', visibility: event.visibility ?? 'internal', payload: event.payload, createdAt: now },
        )
      : null;
    const update: ComplaintUpdate = {
      state: c.state,
      escalationLevel: c.escalationLevel,
      outcome: c.outcome,
      closedAt: c.closedAt,
      resolvedAt: c.resolvedAt,
      feedbackRating: c.feedbackRating,
      updatedAt: recorded ? now : c.updatedAt,
      eventCount: recorded?.seq ?? c.eventCount,
      lastEventHash: recorded?.hash ?? c.lastEventHash,
      ...columns,
    };
    // The assignee (reminders) or the next level up (escalations) hears of it through the outbox.
    writes.push({ complaintId: c.id, update, event: recorded });
  }
}

/** One complaint's part of a sweep batch. */
type Write = { complaintId: string; update: ComplaintUpdate; event: EventRow | null };

export type { SlaAlarm };
