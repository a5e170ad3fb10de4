/**
 * Upper-tail probabilities of count distributions, for judging whether a day's count is surprising.
 * Pure arithmetic: no dependencies.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * P(X ≥ observed) for a count with the given mean and dispersion (variance = dispersion × mean).
 * dispersion 1 is Poisson; above 1 a negative binomial with the same mean and that variance.
 */
export function countUpperTail(observed: number, mean: number, dispersion = 1): number {
  const x = Math.ceil(observed);
  if (x <= 0) return 1;
  if (!(mean > 0)) return 0;
  // Barely overdispersed is Poisson: a huge negative-binomial size would lose precision in logGamma differences.
  const step = dispersion > 1.001 ? negativeBinomialSteps(mean, dispersion) : poissonSteps(mean);
  // Sum whichever side is shorter and more exact: below the mean the lower tail, above it the upper tail.
  if (x <= mean) {
    let term = Math.exp(step.logPmf(0));
    let lower = term;
    for (let k = 0; k < x - 1; k++) {
      term *= step.ratio(k);
      lower += term;
    }
    return Math.min(1, Math.max(0, 1 - lower));
  }
  let term = Math.exp(step.logPmf(x));
  let upper = term;
  for (let k = x; term > upper * 1e-15 && k < x + 100_000; k++) {
    term *= step.ratio(k);
    upper += term;
  }
  return Math.min(1, upper);
}

interface Steps {
  /** ln P(X = k). */
  logPmf(k: number): number;
  /** P(X = k + 1) / P(X = k). */
  ratio(k: number): number;
}

function poissonSteps(mean: number): Steps {
  return {
    logPmf: (k) => k * Math.log(mean) - mean - logGamma(k + 1),
    ratio: (k) => mean / (k + 1),
  };
}

function negativeBinomialSteps(mean: number, dispersion: number): Steps {
  // Variance = mean + mean²/size = dispersion × mean, so size = mean / (dispersion − 1).
  const size = mean / (dispersion - 1);
  const p = size / (size + mean);
  return {
    logPmf: (k) => logGamma(k + size) - logGamma(size) - logGamma(k + 1) + size * Math.log(p) + k * Math.log1p(-p),
    ratio: (k) => ((k + size) / (k + 1)) * (1 - p),
  };
}
