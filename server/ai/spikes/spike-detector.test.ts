import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countUpperTail } from './count-tail.js';
import { detectSpikes, seasonalFactors, DAILY_SPIKE_OPTIONS } from './spike-detector.js';
import { spikeAlerts, dayNumber, dayString, weekday } from './spike-alerts.js';

/** Seeded Poisson draws (Knuth for small means, normal approximation above 30). */
function poissonSampler(seed: number): (mean: number) => number {
  let s = seed >>> 0 || 1;
  const uniform = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  return (mean) => {
    if (mean > 30) {
      const z = Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k++;
      p *= uniform();
    }
    return k;
  };
}

const WEEKLY = [1.3, 1.2, 1.1, 1.0, 1.0, 0.7, 0.7];

function seasonalSeries(seed: number, level: number, days: number): number[] {
  const draw = poissonSampler(seed);
  return Array.from({ length: days }, (_, i) => draw(level * WEEKLY[i % 7]!));
}

describe('count tails', () => {
  it('match Poisson tails computed by hand', () => {
    // P(X ≥ 3 | λ = 1) = 1 − e^-1 (1 + 1 + 1/2)
    expect(countUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 12);
    expect(countUpperTail(0, 5)).toBe(1);
    expect(countUpperTail(1, 0)).toBe(0);
    expect(countUpperTail(40, 10)).toBeLessThan(1e-10);
  });

  it('are fatter for an overdispersed count and fall as the count rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 200, noNaN: true }), fc.integer({ min: 1, max: 400 }), (mean, x) => {
        const p = countUpperTail(x, mean);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(countUpperTail(x + 1, mean)).toBeLessThanOrEqual(p + 1e-12);
        if (x > mean * 1.5 + 2) expect(countUpperTail(x, mean, 3)).toBeGreaterThan(p);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('spike detector', () => {
  it('finds a planted one-day spike in a seasonal Poisson series', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.double({ min: 2, max: 60, noNaN: true }), fc.integer({ min: 100, max: 300 }), (seed, level, day) => {
        const series = seasonalSeries(seed, level, 365);
        series[day]! += Math.ceil(8 * Math.sqrt(level) + 3);
        const found = detectSpikes(series);
        expect(found.some((f) => f.index === day)).toBe(true);
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  it('finds a week-long surge too small to stand out on any one day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 100, max: 300 }), (seed, start) => {
        const level = 20;
        const series = seasonalSeries(seed, level, 365);
        for (let d = start; d < start + 7; d++) series[d] = series[d]! + 9; // +45%: about 2 SD a day
        const found = detectSpikes(series).filter((f) => f.index >= start && f.index < start + 7);
        expect(found.length).toBeGreaterThan(0);
      }),
      { seed: 12, numRuns: 40 },
    );
  });

  it('stays quiet on an unchanged seasonal Poisson series', () => {
    let alarms = 0;
    let days = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.double({ min: 0.05, max: 80, noNaN: true }), (seed, level) => {
        const series = seasonalSeries(seed, level, 365);
        alarms += detectSpikes(series).length;
        days += 365;
      }),
      { seed: 13, numRuns: 80 },
    );
    // Two tests at α = 0.001 over ~340 judged days: well under one alarm per series-year on average.
    expect(alarms / (days / 365)).toBeLessThan(0.5);
  });

  it('does not alarm on 0 → 2 in a sparse series', () => {
    const series = new Array<number>(200).fill(0);
    series[150] = 2;
    expect(detectSpikes(series)).toEqual([]);
    series[150] = 6;
    expect(detectSpikes(series).map((f) => f.index)).toEqual([150]);
  });

  it('learns the weekly cycle: a busy Monday is not a spike, the same count on a Sunday is', () => {
    const weekly = [20, 18, 16, 15, 14, 3, 2];
    const series = Array.from({ length: 140 }, (_, i) => weekly[i % 7]!);
    const monday = 133;
    const sunday = 139;
    expect(detectSpikes(series)).toEqual([]);
    series[sunday] = 20;
    const found = detectSpikes(series);
    expect(found.map((f) => f.index)).toEqual([sunday]);
    expect(found[0]!.expected).toBeLessThan(4);
    expect(series[monday]).toBe(20);
  });

  it('treats missing days as no data: never alarms on them and keeps them out of the baseline', () => {
    const series: (number | null)[] = seasonalSeries(5, 10, 200);
    for (let d = 100; d < 130; d++) series[d] = null; // a month the system was down
    const findings = detectSpikes(series);
    expect(findings.every((f) => series[f.index] !== null)).toBe(true);
    const gapAfter = [...series];
    gapAfter[131] = 60;
    expect(detectSpikes(gapAfter).some((f) => f.index === 131)).toBe(true);
  });

  it('waits for enough history before judging', () => {
    const series = [0, 0, 0, 0, 0, 40];
    expect(detectSpikes(series)).toEqual([]);
  });

  it('shrinks seasonal factors towards 1 on thin data', () => {
    const factors = seasonalFactors([0, 0, 0, 0, 0, 0, 1], 0, 7, DAILY_SPIKE_OPTIONS);
    expect(Math.max(...factors)).toBeLessThan(2);
    expect(Math.min(...factors)).toBeGreaterThan(0.8);
  });
});

describe('spike alerts per category × district', () => {
  it('names the day, category and district, fills days with no rows as zero and reports only the asked range', () => {
    const counts = [];
    for (let n = dayNumber('2025-01-01'); n <= dayNumber('2025-04-30'); n++) {
      if (n % 3 !== 0) counts.push({ category: 'water', district: 'swat', day: dayString(n), count: 2 });
      counts.push({ category: 'roads', district: 'peshawar', day: dayString(n), count: 5 });
    }
    counts.push({ category: 'water', district: 'swat', day: '2025-04-20', count: 25 });
    const alerts = spikeAlerts(counts, { historyFrom: '2025-01-01', from: '2025-04-01', to: '2025-04-30' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ category: 'water', district: 'swat', day: '2025-04-20', test: 'day' });
    expect(alerts[0]!.observed).toBe(25 + (dayNumber('2025-04-20') % 3 !== 0 ? 2 : 0));
    expect(alerts[0]!.pValue).toBeLessThan(1e-6);
    expect(spikeAlerts(counts, { historyFrom: '2025-01-01', from: '2025-04-21', to: '2025-04-30' })).toEqual([]);
  });

  it('learns a weekly peak from the counts: busy Fridays are expected, the same count on a Tuesday is not', () => {
    const counts = [];
    const first = dayNumber('2025-01-01');
    for (let n = first; n <= dayNumber('2025-06-30'); n++) {
      // Fridays (weekday 4, Monday = 0) bring 12 complaints, other days 2.
      counts.push({ category: 'water', district: 'swat', day: dayString(n), count: weekday(n) === 4 ? 12 : 2 });
    }
    const tuesday = '2025-06-24';
    expect(weekday(dayNumber(tuesday))).toBe(1);
    counts.push({ category: 'water', district: 'swat', day: tuesday, count: 10 });
    const alerts = spikeAlerts(counts, { historyFrom: '2025-01-01', from: '2025-06-01', to: '2025-06-30' });
    expect(alerts.map((a) => [a.day, a.observed])).toEqual([[tuesday, 12]]);
  });

  it('treats holidays as no data: a holiday is neither judged nor learnt, so neither its surge nor its quiet alarms', () => {
    const counts = [];
    const holidays = new Set<string>();
    for (let n = dayNumber('2025-01-01'); n <= dayNumber('2025-04-30'); n++) {
      // Offices shut on the holidays: almost nobody files; 8 on the other days.
      const holiday = n >= dayNumber('2025-03-30') && n <= dayNumber('2025-04-08');
      if (holiday) holidays.add(dayString(n));
      counts.push({ category: 'water', district: 'swat', day: dayString(n), count: holiday ? 0 : 8 });
    }
    // A surge on a holiday (a crowd at the one open desk), and a normal day right after the holidays.
    counts.push({ category: 'water', district: 'swat', day: '2025-04-05', count: 30 });
    counts.push({ category: 'water', district: 'swat', day: '2025-04-16', count: 6 });
    const range = { historyFrom: '2025-01-01', from: '2025-04-01', to: '2025-04-20' };
    expect(spikeAlerts(counts, { ...range, noData: holidays })).toEqual([]);
    // Without the calendar the holiday surge alarms, and the quiet holidays lower the level the next days are judged by.
    expect(spikeAlerts(counts, range).map((a) => a.day)).toContain('2025-04-05');
  });

  it('refuses a reversed range and a malformed day', () => {
    expect(() => spikeAlerts([], { historyFrom: '2025-01-01', from: '2025-03-01', to: '2025-02-01' })).toThrow(RangeError);
    expect(() => dayNumber('2025-13-01')).toThrow(RangeError);
    expect(weekday(dayNumber('2026-11-30'))).toBe(0); // a Monday
  });
});
