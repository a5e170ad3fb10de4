/**
 * Daily spike alerts per (category × district): turns dated counts into zero-filled daily series, runs the detector
 * on each, and names the alerts by category, district and day.
 */
import { detectSpikes, type SpikeOptions } from './spike-detector.js';

/** Complaints of one category in one district on one day ('YYYY-MM-DD'). */
export interface DailyCount {
  category: string;
  district: string;
  day: string;
  count: number;
}

/** An alert for dashboards and department monitors. */
export interface SpikeAlert {
  category: string;
  district: string;
  day: string;
  observed: number;
  expected: number;
  /** Tail probability of a count at least this high under the baseline: smaller is more surprising. */
  pValue: number;
  /** The bucket alone ('day') or the week ending at it ('window'). */
  test: 'day' | 'window';
}

const DAY_MS = 86_400_000;

/** Days from 'YYYY-MM-DD' since 1970-01-01. */
export function dayNumber(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms)) throw new RangeError(`not a day: ${day}`);
  return Math.round(ms / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a day number, 0 = Monday. */
export function weekday(n: number): number {
  return (n + 3) % 7; // 1970-01-01 was a Thursday
}

/**
 * Alerts for the days in [from, to] (inclusive). Counts before `from` are the baseline history: pass at least the
 * baseline window of earlier days. Days with no row count as zero complaints, except the `noData` days (public
 * holidays): those are "no data" (null), neither judged nor learnt from, so a day the offices are shut neither
 * drags the baseline down nor alarms on its own.
 */
export function spikeAlerts(
  counts: readonly DailyCount[],
  range: { historyFrom: string; from: string; to: string; noData?: ReadonlySet<string> | undefined },
  options: Partial<SpikeOptions> = {},
): SpikeAlert[] {
  const start = dayNumber(range.historyFrom);
  const from = dayNumber(range.from);
  const end = dayNumber(range.to);
  if (end < from || from < start) throw new RangeError('need historyFrom ≤ from ≤ to');
  const blank: (number | null)[] = new Array<number | null>(end - start + 1).fill(0);
  for (const day of range.noData ?? []) {
    const i = dayNumber(day) - start;
    if (i >= 0 && i < blank.length) blank[i] = null;
  }
  const series = new Map<string, { category: string; district: string; values: (number | null)[] }>();
  for (const row of counts) {
    const i = dayNumber(row.day) - start;
    if (i < 0 || i > end - start) continue;
    const key = JSON.stringify([row.category, row.district]);
    let s = series.get(key);
    if (!s) {
      s = { category: row.category, district: row.district, values: [...blank] };
      series.set(key, s);
    }
    if (s.values[i] !== null) s.values[i]! += row.count;
  }
  const alerts: SpikeAlert[] = [];
  for (const s of series.values()) {
    for (const f of detectSpikes(s.values, { phaseOffset: weekday(start), ...options }, from - start)) {
      if (f.index + start < from) continue;
      alerts.push({
        category: s.category,
        district: s.district,
        day: dayString(f.index + start),
        observed: f.observed,
        expected: Math.round(f.expected * 100) / 100,
        pValue: f.pValue,
        test: f.test,
      });
    }
  }
  return alerts.sort((a, b) => a.day.localeCompare(b.day) || a.pValue - b.pValue);
}
