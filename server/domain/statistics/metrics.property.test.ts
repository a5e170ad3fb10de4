import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BUCKETS, MAX_PERIOD_DAYS, ageBucket, bucketAges, bucketsOf, daysOf, districtOf, filterReachable, isSmallCell, karachiToday, parsePeriod, rate } from './metrics.js';

const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('rate', () => {
  it('is null for a zero denominator, otherwise a share between 0 and 1 within rounding', () => {
    fc.assert(fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
      const [n, d] = a <= b ? [a, b] : [b, a];
      const r = rate(n, d);
      if (d === 0) {
        expect(r).toBeNull();
        return;
      }
      expect(r).not.toBeNaN();
      expect(r!).toBeGreaterThanOrEqual(0);
      expect(r!).toBeLessThanOrEqual(1);
      expect(Math.abs(r! - n / d)).toBeLessThanOrEqual(0.00005);
    }));
    expect(rate(0, 0)).toBeNull();
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(1, 3)).toBe(0.3333);
  });
});

describe('ageing buckets', () => {
  it('puts every age in exactly the bucket whose bounds hold it, with the boundaries as documented', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), (days) => {
      const bucket = AGE_BUCKETS.find((b) => b.label === ageBucket(days))!;
      expect(days).toBeGreaterThanOrEqual(bucket.from);
      if (bucket.to !== null) expect(days).toBeLessThanOrEqual(bucket.to);
    }));
    expect([0, 3, 4, 7, 8, 15, 16, 30, 31, 400].map(ageBucket)).toEqual(['0-3', '0-3', '4-7', '4-7', '8-15', '8-15', '16-30', '16-30', '31+', '31+']);
    expect(ageBucket(-2)).toBe('0-3');
  });

  it('loses no complaint when summing counts into buckets', () => {
    fc.assert(fc.property(fc.array(fc.record({ days: fc.integer({ min: 0, max: 400 }), count: fc.nat(50) })), (counts) => {
      const buckets = bucketAges(counts);
      expect(Object.keys(buckets)).toEqual(AGE_BUCKETS.map((b) => b.label));
      expect(Object.values(buckets).reduce((a, b) => a + b, 0)).toBe(counts.reduce((a, c) => a + c.count, 0));
    }));
  });
});

describe('parsePeriod', () => {
  const now = new Date('2026-11-29T04:00:00Z');

  it('accepts any ordered pair of real days up to the limit, covering exactly those Karachi days', () => {
    fc.assert(fc.property(day, fc.integer({ min: 0, max: MAX_PERIOD_DAYS - 1 }), (from, extra) => {
      const to = new Date(Date.parse(from) + extra * 86_400_000).toISOString().slice(0, 10);
      const parsed = parsePeriod({ from, to }, now);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      expect(parsed.period.days).toBe(extra + 1);
      expect(parsed.period.start.toISOString()).toBe(new Date(`${from}T00:00:00+05:00`).toISOString());
      expect(parsed.period.end.getTime() - parsed.period.start.getTime()).toBe((extra + 1) * 86_400_000);
      const days = daysOf(parsed.period);
      expect(days[0]).toBe(from);
      expect(days.at(-1)).toBe(to);
    }));
  });

  it('refuses from after to, over-long periods and anything that is not a real day, naming the field', () => {
    fc.assert(fc.property(day, fc.integer({ min: 1, max: 3000 }), (to, back) => {
      const from = new Date(Date.parse(to) + back * 86_400_000).toISOString().slice(0, 10);
      const parsed = parsePeriod({ from, to }, now);
      expect(parsed).toMatchObject({ ok: false, problems: [{ pointer: '/querystring/from' }] });
    }));
    expect(parsePeriod({ from: '2025-01-01', to: '2026-01-02' }, now)).toMatchObject({ ok: false, problems: [{ pointer: '/querystring/from', detail: expect.stringContaining('366') }] });
    expect(parsePeriod({ from: '2025-01-01', to: '2026-01-01' }, now).ok).toBe(true);
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (junk) => {
      fc.pre(!/^\d{4}-\d{2}-\d{2}$/.test(junk));
      expect(parsePeriod({ to: junk }, now)).toMatchObject({ ok: false, problems: [{ pointer: '/querystring/to' }] });
    }));
    expect(parsePeriod({ from: '2026-02-30' }, now)).toMatchObject({ ok: false, problems: [{ pointer: '/querystring/from' }] });
  });

  it('defaults to the 30 days ending today in Karachi', () => {
    expect(karachiToday(new Date('2026-11-28T19:30:00Z'))).toBe('2026-11-29');
    expect(parsePeriod({}, new Date('2026-11-28T19:30:00Z'))).toMatchObject({ ok: true, period: { from: '2026-10-31', to: '2026-11-29', days: 30 } });
  });
});

describe('small cells, districts and reach', () => {
  it('suppresses one to four complaints, never none or five and more', () => {
    fc.assert(fc.property(fc.nat(1000), (n) => {
      expect(isSmallCell(n)).toBe(n >= 1 && n <= 4);
    }));
  });

  it('finds the district of any area at or below district level', () => {
    expect(districtOf('kp.peshawar.charsadda.tangi')).toBe('kp.peshawar.charsadda');
    expect(districtOf('kp.peshawar.charsadda')).toBe('kp.peshawar.charsadda');
    expect(districtOf('kp.peshawar')).toBeNull();
    expect(districtOf(null)).toBeNull();
  });

  it('lets a viewer narrow only to departments and areas that meet their reach', () => {
    const reach = [{ departmentId: 'health', areaId: 'kp.peshawar.peshawar' }];
    expect(filterReachable(reach, {})).toBe(true);
    expect(filterReachable(reach, { departmentId: 'health', areaId: 'kp.peshawar' })).toBe(true);
    expect(filterReachable(reach, { areaId: 'kp.peshawar.peshawar.town-1' })).toBe(true);
    expect(filterReachable(reach, { departmentId: 'education' })).toBe(false);
    expect(filterReachable(reach, { areaId: 'kp.malakand.swat' })).toBe(false);
    expect(filterReachable([{ departmentId: null, areaId: 'kp' }], { departmentId: 'education', areaId: 'kp.malakand.swat' })).toBe(true);
    expect(filterReachable([], {})).toBe(false);
  });
});

describe('trend buckets', () => {
  it('start on or before the period, each on a Monday (weeks) or the 1st (months), and together cover every day of it once', () => {
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 400 }), fc.constantFrom('day', 'week', 'month' as const), (from, length, interval) => {
      const to = new Date(Date.parse(from) + length * 86_400_000).toISOString().slice(0, 10);
      const buckets = bucketsOf({ from, to }, interval);
      expect(buckets[0]! <= from).toBe(true);
      expect(buckets[buckets.length - 1]! <= to).toBe(true);
      if (interval === 'week') expect(buckets.every((b) => new Date(`${b}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
      if (interval === 'month') expect(buckets.every((b) => b.endsWith('-01'))).toBe(true);
      // Each day of the period falls in exactly one bucket: the last bucket starting on or before it.
      const days = daysOf({ from, days: length + 1 });
      const owner = (d: string) => buckets.filter((b) => b <= d).pop();
      expect(new Set(days.map(owner)).size).toBe(buckets.length);
      if (interval === 'day') expect(buckets).toEqual(days);
    }), { seed: 7 });
    expect(bucketsOf({ from: '2026-11-29', to: '2026-12-01' }, 'week')).toEqual(['2026-11-23', '2026-11-30']);
  });
});
