import { DEFAULT_FEATURES, type FeatureOptions, inverseDocumentFrequency, type RawFeatures, rawFeatures, type SparseVector, weigh } from './features.js';

/**
 * A one-vs-rest linear SVM over hashed TF-IDF features (see features.ts), trained by dual coordinate descent for the
 * L2-regularised squared-hinge loss (Hsieh et al. 2008, the LIBLINEAR solver sklearn's LinearSVC runs), with a bias
 * feature of 1 as LIBLINEAR adds it. Confidence is the softmax of the scores at a temperature fitted on a held-out
 * slice (minimum log loss), so 0.8 means right about 8 times in 10 on texts like the training ones.
 */
export interface TrainOptions {
  /** Inverse regularisation strength (LinearSVC's C), used as it is when given; else chosen from `cGrid`. */
  c: number;
  /**
   * The candidate values of C that k-fold cross-validation on the training examples chooses from (the best
   * out-of-fold macro-F1) when `c` is not given. Empty: no selection, C = `c`.
   */
  cGrid: readonly number[];
  /** Folds of that cross-validation (at most one per example). */
  folds: number;
  /**
   * At most this many examples (a stratified, seeded sample) go into the cross-validation, so that its cost stays
   * bounded however large the training set; the final model is trained on every example.
   */
  selectionSample: number;
  /**
   * Weights of complement naive Bayes scores added to the SVM's that the cross-validation also tries (besides 0, the
   * SVM alone), each with every α of `nbAlphaGrid`. Without selection, `nbWeight` and `nbAlpha` are used.
   */
  nbWeightGrid: readonly number[];
  nbAlphaGrid: readonly number[];
  nbWeight: number;
  nbAlpha: number;
  /** Class weights inversely proportional to each label's count (sklearn's class_weight="balanced"). */
  balanced: boolean;
  /** Passes over the data at most, per label. */
  maxEpochs: number;
  /** Stop when the projected gradient's spread falls below this (LIBLINEAR's eps). */
  tolerance: number;
  /** Without C selection: share of each label held out to fit the temperature (the final model is trained on everything). */
  calibrationShare: number;
  seed: number;
  features: FeatureOptions;
}

/** Powers of two around LinearSVC's default C = 1. */
export const C_GRID: readonly number[] = [0.25, 0.5, 1, 2, 4];

export const DEFAULT_TRAIN: TrainOptions = { c: 1, cGrid: C_GRID, folds: 5, selectionSample: 3000, nbWeightGrid: [0.25, 0.5, 1], nbAlphaGrid: [0.01, 0.1, 1], nbWeight: 0, nbAlpha: 1, balanced: false, maxEpochs: 100, tolerance: 0.1, calibrationShare: 0.1, seed: 1, features: DEFAULT_FEATURES };

export interface LabelledText {
  text: string;
  label: string;
}

/** A trained classifier. Weights are feature-major: weights[bucket * labels.length + label]. */
export interface LinearModel {
  labels: string[];
  features: FeatureOptions;
  idf: Float32Array;
  weights: Float32Array;
  bias: Float32Array;
  temperature: number;
  c: number;
  /** The complement naive Bayes blend folded into the weights (0: none), and its α; for the record. */
  nbWeight?: number;
  nbAlpha?: number;
  trainedOn: number;
}

export interface Prediction {
  label: string;
  confidence: number;
}

/** Why training could not start: reported to the user as it is. */
export class TrainingDataError extends Error {}

/** A small seeded generator (mulberry32), so training is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkExamples(examples: readonly LabelledText[]): string[] {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const labels = [...counts.keys()].sort();
  if (labels.length < 2) throw new TrainingDataError(`training needs at least two labels; the examples have ${labels.length === 0 ? 'none' : `only "${labels[0]}"`}`);
  const single = labels.filter((l) => counts.get(l) === 1);
  if (single.length > 0) throw new TrainingDataError(`each label needs at least two examples; ${single.length === 1 ? 'this label has' : 'these labels have'} one: ${single.map((l) => JSON.stringify(l)).join(', ')}`);
  return labels;
}

/** The dual variables of one binary problem, kept between fits so a larger C can start where a smaller one ended. */
interface BinaryState {
  alpha: Float64Array;
  w: Float64Array;
  b: number;
}

/**
 * Dual coordinate descent for one label against the rest (LIBLINEAR's L2-loss dual solver, with a bias feature). Each
 * side has its own C (cPositive, cNegative), as LIBLINEAR's class weights. `state` is updated in place: a warm start.
 */
function solveBinary(vectors: readonly SparseVector[], positive: Uint8Array, cPositive: number, cNegative: number, options: TrainOptions, random: () => number, state: BinaryState): void {
  const n = vectors.length;
  const { alpha, w } = state;
  let b = state.b;
  const diagPositive = 1 / (2 * cPositive);
  const diagNegative = 1 / (2 * cNegative);
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as SparseVector;
    let s = 1; // the bias feature
    for (let k = 0; k < v.values.length; k++) s += (v.values[k] as number) ** 2;
    qd[i] = s + (positive[i] ? diagPositive : diagNegative);
  }
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let maxPg = -Infinity;
    let minPg = Infinity;
    for (let p = 0; p < n; p++) {
      const i = order[p] as number;
      const v = vectors[i] as SparseVector;
      const y = positive[i] ? 1 : -1;
      let dot = b;
      for (let k = 0; k < v.indices.length; k++) dot += w[v.indices[k] as number]! * (v.values[k] as number);
      const a = alpha[i] as number;
      const g = y * dot - 1 + (positive[i] ? diagPositive : diagNegative) * a;
      const pg = a === 0 ? Math.min(g, 0) : g;
      if (pg > maxPg) maxPg = pg;
      if (pg < minPg) minPg = pg;
      if (pg === 0) continue;
      const next = Math.max(a - g / (qd[i] as number), 0);
      const step = (next - a) * y;
      alpha[i] = next;
      if (step === 0) continue;
      for (let k = 0; k < v.indices.length; k++) w[v.indices[k] as number]! += step * (v.values[k] as number);
      b += step;
    }
    if (maxPg - minPg < options.tolerance) break;
  }
  state.b = b;
}

function newState(n: number, dims: number): BinaryState {
  return { alpha: new Float64Array(n), w: new Float64Array(dims), b: 0 };
}

/**
 * C for each side of label l's separator: C itself, or with balanced class weights C × n / (labels × count of the
 * side's label(s)), as sklearn's class_weight="balanced" (the rest side weighs as the mean of its labels).
 */
function sideCosts(c: number, balanced: boolean, counts: readonly number[], l: number, n: number): [number, number] {
  if (!balanced) return [c, c];
  const k = counts.length;
  const rest = counts.reduce((a, x, j) => (j === l ? a : a + x), 0);
  return [(c * n) / (k * (counts[l] as number)), (c * n * (k - 1)) / (k * rest)];
}

/** The separators a set of labels needs: two labels need one (the second label's scores are the first's negated). */
function separatorCount(labels: readonly string[]): number {
  return labels.length === 2 ? 1 : labels.length;
}

interface Encoded {
  idf: Float32Array;
  vectors: SparseVector[];
}

/** IDF from the given texts' raw features, and the weighted vectors of all of them. */
function encode(raw: readonly RawFeatures[], fitRows: readonly number[], hashBits: number): Encoded {
  const idf = inverseDocumentFrequency(fitRows.map((i) => raw[i] as RawFeatures), hashBits);
  return { idf, vectors: raw.map((r) => weigh(r, idf)) };
}

/**
 * Complement naive Bayes (Rennie et al. 2003, sklearn's ComplementNB) on the same weighted vectors, as linear weights:
 * label l's weight of a bucket is −log((its mass in the other labels' texts + α) / (their total mass + α × buckets)),
 * centred across labels (only differences decide) and scaled so that the training texts' scores have a standard
 * deviation of 1, on the scale of the SVM's margins. Returns the buckets the texts use and their weights (bucket-major).
 */
function complementWeights(vectors: readonly SparseVector[], y: ArrayLike<number>, k: number, alpha: number): { buckets: Int32Array; w: Float64Array } {
  const slot = new Map<number, number>();
  for (const v of vectors) for (const f of v.indices) if (!slot.has(f)) slot.set(f, slot.size);
  const m = slot.size;
  const mass = new Float64Array(m * k);
  const total = new Float64Array(m);
  vectors.forEach((v, i) => {
    const l = y[i] as number;
    for (let j = 0; j < v.indices.length; j++) {
      const at = slot.get(v.indices[j] as number) as number;
      mass[at * k + l]! += v.values[j] as number;
      total[at]! += v.values[j] as number;
    }
  });
  let all = 0;
  for (const x of total) all += x;
  const labelMass = new Float64Array(k);
  for (let at = 0; at < m; at++) for (let l = 0; l < k; l++) labelMass[l]! += mass[at * k + l] as number;
  const w = new Float64Array(m * k);
  for (let at = 0; at < m; at++) {
    let mean = 0;
    for (let l = 0; l < k; l++) {
      const other = (total[at] as number) - (mass[at * k + l] as number);
      const value = -Math.log((other + alpha) / (all - (labelMass[l] as number) + alpha * m));
      w[at * k + l] = value;
      mean += value / k;
    }
    for (let l = 0; l < k; l++) w[at * k + l]! -= mean;
  }
  let sum = 0;
  let count = 0;
  for (const v of vectors) {
    for (let l = 0; l < k; l++) {
      let score = 0;
      for (let j = 0; j < v.indices.length; j++) score += (w[(slot.get(v.indices[j] as number) as number) * k + l] as number) * (v.values[j] as number);
      sum += score * score;
      count++;
    }
  }
  const scale = sum === 0 ? 0 : 1 / Math.sqrt(sum / count);
  for (let i = 0; i < w.length; i++) w[i]! *= scale;
  return { buckets: Int32Array.from(slot.keys()), w };
}

/** The settings cross-validation chooses among, and a fixed model's. */
interface Blend {
  c: number;
  /** Weight of the complement naive Bayes scores added to the SVM's (0: the SVM alone). */
  nbWeight: number;
  /** Its additive smoothing α. */
  nbAlpha: number;
}

function fit(examples: readonly LabelledText[], raw: readonly RawFeatures[], labels: string[], options: TrainOptions, blend: Blend): LinearModel {
  const all = examples.map((_, i) => i);
  const { idf, vectors } = encode(raw, all, options.features.hashBits);
  const dims = 1 << options.features.hashBits;
  const k = labels.length;
  const weights = new Float32Array(dims * k);
  const bias = new Float32Array(k);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const y = Int32Array.from(examples, (e) => labelIndex.get(e.label) as number);
  const counts = labels.map((_, l) => y.filter((x) => x === l).length);
  const random = seededRandom(options.seed);
  const separators = separatorCount(labels);
  for (let l = 0; l < separators; l++) {
    const positive = Uint8Array.from(y, (x) => (x === l ? 1 : 0));
    const state = newState(vectors.length, dims);
    const [cp, cn] = sideCosts(blend.c, options.balanced, counts, l, examples.length);
    solveBinary(vectors, positive, cp, cn, options, random, state);
    for (let f = 0; f < dims; f++) {
      const value = state.w[f] as number;
      if (value === 0) continue;
      weights[f * k + l] = value;
      if (separators === 1) weights[f * k + 1] = -value;
    }
    bias[l] = state.b;
    if (separators === 1) bias[1] = -state.b;
  }
  if (blend.nbWeight > 0) {
    const nb = complementWeights(vectors, y, k, blend.nbAlpha);
    nb.buckets.forEach((f, at) => {
      for (let l = 0; l < k; l++) weights[f * k + l]! += blend.nbWeight * (nb.w[at * k + l] as number);
    });
  }
  return { labels, features: options.features, idf, weights, bias, temperature: 1, c: blend.c, nbWeight: blend.nbWeight, nbAlpha: blend.nbWeight > 0 ? blend.nbAlpha : 0, trainedOn: examples.length };
}

/** Assigns each example a fold (0..folds-1): within each label, a seeded shuffle dealt round-robin, continuing across labels. */
export function stratifiedFolds(labelsOf: readonly string[], folds: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labelsOf.forEach((l, i) => {
    const rows = byLabel.get(l);
    if (rows === undefined) byLabel.set(l, [i]);
    else rows.push(i);
  });
  const fold = new Int32Array(labelsOf.length);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const rows = byLabel.get(label) as number[];
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    for (const r of rows) {
      fold[r] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

/** What cross-validation found: the out-of-fold macro-F1 of each candidate, the chosen one, and its out-of-fold scores. */
export interface ModelSelection {
  folds: number;
  candidates: Array<Blend & { macroF1: number }>;
  chosen: Blend;
  outOfFold: Float64Array[];
}

/** Macro-F1 of the labels argmax(scores) gives, against y (label indices), over every label. */
function macroF1(all: readonly Float64Array[], y: Int32Array, k: number): number {
  const tp = new Float64Array(k);
  const predicted = new Float64Array(k);
  const support = new Float64Array(k);
  all.forEach((s, i) => {
    let best = 0;
    for (let l = 1; l < k; l++) if ((s[l] as number) > (s[best] as number)) best = l;
    predicted[best]! += 1;
    support[y[i] as number]! += 1;
    if (best === y[i]) tp[best]! += 1;
  });
  let sum = 0;
  for (let l = 0; l < k; l++) {
    const denominator = (predicted[l] as number) + (support[l] as number);
    sum += denominator === 0 ? 0 : (2 * (tp[l] as number)) / denominator;
  }
  return sum / k;
}

/**
 * k-fold cross-validation on the training examples only. For each fold: IDF from the other folds; the SVM at every
 * candidate C in ascending order, each warm-started from the previous one's dual variables; complement naive Bayes at
 * every candidate α. Every (C, NB weight, α) blend of the out-of-fold scores is then scored by its pooled macro-F1; the
 * best wins; a tie goes to the smaller NB weight (the SVM alone first), then the smaller α, then the smaller C.
 */
function select(examples: readonly LabelledText[], raw: readonly RawFeatures[], labels: string[], options: TrainOptions): ModelSelection {
  const n = examples.length;
  const k = labels.length;
  const folds = Math.max(2, Math.min(options.folds, n));
  const cs = [...new Set(options.cGrid)].sort((a, b) => a - b);
  const nbWeights = [...new Set([0, ...options.nbWeightGrid])].sort((a, b) => a - b);
  const alphas = nbWeights.length > 1 ? [...new Set(options.nbAlphaGrid)].sort((a, b) => a - b) : [];
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const y = Int32Array.from(examples, (e) => labelIndex.get(e.label) as number);
  const fold = stratifiedFolds(examples.map((e) => e.label), folds, options.seed);
  const dims = 1 << options.features.hashBits;
  const separators = separatorCount(labels);
  const blank = () => Array.from({ length: n }, () => new Float64Array(k));
  const svm = cs.map(blank);
  const nb = alphas.map(blank);
  for (let f = 0; f < folds; f++) {
    const fitRows: number[] = [];
    const heldRows: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? heldRows : fitRows).push(i);
    const { vectors } = encode(raw, fitRows, options.features.hashBits);
    const fitVectors = fitRows.map((i) => vectors[i] as SparseVector);
    const fitY = Int32Array.from(fitRows, (i) => y[i] as number);
    const counts = labels.map((_, l) => fitY.filter((x) => x === l).length);
    const random = seededRandom(options.seed + 1 + f);
    for (let l = 0; l < separators; l++) {
      const positive = Uint8Array.from(fitY, (x) => (x === l ? 1 : 0));
      const state = newState(fitRows.length, dims);
      cs.forEach((c, ci) => {
        const [cp, cn] = sideCosts(c, options.balanced, counts, l, fitRows.length);
        solveBinary(fitVectors, positive, cp, cn, options, random, state);
        for (const i of heldRows) {
          const v = vectors[i] as SparseVector;
          let s = state.b;
          for (let j = 0; j < v.indices.length; j++) s += (state.w[v.indices[j] as number] as number) * (v.values[j] as number);
          const out = (svm[ci] as Float64Array[])[i] as Float64Array;
          out[l] = s;
          if (separators === 1) out[1] = -s;
        }
      });
    }
    alphas.forEach((alpha, ai) => {
      const { buckets, w } = complementWeights(fitVectors, fitY, k, alpha);
      const slot = new Map(Array.from(buckets, (b, at) => [b, at]));
      for (const i of heldRows) {
        const v = vectors[i] as SparseVector;
        const out = (nb[ai] as Float64Array[])[i] as Float64Array;
        for (let j = 0; j < v.indices.length; j++) {
          const at = slot.get(v.indices[j] as number);
          if (at === undefined) continue;
          for (let l = 0; l < k; l++) out[l]! += (w[at * k + l] as number) * (v.values[j] as number);
        }
      }
    });
  }
  const candidates: ModelSelection['candidates'] = [];
  let best: { blend: Blend; macroF1: number; scores: Float64Array[] } | null = null;
  for (const nbWeight of nbWeights) {
    for (const [ai, nbAlpha] of (nbWeight === 0 ? [[-1, 0] as const] : alphas.map((a, i) => [i, a] as const))) {
      cs.forEach((c, ci) => {
        const scores = (svm[ci] as Float64Array[]).map((s, i) => (ai < 0 ? s : s.map((x, l) => x + nbWeight * (((nb[ai] as Float64Array[])[i] as Float64Array)[l] as number))));
        const f1 = macroF1(scores, y, k);
        candidates.push({ c, nbWeight, nbAlpha, macroF1: f1 });
        if (best === null || f1 > best.macroF1) best = { blend: { c, nbWeight, nbAlpha }, macroF1: f1, scores };
      });
    }
  }
  const chosen = best as unknown as { blend: Blend; scores: Float64Array[] };
  return { folds, candidates, chosen: chosen.blend, outOfFold: chosen.scores };
}

/** Each label's score for a text. */
export function scores(model: LinearModel, text: string): Float64Array {
  const v = weigh(rawFeatures(text, model.features), model.idf);
  const k = model.labels.length;
  const out = Float64Array.from(model.bias);
  for (let j = 0; j < v.indices.length; j++) {
    const base = (v.indices[j] as number) * k;
    const x = v.values[j] as number;
    for (let l = 0; l < k; l++) out[l]! += (model.weights[base + l] as number) * x;
  }
  return out;
}

function softmax(s: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const x of s) if (x > max) max = x;
  const out = s.map((x) => Math.exp((x - max) / temperature));
  const sum = out.reduce((a, x) => a + x, 0);
  return out.map((x) => x / sum);
}

/** The most likely label of a text and the calibrated confidence in it (0..1). */
export function predict(model: LinearModel, text: string): Prediction {
  const p = softmax(scores(model, text), model.temperature);
  let best = 0;
  for (let l = 1; l < p.length; l++) if ((p[l] as number) > (p[best] as number)) best = l;
  return { label: model.labels[best] as string, confidence: p[best] as number };
}

/** Splits examples into (train, held out) within each label, by a seeded shuffle; a label of two keeps one in train. */
export function stratifiedSplit<T extends { label: string }>(examples: readonly T[], share: number, seed: number): [T[], T[]] {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const rows = byLabel.get(e.label);
    if (rows === undefined) byLabel.set(e.label, [i]);
    else rows.push(i);
  });
  const held = new Set<number>();
  for (const rows of byLabel.values()) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    const n = Math.min(rows.length - 1, Math.round(rows.length * share));
    for (const r of rows.slice(0, n)) held.add(r);
  }
  return [examples.filter((_, i) => !held.has(i)), examples.filter((_, i) => held.has(i))];
}

/** The temperature that gives these scores the least log loss against their labels (a search over a log grid). */
function fitTemperature(all: ReadonlyArray<{ s: Float64Array; y: number }>): number {
  if (all.length === 0) return 1;
  const loss = (t: number) => all.reduce((sum, { s, y }) => sum - Math.log(Math.max((softmax(s, t)[y] as number) ?? 0, 1e-12)), 0);
  let best = 1;
  let bestLoss = loss(1);
  for (let e = -40; e <= 20; e++) {
    const t = Math.exp(e / 10);
    const l = loss(t);
    if (l < bestLoss) [best, bestLoss] = [t, l];
  }
  return best;
}

function resolve(options: Partial<TrainOptions>): TrainOptions {
  return { ...DEFAULT_TRAIN, ...options, features: { ...DEFAULT_TRAIN.features, ...options.features } };
}

/**
 * Trains a classifier on labelled texts. Without an explicit `c`, C is chosen by k-fold cross-validation on the
 * examples (see `cGrid`), and the confidence temperature is fitted on the chosen C's out-of-fold scores; with one,
 * the temperature comes from a first fit on all but a held-out share. Either way the model is then trained on every
 * example. Throws TrainingDataError when the examples cannot make one (fewer than two labels, a label with a single
 * example).
 */
export function train(examples: readonly LabelledText[], options: Partial<TrainOptions> = {}): LinearModel {
  return trainWithSelection(examples, options).model;
}

/** As `train`, and also what cross-validation found (null when C was given or the grid is empty). */
export function trainWithSelection(examples: readonly LabelledText[], options: Partial<TrainOptions> = {}): { model: LinearModel; selection: ModelSelection | null } {
  const o = resolve(options);
  const labels = checkExamples(examples);
  const raw = examples.map((e) => rawFeatures(e.text, o.features));
  if (options.c === undefined && o.cGrid.length > 0) {
    const indexed = examples.map((e, i) => ({ ...e, i }));
    const sample = examples.length > o.selectionSample ? stratifiedSplit(indexed, 1 - o.selectionSample / examples.length, o.seed)[0] : indexed;
    const selection = select(sample, sample.map((e) => raw[e.i] as RawFeatures), labels, o);
    const temperature = fitTemperature(selection.outOfFold.map((s, i) => ({ s, y: labels.indexOf((sample[i] as LabelledText).label) })));
    return { model: { ...fit(examples, raw, labels, o, selection.chosen), temperature }, selection };
  }
  const fixed: Blend = { c: o.c, nbWeight: o.nbWeight, nbAlpha: o.nbAlpha };
  let temperature = 1;
  const [fitPart, heldOut] = stratifiedSplit(examples.map((e, i) => ({ ...e, i })), o.calibrationShare, o.seed);
  if (heldOut.length > 0 && new Set(fitPart.map((e) => e.label)).size === labels.length) {
    const first = fit(fitPart, fitPart.map((e) => raw[e.i] as RawFeatures), labels, o, fixed);
    temperature = fitTemperature(heldOut.map((e) => ({ s: scores(first, e.text), y: labels.indexOf(e.label) })));
  }
  return { model: { ...fit(examples, raw, labels, o, fixed), temperature }, selection: null };
}
