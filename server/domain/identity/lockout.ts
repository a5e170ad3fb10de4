/** After this many wrong passwords in a row the account locks for a while. */
export const LOCKOUT_THRESHOLD = 5;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 60 * 60_000;

/**
 * How long the account stays locked after `failedAttempts` wrong passwords in a row: nothing below the threshold,
 * then one minute, doubling with each further failure up to an hour. An attacker gets a handful of guesses an hour;
 * an officer who mistypes gets a minute's pause, and an administrator can unlock at once.
 */
export function lockDurationMs(failedAttempts: number): number {
  if (failedAttempts < LOCKOUT_THRESHOLD) return 0;
  const doublings = Math.min(failedAttempts - LOCKOUT_THRESHOLD, 30);
  return Math.min(FIRST_LOCK_MS * 2 ** doublings, LONGEST_LOCK_MS);
}

/** The lock's end after a failure that brought the count to `failedAttempts`, or null when not locked. */
export function lockedUntil(failedAttempts: number, now: Date): Date | null {
  const ms = lockDurationMs(failedAttempts);
  return ms === 0 ? null : new Date(now.getTime() + ms);
}
