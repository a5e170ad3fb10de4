import { evaluate, type Evaluation } from '../classifier/evaluation.js';
import { predict, scores, type LabelledText, type LinearModel } from '../classifier/linear-model.js';

/** A label and the model's calibrated confidence in it. */
export interface RankedLabel {
  label: string;
  confidence: number;
}

/**
 * The `n` most likely labels of a text, most likely first, with the model's confidence in each (the softmax of its
 * scores at the model's fitted temperature, as `predict` computes it for the best label).
 */
export function topLabels(model: LinearModel, text: string, n: number): RankedLabel[] {
  const s = scores(model, text);
  let max = -Infinity;
  for (const x of s) if (x > max) max = x;
  const e = Array.from(s, (x) => Math.exp((x - max) / model.temperature));
  const sum = e.reduce((a, x) => a + x, 0);
  return e.map((x, i) => ({ label: model.labels[i] as string, confidence: x / sum })).sort((a, b) => b.confidence - a.confidence || a.label.localeCompare(b.label)).slice(0, n);
}

/**
 * Splits examples (oldest first) into what a candidate trains on and the newest `share` it is judged on. Newest, not
 * a random slice: the model will route the complaints that come next, so it is judged on the latest ones, and
 * near-copies filed the same week cannot sit on both sides.
 */
export function newestHeldOut<T>(examplesOldestFirst: readonly T[], share: number): { training: T[]; heldOut: T[] } {
  const held = Math.round(examplesOldestFirst.length * share);
  const cut = examplesOldestFirst.length - held;
  return { training: examplesOldestFirst.slice(0, cut), heldOut: examplesOldestFirst.slice(cut) };
}

/** The examples whose label has at least two (training refuses a label with one). */
export function trainableExamples(examples: readonly LabelledText[]): LabelledText[] {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  return examples.filter((e) => (counts.get(e.label) ?? 0) >= 2);
}

/** A model's figures on labelled texts (accuracy, macro-F1, per label). */
export function evaluateOn(model: LinearModel, examples: readonly LabelledText[]): Evaluation {
  return evaluate(examples.map((e) => e.label), examples.map((e) => predict(model, e.text).label));
}

/** A candidate replaces the active model when its macro-F1 on the same held-out slice is no worse. */
export function isNoWorse(candidate: Evaluation, active: Evaluation | null): boolean {
  return active === null || candidate.macroF1 >= active.macroF1;
}
