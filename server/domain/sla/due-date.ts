/**
 * First cut of the SLA deadline: N working days after submission on the Pakistan government's
 * Monday-to-Friday week, read in Asia/Karachi (UTC+5, no daylight saving). The business-hours calendar
 * with public holidays and pauses replaces this in the workflow issue; callers only see dueAt().
 */
const KARACHI_OFFSET_MS = 5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The moment a complaint submitted at `start` with an SLA of `slaDays` working days falls due. */
export function dueAt(start: Date, slaDays: number): Date {
  let local = start.getTime() + KARACHI_OFFSET_MS;
  let remaining = slaDays;
  while (remaining > 0) {
    local += DAY_MS;
    if (isWorkingDay(local)) remaining -= 1;
  }
  return new Date(local - KARACHI_OFFSET_MS);
}

function isWorkingDay(localMs: number): boolean {
  const weekday = new Date(localMs).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}
