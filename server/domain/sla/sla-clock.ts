import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './business-calendar.js';

/**
 * A complaint's SLA clock: a budget of business minutes that runs while the office holds the complaint and
 * stops while it waits on the citizen. Reopening or escalating starts a new clock with a fresh budget.
 */
export interface SlaClock {
  /** Business minutes allowed (SLA days × the calendar's minutes per day). */
  budgetMinutes: number;
  /** When the clock last started or resumed. */
  startedAt: Date;
  /** Business minutes used before startedAt (earlier runs, before a pause). */
  consumedMinutes: number;
  /** Set while paused (awaiting the citizen). */
  pausedAt: Date | null;
}

/** A new clock of `slaDays` business days, starting at `at`. */
export function startClock(calendar: BusinessCalendar, at: Date, slaDays: number): SlaClock {
  if (!Number.isFinite(slaDays) || slaDays <= 0) throw new RangeError(`an SLA of ${slaDays} days is not possible`);
  return { budgetMinutes: Math.round(slaDays * calendar.minutesPerDay), startedAt: at, consumedMinutes: 0, pausedAt: null };
}

/** Business minutes used so far (up to `at`, or up to the pause). */
export function consumedMinutes(calendar: BusinessCalendar, clock: SlaClock, at: Date): number {
  const end = clock.pausedAt ?? at;
  return clock.consumedMinutes + businessMinutesBetween(calendar, clock.startedAt, end);
}

/** When the clock runs out; null while it is paused (no deadline runs while the citizen is asked). */
export function clockDueAt(calendar: BusinessCalendar, clock: SlaClock): Date | null {
  if (clock.pausedAt) return null;
  return addBusinessMinutes(calendar, clock.startedAt, Math.max(0, clock.budgetMinutes - clock.consumedMinutes));
}

/** Stops the clock at `at`; pausing a paused clock changes nothing. */
export function pauseClock(calendar: BusinessCalendar, clock: SlaClock, at: Date): SlaClock {
  if (clock.pausedAt) return clock;
  return { ...clock, consumedMinutes: consumedMinutes(calendar, clock, at), startedAt: at, pausedAt: at };
}

/** Starts a paused clock again at `at` with what was left of its budget; a running clock is unchanged. */
export function resumeClock(clock: SlaClock, at: Date): SlaClock {
  if (!clock.pausedAt) return clock;
  return { ...clock, startedAt: at, pausedAt: null };
}

/** The share of the budget used at `at` (0.5 = half; above 1 = breached); reminders fire at 0.5 and 0.9. */
export function clockProgress(calendar: BusinessCalendar, clock: SlaClock, at: Date): number {
  return clock.budgetMinutes === 0 ? 1 : consumedMinutes(calendar, clock, at) / clock.budgetMinutes;
}

/** The instant the clock reaches a share of its budget (e.g. 0.5 for the first reminder); null while paused. */
export function clockMilestone(calendar: BusinessCalendar, clock: SlaClock, share: number): Date | null {
  if (clock.pausedAt) return null;
  const target = Math.ceil(clock.budgetMinutes * share) - clock.consumedMinutes;
  return addBusinessMinutes(calendar, clock.startedAt, Math.max(0, target));
}

/** What a lifecycle transition does to the clock (the flags of a lifecycle decision). */
export interface ClockEffect {
  pausesSla: boolean;
  resumesSla: boolean;
  reopened: boolean;
}

/**
 * The clock after a transition: a reopened complaint gets a fresh budget from now (each escalation level its
 * own deadline), waiting on the citizen pauses it, their answer resumes it; anything else leaves it running.
 */
export function clockAfter(calendar: BusinessCalendar, clock: SlaClock | null, effect: ClockEffect, slaDays: number, at: Date): SlaClock {
  if (effect.reopened || clock === null) return startClock(calendar, at, slaDays);
  if (effect.pausesSla) return pauseClock(calendar, clock, at);
  if (effect.resumesSla) return resumeClock(clock, at);
  return clock;
}
