/** How long a sign-in code may be used after it is sent. */
export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;

/** Wrong tries a code survives; the next wrong one deletes it, and only a new code helps. */
export const SIGN_IN_CODE_MAX_ATTEMPTS = 5;

/** What a stored code's times and tries say about it now. */
export type SignInCodeStatus = 'usable' | 'expired' | 'exhausted';

/** Whether a stored code may still be tried at `now`. */
export function signInCodeStatus(code: { expiresAt: Date; attempts: number }, now: Date): SignInCodeStatus {
  if (now.getTime() >= code.expiresAt.getTime()) return 'expired';
  if (code.attempts >= SIGN_IN_CODE_MAX_ATTEMPTS) return 'exhausted';
  return 'usable';
}

/** True when one more wrong try uses the code up (so it is deleted rather than counted). */
export function wrongTryExhausts(attemptsSoFar: number): boolean {
  return attemptsSoFar + 1 >= SIGN_IN_CODE_MAX_ATTEMPTS;
}

/** The start of the fixed window `now` falls in (windows are aligned to the Unix epoch, so every process agrees). */
export function windowStart(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Seconds until the window that started at `start` ends: the Retry-After of a refusal. */
export function secondsLeftInWindow(start: Date, windowMs: number, now: Date): number {
  return Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
}
