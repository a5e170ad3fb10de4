/**
 * Spike detection on one series of counts per bucket (a day, or an hour) against its own seasonal baseline.
 *
 * For each bucket t the baseline is the series before t minus a guard (so a surge that has started does not raise its
 * own baseline): seasonal factors per phase (day of week) shrunk towards 1, a winsorised mean of the de-seasonalised
 * counts as the level, and a dispersion estimate. Two tests with negative-binomial tails, in the manner of the
 * public-health EARS/Farrington methods: the bucket alone (sudden spikes) and the sum of the last `windowLength`
 * buckets (surges sustained over a week). Minimum-count guards keep sparse series from alarming on 0 → 2.
 * Pure code: no I/O.
 */
import { countUpperTail } from './count-tail.js';

/** A series: counts per consecutive bucket; null marks a bucket with no data (not the same as zero complaints). */
export type CountSeries = ReadonlyArray<number | null>;

/** Tuning of the detector; the defaults suit daily counts with day-of-week seasonality. */
export interface SpikeOptions {
  /** Buckets per seasonal cycle (7 for days of the week, 24 for hours of the day). */
  period: number;
  /** Phase of bucket 0 within the cycle (e.g. its day of the week), so factors line up with the calendar. */
  phaseOffset: number;
  /** Buckets of recent history whose level is the baseline. */
  baselineWindow: number;
  /** Buckets of history used for the seasonal factors. */
  seasonWindow: number;
  /** Fewest buckets with data in the baseline before any alert is raised. */
  minHistory: number;
  /** Buckets summed by the sustained-surge test; the baseline ends before them. */
  windowLength: number;
  /** Tail probability below which one bucket alarms. */
  alpha: number;
  /** Tail probability below which the window sum alarms. */
  windowAlpha: number;
  /** A bucket alarms only with at least this many complaints. */
  minCount: number;
  /** ... and at least this many more than expected. */
  minExcess: number;
  /** Pseudo-complaints of shrinkage of each seasonal factor towards 1. */
  seasonShrinkage: number;
}

/** Defaults for daily counts. */
export const DAILY_SPIKE_OPTIONS: SpikeOptions = {
  period: 7,
  phaseOffset: 0,
  baselineWindow: 56,
  seasonWindow: 364,
  minHistory: 28,
  windowLength: 7,
  alpha: 1e-3,
  windowAlpha: 1e-3,
  minCount: 3,
  minExcess: 2,
  seasonShrinkage: 10,
};

/** One bucket judged surprising. */
export interface SpikeFinding {
  /** Bucket index in the series. */
  index: number;
  observed: number;
  expected: number;
  /** Smaller of the tail probabilities that fired. */
  pValue: number;
  /** Which test fired: the bucket alone, or the window ending at it. */
  test: 'day' | 'window';
}

/** Baseline for one bucket: expected count and dispersion. */
export interface Baseline {
  expected: number;
  dispersion: number;
  level: number;
  factors: number[];
}

/** Finds the buckets of a series that are surprisingly high against their own baseline. */
export function detectSpikes(series: CountSeries, options: Partial<SpikeOptions> = {}, fromIndex = 0): SpikeFinding[] {
  const o = { ...DAILY_SPIKE_OPTIONS, ...options };
  const findings: SpikeFinding[] = [];
  for (let t = Math.max(0, fromIndex); t < series.length; t++) {
    const finding = judgeBucket(series, t, o);
    if (finding) findings.push(finding);
  }
  return findings;
}

function judgeBucket(series: CountSeries, t: number, o: SpikeOptions): SpikeFinding | null {
  const observed = series[t];
  if (observed === null || observed === undefined) return null;
  const baseline = baselineAt(series, t, o);
  if (!baseline) return null;
  const expected = baseline.expected;
  let best: SpikeFinding | null = null;
  if (observed >= o.minCount && observed - expected >= o.minExcess) {
    const p = countUpperTail(observed, expected, baseline.dispersion);
    if (p < o.alpha) best = { index: t, observed, expected, pValue: p, test: 'day' };
  }
  // Sustained surge: the window's sum against its expected sum, counted only on days that add to it.
  if (!best && observed > expected && o.windowLength > 1) {
    let sum = 0;
    let expectedSum = 0;
    for (let i = t - o.windowLength + 1; i <= t; i++) {
      const c = series[i];
      if (i < 0 || c === null || c === undefined) continue;
      const e = baseline.level * (baseline.factors[phase(i, o)] ?? 1);
      // Each day's part is capped, so one spike (the day test's business) does not echo as a surge for a week.
      sum += Math.min(c, Math.floor(e + 3 * Math.sqrt(baseline.dispersion * e) + 1));
      expectedSum += e;
    }
    if (sum >= o.minCount * 2 && sum - expectedSum >= o.minExcess * 2) {
      const p = countUpperTail(sum, expectedSum, baseline.dispersion);
      if (p < o.windowAlpha) best = { index: t, observed, expected, pValue: p, test: 'window' };
    }
  }
  return best;
}

function phase(i: number, o: SpikeOptions): number {
  return (((i + o.phaseOffset) % o.period) + o.period) % o.period;
}

/** The baseline for bucket t from the history before its guard, or null with too little history. */
export function baselineAt(series: CountSeries, t: number, options: Partial<SpikeOptions> = {}): Baseline | null {
  const o = { ...DAILY_SPIKE_OPTIONS, ...options };
  const end = t - Math.max(1, o.windowLength) + 1; // exclusive: the window under test stays out of its baseline
  const factors = seasonalFactors(series, Math.max(0, end - o.seasonWindow), end, o);
  const values: number[] = [];
  for (let i = Math.max(0, end - o.baselineWindow); i < end; i++) {
    const c = series[i];
    if (c === null || c === undefined) continue;
    values.push(c / (factors[phase(i, o)] ?? 1));
  }
  if (values.length < o.minHistory) return null;
  // Winsorise at a Poisson-scaled cap so a past spike does not inflate the level (a median is 0 on sparse series).
  const rawMean = mean(values);
  const cap = rawMean + 3 * Math.sqrt(rawMean) + 2;
  const capped = values.map((v) => Math.min(v, cap));
  // Half a complaint of prior keeps an all-zero history from expecting exactly zero.
  const level = (sumOf(capped) + 0.5) / capped.length;
  const variance = capped.reduce((s, v) => s + (v - level) ** 2, 0) / Math.max(1, capped.length - 1);
  const dispersion = Math.min(10, Math.max(1, variance / level));
  return { expected: level * (factors[phase(t, o)] ?? 1), dispersion, level, factors };
}

/** Multiplicative factor per phase (mean 1 when every phase has data), shrunk towards 1 on thin data. */
export function seasonalFactors(series: CountSeries, from: number, to: number, o: SpikeOptions): number[] {
  const sums = new Array<number>(o.period).fill(0);
  const counts = new Array<number>(o.period).fill(0);
  for (let i = from; i < to; i++) {
    const c = series[i];
    if (c === null || c === undefined) continue;
    sums[phase(i, o)]! += c;
    counts[phase(i, o)]! += 1;
  }
  const total = sumOf(sums);
  const n = sumOf(counts);
  if (total <= 0 || n === 0) return new Array<number>(o.period).fill(1);
  const overall = total / n;
  return sums.map((s, p) => (s + o.seasonShrinkage) / (counts[p]! * overall + o.seasonShrinkage));
}

function sumOf(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : sumOf(values) / values.length;
}
