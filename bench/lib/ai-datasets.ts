/**
 * The labelled data sets of the AI bench and their held-out splits, exactly as bench/baseline/baseline.py makes them
 * (same rows dropped, same stratified split by FNV-1a of "<seed>:<row index>"), so the two compare like with like.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LabelledText } from '../../server/ai/classifier/linear-model.js';

export const SPLIT_SEED = 20261129;
export const TEST_SHARE = 0.2;

/** FNV-1a of the UTF-8 bytes of a text: a stable hash for seeded splits. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Python's round(): halves to even. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export function stratifiedSplit(rows: LabelledText[]): { train: LabelledText[]; test: LabelledText[] } {
  const byLabel = new Map<string, number[]>();
  rows.forEach((r, i) => byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), i]));
  const test = new Set<number>();
  for (const indices of byLabel.values()) {
    const sorted = indices.map((i) => ({ i, h: fnv1a(`${SPLIT_SEED}:${i}`) })).sort((a, b) => a.h - b.h || a.i - b.i);
    let n = roundHalfEven(sorted.length * TEST_SHARE);
    if (n === 0 && sorted.length >= 2) n = 1;
    for (const { i } of sorted.slice(0, n)) test.add(i);
  }
  return { train: rows.filter((_, i) => !test.has(i)), test: rows.filter((_, i) => test.has(i)) };
}

function clean(rows: Array<[unknown, unknown]>): LabelledText[] {
  const kept = rows.filter(([t, l]) => typeof t === 'string' && typeof l === 'string' && t.trim() !== '' && l.trim() !== '').map(([t, l]) => ({ text: t as string, label: l as string }));
  // A label written once (a typo such as "Neative") can be neither learnt nor tested: its row is dropped.
  const counts = new Map<string, number>();
  for (const r of kept) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  return kept.filter((r) => (counts.get(r.label) ?? 0) >= 2);
}

export interface BenchDataset {
  name: string;
  train: LabelledText[];
  test: LabelledText[];
}

/** Every bench data set, read from the shared data folder. */
export function loadBenchDatasets(dataDir: string): BenchDataset[] {
  const read = (...p: string[]) => readFileSync(join(dataDir, ...p), 'utf8');
  const csv = (text: string, options: object = {}) => parse(text, { bom: true, relax_column_count: true, ...options }) as unknown;
  const sambodhan = csv(read('complaints_text', 'sambodhan_grievances_train.csv'), { columns: true }) as Array<Record<string, string>>;
  const cfpb = JSON.parse(read('complaints_text', 'cfpb_narratives_ibm_train_700.json')) as Array<{ input: string; output: string }>;
  const uci = (csv(read('multilingual', 'roman_urdu_uci.csv')) as string[][]).filter((r) => r.length >= 2);
  const hate = (csv(read('multilingual', 'roman_urdu_hate_speech_task_2_train.tsv'), { delimiter: '\t', quote: false }) as string[][]).filter((r) => r.length >= 2);
  const news = (csv(read('multilingual', 'urdu_bend_the_truth_news.csv'), { columns: true }) as Array<Record<string, string>>).filter((r) => (r.text ?? '').trim() !== '' && (r.domain_code ?? '').trim() !== '');
  const split = (name: string, rows: LabelledText[]): BenchDataset => ({ name, ...stratifiedSplit(rows) });
  return [
    split('sambodhan-department', clean(sambodhan.map((r) => [r.grievance, r.department]))),
    split('sambodhan-urgency', clean(sambodhan.map((r) => [r.grievance, r.urgency]))),
    split('cfpb-product', clean(cfpb.map((r) => [r.input, r.output]))),
    split('roman-urdu-sentiment', clean(uci.map((r) => [r[0], r[1]]))),
    split('roman-urdu-hate', clean(hate.map((r) => [r[0], r[1]]))),
    {
      name: 'urdu-news-domain',
      train: news.filter((r) => r.split === 'train').map((r) => ({ text: r.text as string, label: r.domain_code as string })),
      test: news.filter((r) => r.split === 'test').map((r) => ({ text: r.text as string, label: r.domain_code as string })),
    },
  ];
}

/** RUHSOLD's rows as the abuse screen's two labels: abusive (0 abusive/offensive, 4 profane) and normal (1); religious hate and sexism left out. */
export function abuseLabels(rows: readonly LabelledText[]): LabelledText[] {
  return rows.filter((r) => ['0', '1', '4'].includes(r.label)).map((r) => ({ text: r.text, label: r.label === '1' ? 'normal' : 'abusive' }));
}
