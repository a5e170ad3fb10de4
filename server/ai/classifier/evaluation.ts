/** Accuracy, per-label precision/recall/F1, macro-F1 and the confusion matrix of predictions against the truth. */
export interface Evaluation {
  labels: string[];
  examples: number;
  accuracy: number;
  macroF1: number;
  perLabel: Array<{ label: string; precision: number; recall: number; f1: number; support: number }>;
  /** confusion[truth][predicted], in the order of `labels`. */
  confusion: number[][];
}

/** Scores predictions as sklearn's f1_score(average='macro') does: over the labels in the truth or the predictions. */
export function evaluate(truth: readonly string[], predicted: readonly string[]): Evaluation {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const labels = [...new Set([...truth, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i] as string;
    (confusion[index.get(t) as number] as number[])[index.get(p) as number]! += 1;
    if (t === p) correct++;
  });
  const perLabel = labels.map((label, l) => {
    const tp = (confusion[l] as number[])[l] as number;
    const support = (confusion[l] as number[]).reduce((a, x) => a + x, 0);
    const predictedCount = confusion.reduce((a, row) => a + (row[l] as number), 0);
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  const macroF1 = perLabel.length === 0 ? 0 : perLabel.reduce((a, x) => a + x.f1, 0) / perLabel.length;
  return { labels, examples: truth.length, accuracy: truth.length === 0 ? 0 : correct / truth.length, macroF1, perLabel, confusion };
}

/** The evaluation as a text report: the figures, per-label lines, and the confusion matrix with truth down the side. */
export function formatEvaluation(e: Evaluation): string {
  const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
  const width = Math.min(30, Math.max(5, ...e.labels.map((l) => l.length)));
  const cut = (l: string) => (l.length > width ? `${l.slice(0, width - 1)}…` : l).padEnd(width);
  const lines = [`examples  ${e.examples}`, `accuracy  ${(e.accuracy * 100).toFixed(1)}%`, `macro-F1  ${e.macroF1.toFixed(4)}`, '', `${'label'.padEnd(width)}  precision  recall     F1  support`];
  for (const p of e.perLabel) lines.push(`${cut(p.label)}  ${pct(p.precision)}%    ${pct(p.recall)}%  ${p.f1.toFixed(3)}  ${String(p.support).padStart(7)}`);
  lines.push('', `confusion (rows: true label, columns: predicted, in the order above)`);
  const cell = Math.max(5, ...e.confusion.flat().map((x) => String(x).length + 1));
  e.labels.forEach((label, i) => lines.push(`${cut(label)}  ${(e.confusion[i] as number[]).map((x) => String(x).padStart(cell)).join('')}`));
  return lines.join('\n');
}
