/** How long sessions last: an idle limit (no request for a while) and an absolute one (since sign-in). */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** What a session's times say about it now. */
export type SessionStatus = 'valid' | 'idle_expired' | 'expired';

/** Whether a session may still be used at `now`. */
export function sessionStatus(session: { lastSeenAt: Date; expiresAt: Date }, limits: SessionLimits, now: Date): SessionStatus {
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= limits.idleMs) return 'idle_expired';
  return 'valid';
}

// Touching a session on every request would write a row per request; once a minute keeps the idle clock honest
// to within a minute at a sliver of the cost.
const TOUCH_EVERY_MS = 60_000;

/** True when the session's last-seen time is stale enough to be written again. */
export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}
