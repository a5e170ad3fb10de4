import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secondsLeftInWindow, SIGN_IN_CODE_MAX_ATTEMPTS, signInCodeStatus, windowStart, wrongTryExhausts } from './sign-in-code.js';

describe('sign-in code rules', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it('a code is usable until it expires, and for five wrong tries at most', () => {
    expect(signInCodeStatus({ expiresAt: new Date(now.getTime() + 1), attempts: 0 }, now)).toBe('usable');
    expect(signInCodeStatus({ expiresAt: now, attempts: 0 }, now)).toBe('expired');
    expect(signInCodeStatus({ expiresAt: new Date(now.getTime() + 60_000), attempts: SIGN_IN_CODE_MAX_ATTEMPTS }, now)).toBe('exhausted');
    expect([0, 1, 2, 3, 4].map(wrongTryExhausts)).toEqual([false, false, false, false, true]);
  });

  it('fixed windows contain the moment, start on a window boundary, and say how long is left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom(60_000, 3_600_000), (ms, windowMs) => {
        const at = new Date(ms);
        const start = windowStart(at, windowMs);
        expect(start.getTime() % windowMs).toBe(0);
        expect(start.getTime()).toBeLessThanOrEqual(ms);
        expect(ms - start.getTime()).toBeLessThan(windowMs);
        const left = secondsLeftInWindow(start, windowMs, at);
        expect(left).toBeGreaterThanOrEqual(1);
        expect(left).toBeLessThanOrEqual(windowMs / 1000);
      }),
    );
  });
});
