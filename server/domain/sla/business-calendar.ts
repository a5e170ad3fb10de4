/**
 * Business time for SLA clocks: office hours on working days, minus public holidays, read in one fixed-offset
 * time zone (Asia/Karachi is UTC+5 all year, no daylight saving). Pure arithmetic on instants; a citizen
 * abroad sees deadlines in their own zone, but the clock always runs on the office's calendar.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Ten years of days: an SLA that does not fit means the calendar has no working time at all. */
const MAX_DAYS_SEARCHED = 3660;

/** Office hours of one weekday, in minutes after local midnight; null for a day off. */
export type DayHours = { open: number; close: number } | null;

/** A working calendar: weekly hours, holidays, and the zone they are read in. */
export interface BusinessCalendar {
  /** Minutes east of UTC of the office's zone (Asia/Karachi: 300). */
  utcOffsetMinutes: number;
  /** Hours for Sunday (0) … Saturday (6). */
  week: readonly DayHours[];
  /** Local dates (YYYY-MM-DD) with no office hours: public holidays, including lunar ones entered per year. */
  holidays: ReadonlySet<string>;
  /** Minutes in one "SLA day" (a category's SLA of 3 days = 3 × this many business minutes). */
  minutesPerDay: number;
}

const hours = (open: string, close: string): DayHours => ({ open: clock(open), close: clock(close) });

/** The Khyber Pakhtunkhwa government week: Monday to Friday, 09:00 to 17:00 Pakistan time. */
export const KP_WEEK: readonly DayHours[] = [null, hours('09:00', '17:00'), hours('09:00', '17:00'), hours('09:00', '17:00'), hours('09:00', '17:00'), hours('09:00', '17:00'), null];

/** A calendar in Asia/Karachi with the given week and holidays; an SLA day is 8 office hours. */
export function karachiCalendar(holidays: Iterable<string>, week: readonly DayHours[] = KP_WEEK): BusinessCalendar {
  return { utcOffsetMinutes: 300, week, holidays: new Set(holidays), minutesPerDay: 8 * 60 };
}

/** "HH:MM" → minutes after midnight; throws on anything else. */
export function clock(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a time of day (HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The office window of the local day starting at `dayStartLocal` (ms), as local ms, or null if closed. */
function windowOf(calendar: BusinessCalendar, dayStartLocal: number): [number, number] | null {
  const day = calendar.week[new Date(dayStartLocal).getUTCDay()];
  if (!day || day.close <= day.open) return null;
  if (calendar.holidays.has(new Date(dayStartLocal).toISOString().slice(0, 10))) return null;
  return [dayStartLocal + day.open * MINUTE, dayStartLocal + day.close * MINUTE];
}

/** The instant `minutes` business minutes after `start` (office time only; start may fall outside office hours). */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`cannot add ${minutes} business minutes`);
  const offset = calendar.utcOffsetMinutes * MINUTE;
  let cursor = start.getTime() + offset;
  let remaining = minutes * MINUTE;
  let dayStart = Math.floor(cursor / DAY) * DAY;
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, dayStart += DAY) {
    const window = windowOf(calendar, dayStart);
    if (!window) continue;
    const from = Math.max(cursor, window[0]);
    const available = window[1] - from;
    if (available <= 0) continue;
    if (remaining <= available) return new Date(from + remaining - offset);
    remaining -= available;
    cursor = window[1];
  }
  throw new RangeError('the calendar has no office hours within ten years');
}

/** Business minutes between two instants (0 if `to` is not after `from`). */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const offset = calendar.utcOffsetMinutes * MINUTE;
  const start = from.getTime() + offset;
  const end = to.getTime() + offset;
  if (end <= start) return 0;
  let total = 0;
  for (let dayStart = Math.floor(start / DAY) * DAY; dayStart < end; dayStart += DAY) {
    const window = windowOf(calendar, dayStart);
    if (!window) continue;
    total += Math.max(0, Math.min(end, window[1]) - Math.max(start, window[0]));
  }
  return total / MINUTE;
}

/** True when the instant falls inside office hours. */
export function isOfficeTime(calendar: BusinessCalendar, at: Date): boolean {
  const local = at.getTime() + calendar.utcOffsetMinutes * MINUTE;
  const window = windowOf(calendar, Math.floor(local / DAY) * DAY);
  return window !== null && local >= window[0] && local < window[1];
}
