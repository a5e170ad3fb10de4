/**
 * Training episodes from Ekhtyar's own history: each complaint's events replayed on the office calendar, one episode
 * per SLA clock (the first, and a fresh one at each escalation or reopening), seen at a quarter, half, three quarters
 * and 90 % of its budget and after every change of state while it ran. Pure: the rows come from the store.
 */
import type { BusinessCalendar } from '../../domain/sla/business-calendar.js';
import { addBusinessMinutes } from '../../domain/sla/business-calendar.js';
import { consumedMinutes, pauseClock, resumeClock, startClock, type SlaClock } from '../../domain/sla/sla-clock.js';
import { riskState, type RiskState } from './model.js';
import type { Episode, Snapshot } from './train.js';

/** One complaint's history as the store gives it. */
export interface ComplaintHistory {
  categoryId: string | null;
  createdAt: Date;
  slaDays: number;
  /** Its events in order (type, time, payload). */
  events: { type: string; at: Date; payload: Record<string, unknown> }[];
}

/** Open complaints per officer of an office at a moment. */
export type LoadAt = (officeId: string | null, at: number) => number;

const MILESTONES = [0.25, 0.5, 0.75, 0.9];
// The office is done with the clock: resolution or a closure the office or citizen made.
const DONE = new Set(['resolved', 'rejected', 'withdrawn', 'merged_as_duplicate', 'closed_no_response', 'citizen_satisfied']);
const REOPEN = new Set(['citizen_not_satisfied', 'contested']);
const STATE_OF: Record<string, string> = {
  routed: 'assigned',
  office_assigned: 'assigned',
  transferred: 'assigned',
  triaged: 'triage',
  acknowledged: 'in_progress',
  information_requested: 'awaiting_citizen',
  information_provided: 'in_progress',
};

interface Running {
  clock: SlaClock;
  startedAt: number;
  level: number;
  reopened: number;
  snapshots: Snapshot[];
  next: number;
}

/**
 * The episodes of one complaint up to `now`. A clock still running at `now` with time left is left out (its
 * outcome is not known yet); one whose deadline passed is a breach even if no sweep escalated it.
 */
export function episodesOf(history: ComplaintHistory, calendar: BusinessCalendar, now: Date, loadAt: LoadAt): Episode[] {
  const episodes: Episode[] = [];
  let state: RiskState | 'done' = 'other';
  let office: string | null = null;
  let level = 0;
  let reopened = 0;
  let run: Running | null = start(calendar, history.createdAt, history.slaDays, 0, 0);
  const end = (breached: boolean) => {
    if (run) episodes.push({ startedAt: run.startedAt, categoryId: history.categoryId, officeId: office, escalationLevel: run.level, reopenedCount: run.reopened, breached, snapshots: run.snapshots });
    run = null;
  };
  // Milestones passed before `at`; a clock that ran out before `at` ends as a breach.
  const advance = (at: Date) => {
    if (!run || run.clock.pausedAt || state === 'done') return;
    const used = consumedMinutes(calendar, run.clock, at);
    for (; run.next < MILESTONES.length && MILESTONES[run.next]! * run.clock.budgetMinutes <= used; run.next++) {
      const share = MILESTONES[run.next]!;
      const when = addBusinessMinutes(calendar, run.clock.startedAt, share * run.clock.budgetMinutes - run.clock.consumedMinutes);
      run.snapshots.push(snapshot(run, share * run.clock.budgetMinutes, state, office, when.getTime(), loadAt));
    }
    if (used >= run.clock.budgetMinutes) end(true);
  };
  for (const event of history.events) {
    advance(event.at);
    const type = event.type;
    if (type === 'escalated' || type === 'sla_breached') {
      end(true);
      level = Math.min(3, level + 1);
      if (type === 'escalated' && state !== 'done') run = start(calendar, event.at, history.slaDays, level, reopened);
    } else if (DONE.has(type)) {
      end(false);
      state = 'done';
    } else if (REOPEN.has(type)) {
      end(false);
      reopened += 1;
      level = Math.min(3, level + 1);
      state = 'assigned';
      run = start(calendar, event.at, history.slaDays, level, reopened);
    }
    const next = STATE_OF[type];
    if (next && state !== 'done') state = riskState(next);
    if (type === 'routed' || type === 'office_assigned') office = stringOr(event.payload.officeId, office);
    if (type === 'transferred') office = stringOr(event.payload.toOfficeId, office);
    if (run && type === 'information_requested') run.clock = pauseClock(calendar, run.clock, event.at);
    if (run && type === 'information_provided') run.clock = resumeClock(run.clock, event.at);
    if (run && state !== 'done' && next) {
      run.snapshots.push(snapshot(run, consumedMinutes(calendar, run.clock, event.at), state, office, event.at.getTime(), loadAt));
    }
  }
  advance(now);
  // Still running with time left: not yet known. Paused at `now`: not known either.
  return episodes;
}

function start(calendar: BusinessCalendar, at: Date, slaDays: number, level: number, reopened: number): Running {
  return { clock: startClock(calendar, at, slaDays), startedAt: at.getTime(), level, reopened, snapshots: [], next: 0 };
}

function snapshot(run: Running, used: number, state: RiskState, office: string | null, at: number, loadAt: LoadAt): Snapshot {
  const budget = run.clock.budgetMinutes;
  return { slaUsed: budget === 0 ? 1 : used / budget, remainingHours: Math.max(0, budget - used) / 60, state, officeLoadPerOfficer: loadAt(office, at) };
}

function stringOr(value: unknown, fallback: string | null): string | null {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/** Until when a complaint sat on an office's desk: its first resolution or closure, else `now`. */
export function openUntil(history: ComplaintHistory, now: Date): number {
  return history.events.find((e) => DONE.has(e.type))?.at.getTime() ?? now.getTime();
}

/**
 * Open complaints per officer of each office at any moment, from intervals (when each complaint was open, in
 * which office); `officers` is today's count per office (history of staffing is not kept), at least 1.
 */
export function openLoad(intervals: readonly { officeId: string | null; from: number; to: number }[], officers: (officeId: string) => number): LoadAt {
  const byOffice = new Map<string, { starts: number[]; ends: number[] }>();
  for (const i of intervals) {
    if (i.officeId === null) continue;
    const o = byOffice.get(i.officeId) ?? { starts: [], ends: [] };
    o.starts.push(i.from);
    o.ends.push(i.to);
    byOffice.set(i.officeId, o);
  }
  for (const o of byOffice.values()) {
    o.starts.sort((a, b) => a - b);
    o.ends.sort((a, b) => a - b);
  }
  return (officeId, at) => {
    const o = officeId === null ? undefined : byOffice.get(officeId);
    if (!o || officeId === null) return 0;
    return Math.max(0, countAtMost(o.starts, at) - countAtMost(o.ends, at)) / Math.max(1, officers(officeId));
  };
}

// How many sorted values are ≤ x (binary search).
function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
