/**
 * Spike detection on real 311 series with planted surges: recall, delay and false alarms per series-year.
 *
 *   npm run bench:spikes                  # ../shared/data/service_requests
 *   npm run bench:spikes -- --data DIR --seed 7
 *
 * NYC: daily counts per complaint type × borough (and per descriptor × borough, sparser), 2010 to 2025, with the
 * production defaults (day-of-week seasonality). LA MyLA311: the files cover a few days each, so hourly counts per
 * request type × area planning commission with hour-of-day seasonality (the same detector, period 24).
 * Each series gets one surge per slot (91 days, or 3 days of hours) at a seeded random place; see bench/README.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { detectSpikes, DAILY_SPIKE_OPTIONS, type SpikeOptions } from '../server/ai/spikes/spike-detector.js';
import { dayNumber, weekday } from '../server/ai/spikes/spike-alerts.js';
import { parseServiceRequests, type ServiceRequest } from '../server/ai/spikes/service-requests.js';
import { findHotspots } from '../server/ai/hotspots/hotspots.js';

const { values: args } = parseArgs({
  options: { data: { type: 'string', default: '../shared/data/service_requests' }, seed: { type: 'string', default: '7' } },
});
const DATA = path.resolve(args.data!);
const SEED = Number(args.seed);

interface Series {
  name: string;
  counts: number[];
}

interface DataSet {
  label: string;
  series: Series[];
  options: SpikeOptions;
  /** Buckets in a year, to scale alarm counts. */
  bucketsPerYear: number;
  /** Buckets per planting slot, first bucket that may be planted. */
  slot: number;
  warmup: number;
}

interface Surge {
  label: string;
  length: number;
  plant(counts: number[], at: number, length: number, localMean: number): void;
}

/** Daily series per key over [first, last] day, zero-filled. */
function dailySeries(requests: readonly ServiceRequest[], key: (r: ServiceRequest) => string | null): Series[] {
  const first = Math.min(...requests.map((r) => dayNumber(r.day)));
  const last = Math.max(...requests.map((r) => dayNumber(r.day)));
  const byKey = new Map<string, number[]>();
  for (const r of requests) {
    const k = key(r);
    if (k === null) continue;
    let counts = byKey.get(k);
    if (!counts) byKey.set(k, (counts = new Array<number>(last - first + 1).fill(0)));
    counts[dayNumber(r.day) - first]! += 1;
  }
  return [...byKey.entries()].map(([name, counts]) => ({ name, counts }));
}

/** Hourly series per key over the hours the requests span, zero-filled. */
function hourlySeries(requests: readonly ServiceRequest[], key: (r: ServiceRequest) => string | null): { series: Series[]; firstHour: number } {
  const hourOf = (r: ServiceRequest) => dayNumber(r.day) * 24 + r.hour;
  const first = Math.min(...requests.map(hourOf));
  const last = Math.max(...requests.map(hourOf)) - 1; // the last hour of a 10k-row extract is cut short
  const byKey = new Map<string, number[]>();
  for (const r of requests) {
    const k = key(r);
    const i = hourOf(r) - first;
    if (k === null || i > last - first) continue;
    let counts = byKey.get(k);
    if (!counts) byKey.set(k, (counts = new Array<number>(last - first + 1).fill(0)));
    counts[i]! += 1;
  }
  return { series: [...byKey.entries()].map(([name, counts]) => ({ name, counts })), firstHour: first };
}

function load(file: string): ServiceRequest[] {
  return parseServiceRequests(readFileSync(path.join(DATA, file)));
}

function nycDataSets(): DataSet[] {
  const requests = load('nyc311_dohmh_illegal_animal_2010-2025.csv').filter((r) => r.district !== 'Unspecified');
  const options = { ...DAILY_SPIKE_OPTIONS, phaseOffset: weekday(Math.min(...requests.map((r) => dayNumber(r.day)))) };
  const common = { options, bucketsPerYear: 365.25, slot: 91, warmup: 60 };
  const descriptors = new Set(['Rooster', 'Other', 'Farm Animal']);
  return [
    { label: 'NYC type × borough (daily)', series: dailySeries(requests, (r) => `${r.category} / ${r.district}`), ...common },
    {
      label: 'NYC descriptor × borough (daily)',
      series: dailySeries(requests, (r) => (descriptors.has(r.descriptor) ? `${r.descriptor} / ${r.district}` : null)),
      ...common,
    },
  ];
}

function laDataSets(): DataSet[] {
  // The first two files are contiguous (27 Dec 2017 to 4 Jan 2018); the third is a year later.
  const spans = [
    ['la_myla311_2017-12-27_to_12-31_10k.csv', 'la_myla311_2018-01-01_to_01-04_10k.csv'],
    ['la_myla311_2018-12-27_to_12-31_10k.csv'],
  ];
  return spans.map((files) => {
    const requests = files.flatMap(load).filter((r) => r.district !== 'Unspecified');
    const { series, firstHour } = hourlySeries(requests, (r) => `${r.category} / ${r.district}`);
    const options: SpikeOptions = {
      ...DAILY_SPIKE_OPTIONS,
      period: 24,
      phaseOffset: firstHour % 24,
      baselineWindow: 168,
      seasonWindow: 24 * 8,
      minHistory: 48,
      windowLength: 6,
    };
    // Only series with at least a request a day on average; the rest never reach the minimum counts.
    const busy = series.filter((s) => s.counts.reduce((a, b) => a + b, 0) >= s.counts.length / 24);
    const label = `LA type × APC, hourly, ${files[0]!.slice(11, 21)} + ${Math.round(busy[0]!.counts.length / 24)} days`;
    return { label, series: busy, options, bucketsPerYear: 24 * 365.25, slot: 36, warmup: 54 };
  });
}

/** Local mean around a bucket: what "ordinary" is there, to size a surge. */
function localMean(counts: readonly number[], at: number, span: number): number {
  const from = Math.max(0, at - span);
  const to = Math.min(counts.length, at + span);
  let s = 0;
  for (let i = from; i < to; i++) s += counts[i]!;
  return s / Math.max(1, to - from);
}

function surges(windowLength: number): Surge[] {
  const add = (k: number, length: number): Surge => ({
    label: length === 1 ? `1 bucket +${k}σ` : `${length} buckets +${k}σ (sum)`,
    length,
    plant(counts, at, len, mean) {
      // The excess is k standard deviations of the window's sum under Poisson (σ at least 1), spread over the window.
      const extra = Math.round(k * Math.sqrt(Math.max(1, mean * len)));
      for (let j = 0; j < extra; j++) counts[at + (j % len)]! += 1;
    },
  });
  const times = (f: number, length: number): Surge => ({
    label: `${length} buckets ×${f}`,
    length,
    plant(counts, at, len) {
      for (let i = at; i < at + len; i++) counts[i] = Math.round(counts[i]! * f);
    },
  });
  return [add(3, 1), add(5, 1), add(8, 1), add(3, windowLength), add(5, windowLength), add(8, windowLength), times(2, windowLength), times(3, windowLength)];
}

/** Seeded uniform in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Row {
  dataSet: string;
  surge: string;
  seriesYears: number;
  planted: number;
  detected: number;
  delays: number[];
  falseAlarms: number;
}

function evaluate(set: DataSet, surge: Surge | null, seed: number): Row {
  const rand = random(seed);
  const row: Row = { dataSet: set.label, surge: surge?.label ?? 'none (real series as is)', seriesYears: 0, planted: 0, detected: 0, delays: [], falseAlarms: 0 };
  for (const s of set.series) {
    const counts = [...s.counts];
    const windows: [number, number][] = [];
    if (surge) {
      for (let slot = set.warmup; slot + set.slot <= counts.length; slot += set.slot) {
        const at = slot + Math.floor(rand() * (set.slot - surge.length - set.options.windowLength));
        surge.plant(counts, at, surge.length, localMean(s.counts, at, set.options.period * 4));
        windows.push([at, at + surge.length - 1]);
      }
    }
    const alarms = detectSpikes(counts, set.options, set.warmup).map((f) => f.index);
    row.seriesYears += (counts.length - set.warmup) / set.bucketsPerYear;
    row.planted += windows.length;
    for (const [from, to] of windows) {
      const hit = alarms.find((i) => i >= from && i <= to);
      if (hit !== undefined) {
        row.detected++;
        row.delays.push(hit - from);
      }
    }
    // Alarms in a surge, or in the week after it while the surge is still in the summed window, are not false.
    const excused = (i: number) => windows.some(([from, to]) => i >= from && i <= to + set.options.windowLength - 1);
    row.falseAlarms += alarms.filter((i) => !excused(i)).length;
  }
  return row;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main(): void {
  const started = performance.now();
  const sets = [...nycDataSets(), ...laDataSets()];
  const rows: Row[] = [];
  for (const set of sets) {
    const total = set.series.reduce((a, s) => a + s.counts.reduce((x, y) => x + y, 0), 0);
    const buckets = set.series.reduce((a, s) => a + s.counts.length, 0);
    console.log(`${set.label}: ${set.series.length} series, ${buckets} buckets, mean ${(total / buckets).toFixed(3)} per bucket`);
    rows.push(evaluate(set, null, SEED));
    surges(set.options.windowLength).forEach((surge, i) => rows.push(evaluate(set, surge, SEED * 100 + i)));
  }
  console.log('');
  console.log('| data set | surge | series-years | planted | detected | recall | median delay (buckets) | false alarms / series-year |');
  console.log('|---|---|--:|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    const recall = r.planted > 0 ? `${((100 * r.detected) / r.planted).toFixed(1)} %` : '–';
    const delay = median(r.delays);
    console.log(
      `| ${r.dataSet} | ${r.surge} | ${r.seriesYears.toFixed(r.seriesYears < 1 ? 3 : 1)} | ${r.planted || '–'} | ${r.planted ? r.detected : '–'} | ${recall} | ${delay ?? '–'} | ${(r.falseAlarms / r.seriesYears).toFixed(2)} (${r.falseAlarms}) |`,
    );
  }
  hotspotTable();
  console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** DBSCAN on the LA 311 coordinates: per request type (as the product clusters one category) and all together. */
function hotspotTable(): void {
  const files = ['la_myla311_2017-12-27_to_12-31_10k.csv', 'la_myla311_2018-01-01_to_01-04_10k.csv', 'la_myla311_2018-12-27_to_12-31_10k.csv'];
  const requests = files.flatMap(load).filter((r) => r.latitude !== null && r.longitude !== null);
  const groups = new Map<string, ServiceRequest[]>([['(all types)', requests]]);
  for (const r of requests) {
    const group = groups.get(r.category);
    if (group) group.push(r);
    else groups.set(r.category, [r]);
  }
  console.log('\n| LA 311 points | eps (m) | minPts | points | clusters | largest (count, radius m) | in clusters | time |');
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
  const runs: [string, number, number][] = [
    ['(all types)', 100, 5], ['(all types)', 250, 10], ['(all types)', 1000, 30],
    ['Bulky Items', 250, 10], ['Illegal Dumping Pickup', 250, 5], ['Homeless Encampment', 250, 5], ['Dead Animal Removal', 500, 5],
  ];
  for (const [type, eps, minPts] of runs) {
    const points = (groups.get(type) ?? []).map((r) => ({ id: r.id, latitude: r.latitude!, longitude: r.longitude! }));
    const t = performance.now();
    const hotspots = findHotspots(points, eps, minPts);
    const ms = performance.now() - t;
    const clustered = hotspots.reduce((a, h) => a + h.count, 0);
    const top = hotspots[0] ? `${hotspots[0].count}, ${hotspots[0].radiusMetres}` : '–';
    console.log(`| ${type} | ${eps} | ${minPts} | ${points.length} | ${hotspots.length} | ${top} | ${((100 * clustered) / Math.max(1, points.length)).toFixed(0)} % | ${ms.toFixed(0)} ms |`);
  }
}

main();
