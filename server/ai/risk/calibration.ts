/**
 * How good probability forecasts are on labelled outcomes: Brier score beside the base-rate (climatology) forecast,
 * log loss, AUC, expected calibration error and a reliability table.
 */

/** One reliability row: forecasts in a band, their mean, and how often the event happened. */
export interface ReliabilityRow {
  /** Lowest and highest forecast in the band. */
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Scores of forecasts `p` against outcomes `y` (0/1), with the constant forecast `baseRate` as reference. */
export interface Calibration {
  count: number;
  positives: number;
  brier: number;
  /** Brier of always forecasting the base rate (climatology). */
  brierReference: number;
  /** brier ÷ brierReference: below 1 the model beats climatology. */
  brierRatio: number;
  logLoss: number;
  /** Area under the ROC curve (ties count half); null when one class is absent. */
  auc: number | null;
  /** Expected calibration error over 10 equal-width bins of the forecast. */
  ece: number;
  /** Deciles of the forecast (equal counts). */
  reliability: ReliabilityRow[];
}

/** Scores forecasts; `baseRate` is the rate learnt where the model was (the training slice), not from `y`. */
export function calibration(p: readonly number[], y: readonly number[], baseRate: number): Calibration {
  const n = p.length;
  const positives = y.reduce((s, v) => s + v, 0);
  const mean = (f: (pi: number, yi: number) => number) => (n === 0 ? 0 : p.reduce((s, pi, i) => s + f(pi, y[i]!), 0) / n);
  const brier = mean((pi, yi) => (pi - yi) ** 2);
  const brierReference = mean((_, yi) => (baseRate - yi) ** 2);
  const clip = (v: number) => Math.min(1 - 1e-12, Math.max(1e-12, v));
  return {
    count: n,
    positives,
    brier,
    brierReference,
    brierRatio: brierReference === 0 ? (brier === 0 ? 1 : Infinity) : brier / brierReference,
    logLoss: mean((pi, yi) => -(yi * Math.log(clip(pi)) + (1 - yi) * Math.log(1 - clip(pi)))),
    auc: auc(p, y),
    ece: expectedCalibrationError(p, y),
    reliability: reliabilityTable(p, y, 10),
  };
}

/** AUC by ranks (Mann–Whitney U), ties at their mean rank. */
export function auc(p: readonly number[], y: readonly number[]): number | null {
  const order = p.map((v, i) => i).sort((a, b) => p[a]! - p[b]!);
  const ranks = new Array<number>(p.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && p[order[j + 1]!] === p[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const positives = y.reduce((s, v) => s + v, 0);
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const rankSum = y.reduce((s, v, i) => s + (v === 1 ? ranks[i]! : 0), 0);
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Σ over 10 equal-width bins of (share of forecasts in the bin) × |mean forecast − observed rate|. */
export function expectedCalibrationError(p: readonly number[], y: readonly number[], bins = 10): number {
  const sums = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
  p.forEach((pi, i) => {
    const bin = sums[Math.min(bins - 1, Math.floor(pi * bins))]!;
    bin.n += 1;
    bin.p += pi;
    bin.y += y[i]!;
  });
  return p.length === 0 ? 0 : sums.reduce((s, b) => s + (b.n === 0 ? 0 : Math.abs(b.p - b.y)), 0) / p.length;
}

/** Forecasts sorted and cut into `groups` bands of (nearly) equal count. */
export function reliabilityTable(p: readonly number[], y: readonly number[], groups: number): ReliabilityRow[] {
  const order = p.map((v, i) => i).sort((a, b) => p[a]! - p[b]!);
  const rows: ReliabilityRow[] = [];
  for (let g = 0; g < groups; g++) {
    const members = order.slice(Math.floor((g * order.length) / groups), Math.floor(((g + 1) * order.length) / groups));
    if (members.length === 0) continue;
    rows.push({
      from: p[members[0]!]!,
      to: p[members.at(-1)!]!,
      count: members.length,
      meanPredicted: members.reduce((s, i) => s + p[i]!, 0) / members.length,
      observedRate: members.reduce((s, i) => s + y[i]!, 0) / members.length,
    });
  }
  return rows;
}
