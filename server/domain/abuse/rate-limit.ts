/**
 * Rate limits as pure arithmetic: a rule ("5 per hour"), the counter a window keeps, and the decision. Counters
 * live in PostgreSQL (store/abuse.repository.ts runs the same arithmetic in SQL); this file is the model both follow.
 *
 * Short limits use a sliding-window estimate (the current fixed window's hits plus the previous window's, weighted
 * by how much of it still overlaps the last `windowSeconds`): one row per key, no burst of twice the limit at a
 * window edge, and the estimate only falls as time passes. The daily cap uses plain calendar days instead, so a
 * citizen can be told exactly when they may file again.
 */

/** At most `limit` requests per `windowSeconds`. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** One key's counter: hits in the fixed window starting at `windowStart`, and in the window before it. */
export interface WindowCounter {
  windowStart: Date;
  hits: number;
  previousHits: number;
}

/** Whether a request counted in a window is allowed, and if not, how long to wait before the next can be. */
export interface RateVerdict {
  allowed: boolean;
  /** Whole seconds until a new request would be allowed (0 when allowed now). */
  retryAfterSeconds: number;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const LIMIT_PATTERN = /^(\d{1,7})\s*\/\s*(\d{0,6})\s*(s|sec|second|seconds|m|min|minute|minutes|h|hr|hour|hours|d|day|days)$/i;

/**
 * Reads a limit as an administrator writes it: "5/1h", "60/10m", "20/day", "30 / 90s"; "off" means no limit.
 * The window must be between 1 second and 7 days, the count at least 1.
 */
export function parseRateLimit(text: string): { limit: RateLimit | null } | { error: string } {
  const trimmed = text.trim();
  if (/^(off|none|false|0)$/i.test(trimmed)) return { limit: null };
  const match = LIMIT_PATTERN.exec(trimmed);
  if (!match) return { error: `"${trimmed.slice(0, 40)}" is not a limit; write it as <count>/<window>, e.g. 5/1h, 60/10m, 20/day, or off` };
  const limit = Number(match[1]);
  const windowSeconds = Number(match[2] || '1') * (UNITS[match[3]!.charAt(0).toLowerCase()] ?? 0);
  if (limit < 1) return { error: 'the count must be at least 1 (or write off)' };
  if (windowSeconds < 1 || windowSeconds > 7 * 86400) return { error: 'the window must be from 1 second to 7 days' };
  return { limit: { limit, windowSeconds } };
}

/** A limit written back in the form parseRateLimit reads. */
export function formatRateLimit(rule: RateLimit): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNITS[unit]!;
    if (rule.windowSeconds % size === 0) return `${rule.limit}/${rule.windowSeconds / size}${unit}`;
  }
  return `${rule.limit}/${rule.windowSeconds}s`;
}

/** Start of the fixed window containing `now`; `offsetSeconds` shifts the grid (UTC+5 days start at 19:00 UTC). */
export function windowStartOf(now: Date, windowSeconds: number, offsetSeconds = 0): Date {
  const size = windowSeconds * 1000;
  const shifted = now.getTime() + offsetSeconds * 1000;
  return new Date(Math.floor(shifted / size) * size - offsetSeconds * 1000);
}

/** The counter as it stands at `now` (a new window carries the last one's hits as `previousHits`), before a hit. */
export function advance(counter: WindowCounter | null, now: Date, windowSeconds: number, offsetSeconds = 0): WindowCounter {
  const start = windowStartOf(now, windowSeconds, offsetSeconds);
  if (!counter) return { windowStart: start, hits: 0, previousHits: 0 };
  const gap = start.getTime() - counter.windowStart.getTime();
  if (gap <= 0) return counter;
  return { windowStart: start, hits: 0, previousHits: gap === windowSeconds * 1000 ? counter.hits : 0 };
}

/** The counter after one more request at `now` (what the SQL upsert computes). */
export function hit(counter: WindowCounter | null, now: Date, windowSeconds: number, offsetSeconds = 0): WindowCounter {
  const current = advance(counter, now, windowSeconds, offsetSeconds);
  return { ...current, hits: current.hits + 1 };
}

/** Requests in the last `windowSeconds` as the sliding window estimates them. */
export function slidingEstimate(counter: WindowCounter, now: Date, windowSeconds: number): number {
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - counter.windowStart.getTime()) / (windowSeconds * 1000)));
  return counter.previousHits * (1 - elapsed) + counter.hits;
}

/**
 * The decision on a request already counted in `counter` (its own hit included): allowed while the sliding estimate
 * is within the limit; otherwise the wait until one more request would fit (the estimate never rises without hits,
 * so waiting that long is enough and waiting less is not).
 */
export function slidingVerdict(counter: WindowCounter, rule: RateLimit, now: Date): RateVerdict {
  // The tolerance absorbs floating-point error at the exact instant the estimate reaches the limit.
  if (slidingEstimate(counter, now, rule.windowSeconds) <= rule.limit + 1e-9) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((nextAllowedAt(counter, rule) - now.getTime()) / 1000)) };
}

// The earliest instant at which one more hit keeps the estimate within the limit.
function nextAllowedAt(counter: WindowCounter, rule: RateLimit): number {
  const size = rule.windowSeconds * 1000;
  const start = counter.windowStart.getTime();
  const room = rule.limit - counter.hits - 1;
  // Later in this window: the previous window's weight has to fall far enough.
  if (room >= 0) return counter.previousHits === 0 ? start : start + size * (1 - room / counter.previousHits);
  // In the next window this window's hits (at least the limit, so more than 0) become the weighted ones.
  return start + size + size * (1 - (rule.limit - 1) / counter.hits);
}

/** The decision on a fixed window (the daily cap): allowed while its hits are within the cap, else wait for the next window. */
export function fixedVerdict(counter: WindowCounter, cap: number, windowSeconds: number, now: Date): RateVerdict {
  if (counter.hits <= cap) return { allowed: true, retryAfterSeconds: 0 };
  const next = counter.windowStart.getTime() + windowSeconds * 1000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((next - now.getTime()) / 1000)) };
}
