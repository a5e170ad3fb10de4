/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares), written here:
 * a dozen features need no library. Deterministic: the same rows give the same coefficients.
 */

/** A fitted logistic model on raw (unstandardised) features: P(y = 1) = σ(intercept + Σ weights·x). */
export interface LogisticFit {
  intercept: number;
  weights: number[];
  /** Newton steps taken. */
  iterations: number;
}

/** How to fit. */
export interface LogisticOptions {
  /** L2 penalty on the standardised weights (the intercept is not penalised), as a sum over rows: λ·‖w‖²/2. */
  l2?: number;
  maxIterations?: number;
  /** Per feature: +1 the weight may not be negative, −1 not positive, 0 free. A weight that wants the wrong sign is held at 0. */
  signs?: readonly number[];
}

/** The logistic function, safe at both ends. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Log-odds of a probability, clamped away from 0 and 1. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/**
 * Fits on rows `x` (each the same length) and labels `y` (0 or 1). Features are standardised for the fit (so the
 * penalty treats them alike) and the coefficients turned back to the raw scale. Sign constraints are kept by an
 * active set: a weight fitted with the wrong sign is fixed at 0 and the rest refitted, until none is wrong.
 */
export function fitLogistic(x: readonly (readonly number[])[], y: readonly number[], options: LogisticOptions = {}): LogisticFit {
  const d = x[0]?.length ?? 0;
  const l2 = options.l2 ?? 1;
  const signs = options.signs ?? [];
  const { mean, scale } = standardisation(x, d);
  const z = x.map((row) => row.map((v, j) => (v - mean[j]!) / scale[j]!));
  const fixed = new Set<number>(mean.flatMap((_, j) => (scale[j] === Infinity ? [j] : [])));
  for (;;) {
    const free = [...Array(d).keys()].filter((j) => !fixed.has(j));
    const fit = newton(z.map((row) => free.map((j) => row[j]!)), y, l2, options.maxIterations ?? 50);
    const wrong = free.filter((j, k) => (signs[j] ?? 0) * fit.w[k]! < 0);
    if (wrong.length === 0) {
      const w = new Array<number>(d).fill(0);
      free.forEach((j, k) => (w[j] = fit.w[k]! / scale[j]!));
      const intercept = fit.b - w.reduce((s, wj, j) => s + wj * mean[j]!, 0);
      return { intercept, weights: w, iterations: fit.iterations };
    }
    for (const j of wrong) fixed.add(j);
  }
}

// Mean and standard deviation per column; a constant column gets an infinite scale (its weight stays 0).
function standardisation(x: readonly (readonly number[])[], d: number) {
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of x) row.forEach((v, j) => (mean[j]! += v / x.length));
  for (const row of x) row.forEach((v, j) => (scale[j]! += (v - mean[j]!) ** 2 / x.length));
  return { mean, scale: scale.map((v) => (v > 1e-12 ? Math.sqrt(v) : Infinity)) };
}

// Newton–Raphson on the penalised log-likelihood; the intercept is the last coordinate and is not penalised.
function newton(z: number[][], y: readonly number[], l2: number, maxIterations: number): { w: number[]; b: number; iterations: number } {
  const k = (z[0]?.length ?? 0) + 1;
  const beta = new Array<number>(k).fill(0);
  const positives = y.reduce((s, v) => s + v, 0);
  beta[k - 1] = Math.log((positives + 0.5) / (y.length - positives + 0.5));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gradient = new Array<number>(k).fill(0);
    const hessian = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    z.forEach((row, i) => {
      const features = [...row, 1];
      const p = sigmoid(features.reduce((s, v, j) => s + v * beta[j]!, 0));
      const weight = Math.max(p * (1 - p), 1e-10);
      for (let a = 0; a < k; a++) {
        gradient[a]! += (y[i]! - p) * features[a]!;
        for (let b = 0; b <= a; b++) hessian[a]![b]! += weight * features[a]! * features[b]!;
      }
    });
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < a; b++) hessian[b]![a] = hessian[a]![b]!;
      if (a < k - 1) {
        gradient[a]! -= l2 * beta[a]!;
        hessian[a]![a]! += l2;
      }
    }
    const step = solve(hessian, gradient);
    let largest = 0;
    step.forEach((s, j) => {
      beta[j]! += s;
      largest = Math.max(largest, Math.abs(s));
    });
    if (largest < 1e-8) break;
  }
  return { w: beta.slice(0, k - 1), b: beta[k - 1]!, iterations };
}

// Solves A·s = g for a symmetric positive-definite A (Cholesky; the L2 term keeps A definite).
function solve(a: number[][], g: number[]): number[] {
  const n = g.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let m = 0; m < j; m++) sum -= l[i]![m]! * l[j]![m]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j]![j]!;
    }
  }
  const t = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = g[i]!;
    for (let m = 0; m < i; m++) sum -= l[i]![m]! * t[m]!;
    t[i] = sum / l[i]![i]!;
  }
  const s = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = t[i]!;
    for (let m = i + 1; m < n; m++) sum -= l[m]![i]! * s[m]!;
    s[i] = sum / l[i]![i]!;
  }
  return s;
}
