import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance, fixedVerdict, formatRateLimit, hit, parseRateLimit, slidingEstimate, slidingVerdict, windowStartOf, type RateLimit, type WindowCounter } from './rate-limit.js';

describe('limits as an administrator writes them', () => {
  it.each([
    ['5/1h', { limit: 5, windowSeconds: 3600 }],
    ['60/10m', { limit: 60, windowSeconds: 600 }],
    ['20/day', { limit: 20, windowSeconds: 86400 }],
    ['30 / 90s', { limit: 30, windowSeconds: 90 }],
    ['3/2 hours', { limit: 3, windowSeconds: 7200 }],
    ['100/M', { limit: 100, windowSeconds: 60 }],
  ])('reads %j', (text, limit) => {
    expect(parseRateLimit(text)).toEqual({ limit });
  });

  it.each(['off', 'OFF', 'none', '0'])('reads %j as no limit', (text) => {
    expect(parseRateLimit(text)).toEqual({ limit: null });
  });

  it.each(['', '5', '5/', '/1h', 'five/1h', '5/1w', '-5/1h', '0/1h', '5/0m', '5/8d', '5/1h extra'])('explains what is wrong with %j', (text) => {
    expect(parseRateLimit(text)).toHaveProperty('error');
  });

  it('reads back every limit it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 7 * 86400 }), (limit, windowSeconds) => {
        expect(parseRateLimit(formatRateLimit({ limit, windowSeconds }))).toEqual({ limit: { limit, windowSeconds } });
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^\d{0,9}\s?\/\s?\d{0,8}\s?[a-z]{0,8}$/)), (text) => {
        const parsed = parseRateLimit(text);
        if ('limit' in parsed && parsed.limit) {
          expect(parsed.limit.limit).toBeGreaterThanOrEqual(1);
          expect(parsed.limit.windowSeconds).toBeGreaterThanOrEqual(1);
          expect(parsed.limit.windowSeconds).toBeLessThanOrEqual(7 * 86400);
        } else if (!('limit' in parsed)) {
          expect(parsed.error).toMatch(/./);
        }
      }),
    );
  });
});

describe('windows', () => {
  it('starts Pakistan days at 19:00 UTC', () => {
    expect(windowStartOf(new Date('2026-03-10T18:59:59Z'), 86400, 5 * 3600).toISOString()).toBe('2026-03-09T19:00:00.000Z');
    expect(windowStartOf(new Date('2026-03-10T19:00:00Z'), 86400, 5 * 3600).toISOString()).toBe('2026-03-10T19:00:00.000Z');
  });

  it('carries the last window into the next, and forgets it after a gap', () => {
    const counter: WindowCounter = { windowStart: new Date('2026-03-10T10:00:00Z'), hits: 4, previousHits: 2 };
    expect(advance(counter, new Date('2026-03-10T10:30:00Z'), 3600)).toBe(counter);
    expect(advance(counter, new Date('2026-03-10T11:10:00Z'), 3600)).toEqual({ windowStart: new Date('2026-03-10T11:00:00Z'), hits: 0, previousHits: 4 });
    expect(advance(counter, new Date('2026-03-10T12:10:00Z'), 3600)).toEqual({ windowStart: new Date('2026-03-10T12:00:00Z'), hits: 0, previousHits: 0 });
  });
});

// A counter as it could stand at `now`: some hits in this window and the last.
const situation = () =>
  fc
    .record({ limit: fc.integer({ min: 1, max: 50 }), windowSeconds: fc.integer({ min: 10, max: 86400 }), hits: fc.integer({ min: 1, max: 120 }), previousHits: fc.integer({ min: 0, max: 120 }), fraction: fc.double({ min: 0, max: 0.999, noNaN: true }) })
    .map(({ limit, windowSeconds, hits, previousHits, fraction }) => {
      const windowStart = new Date(Date.UTC(2026, 2, 10) - ((Date.UTC(2026, 2, 10) / 1000) % windowSeconds) * 1000);
      const now = new Date(windowStart.getTime() + Math.floor(fraction * windowSeconds * 1000));
      return { rule: { limit, windowSeconds } as RateLimit, counter: { windowStart, hits, previousHits } as WindowCounter, now };
    });

// Would one more request at `at` be allowed, with no requests in between?
function allowedAt(counter: WindowCounter, rule: RateLimit, at: Date): boolean {
  return slidingVerdict(hit(counter, at, rule.windowSeconds), rule, at).allowed;
}

describe('the sliding window', () => {
  it('allows up to the limit in a quiet window, and refuses the next', () => {
    const rule = { limit: 3, windowSeconds: 3600 };
    let counter: WindowCounter | null = null;
    const now = new Date('2026-03-10T10:00:00Z');
    const verdicts = [1, 2, 3, 4].map(() => {
      counter = hit(counter, now, rule.windowSeconds);
      return slidingVerdict(counter, rule, now).allowed;
    });
    expect(verdicts).toEqual([true, true, true, false]);
  });

  it('never lets more than twice the limit through in any two windows, however the requests are timed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer({ min: 0, max: 7199 }), { minLength: 1, maxLength: 80 }), (limit, offsets) => {
        const rule = { limit, windowSeconds: 3600 };
        const base = Date.UTC(2026, 2, 10, 10);
        let counter: WindowCounter | null = null;
        let allowed = 0;
        for (const offset of [...offsets].sort((a, b) => a - b)) {
          const at = new Date(base + offset * 1000);
          counter = hit(counter, at, rule.windowSeconds);
          if (slidingVerdict(counter, rule, at).allowed) allowed += 1;
        }
        expect(allowed).toBeLessThanOrEqual(2 * limit);
      }),
    );
  });

  it('says exactly how long to wait: a request after Retry-After is allowed, one a second sooner is not', () => {
    fc.assert(
      fc.property(situation(), ({ rule, counter, now }) => {
        const verdict = slidingVerdict(counter, rule, now);
        if (verdict.allowed) {
          expect(slidingEstimate(counter, now, rule.windowSeconds)).toBeLessThanOrEqual(rule.limit);
          return;
        }
        expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(allowedAt(counter, rule, new Date(now.getTime() + verdict.retryAfterSeconds * 1000))).toBe(true);
        if (verdict.retryAfterSeconds > 1) expect(allowedAt(counter, rule, new Date(now.getTime() + (verdict.retryAfterSeconds - 1) * 1000 - 1))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the daily cap', () => {
  it('allows up to the cap and then waits for the next day', () => {
    const windowStart = new Date('2026-03-09T19:00:00Z');
    const now = new Date('2026-03-10T15:00:00Z');
    expect(fixedVerdict({ windowStart, hits: 10, previousHits: 0 }, 10, 86400, now)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(fixedVerdict({ windowStart, hits: 11, previousHits: 9 }, 10, 86400, now)).toEqual({ allowed: false, retryAfterSeconds: 4 * 3600 });
  });
});
