/**
 * `npm run bench:abuse`: the abuse screen (server/ai/abuse) — the lexicon alone (the reference), the committed model
 * alone, and the screen (lexicon OR model), measured in the same run:
 * - precision, recall and F1 of the flag on the held-out split of RUHSOLD (abusive 0 and profane 4 against normal 1;
 *   religious hate and sexism left out), which training never saw;
 * - how often each flags ordinary complaints: the held-out splits of the Sambodhan grievances and CFPB narratives
 *   (their training splits were the model's normal examples), and every row of them for the lexicon;
 * - how often each flags everyday Roman Urdu (the held-out neutral and positive rows of the UCI sentiment set: not
 *   labelled for abuse, so a flag there is a likely false positive, not a certain one);
 * - time per text, and its ratio to the lexicon's.
 * Options: --data DIR (default ../shared/data).
 */
import { parseArgs } from 'node:util';
import { abuseModel, abusiveConfidence } from '../server/ai/abuse/model.js';
import { lexiconScreen, screen } from '../server/ai/abuse/screen.js';
import type { LabelledText } from '../server/ai/classifier/linear-model.js';
import { projectPath } from '../server/paths.js';
import { abuseLabels, type BenchDataset, loadBenchDatasets } from './lib/ai-datasets.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: projectPath('../shared/data') } } });

type Flag = (text: string) => boolean;

function find(sets: BenchDataset[], name: string): BenchDataset {
  const set = sets.find((d) => d.name === name);
  if (!set) throw new Error(`${name} not found in ${String(values.data)}`);
  return set;
}

function scores(rows: readonly LabelledText[], flag: Flag): { precision: number; recall: number; f1: number; msPerText: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const started = performance.now();
  for (const r of rows) {
    const flagged = flag(r.text);
    const positive = r.label === 'abusive';
    if (flagged && positive) tp++;
    else if (flagged) fp++;
    else if (positive) fn++;
  }
  const msPerText = (performance.now() - started) / rows.length;
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall), msPerText };
}

function main(): void {
  const sets = loadBenchDatasets(values.data as string);
  const test = abuseLabels(find(sets, 'roman-urdu-hate').test);
  const { model, threshold } = abuseModel();
  const methods: Array<[string, Flag]> = [
    ['lexicon (reference)', (t) => lexiconScreen(t).flagged],
    [`model ≥ ${threshold}`, (t) => abusiveConfidence(model, t) >= threshold],
    ['screen (lexicon OR model)', (t) => screen(t).flagged],
  ];
  const positives = test.filter((r) => r.label === 'abusive').length;
  console.log(`RUHSOLD held-out: ${positives} abusive+profane, ${test.length - positives} normal\n`);
  // Warm up (the model loads on first use; the JIT settles), then time each on the same texts.
  for (const [, flag] of methods) for (const r of test.slice(0, 200)) flag(r.text);
  const results = methods.map(([name, flag]) => ({ name, ...scores(test, flag) }));
  const reference = results[0]!.msPerText;
  console.log(`${'method'.padEnd(28)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(6)} ${'ms/text'.padStart(8)} ${'time ratio'.padStart(10)}`);
  for (const r of results) {
    console.log(`${r.name.padEnd(28)} ${r.precision.toFixed(3).padStart(9)} ${r.recall.toFixed(3).padStart(7)} ${r.f1.toFixed(3).padStart(6)} ${r.msPerText.toFixed(3).padStart(8)} ${(r.msPerText / reference).toFixed(2).padStart(10)}`);
  }

  const everyday = find(sets, 'roman-urdu-sentiment').test.filter((r) => r.label !== 'Negative');
  const groups: Array<[string, LabelledText[]]> = [
    ['Sambodhan grievances, held-out', find(sets, 'sambodhan-department').test],
    ['CFPB narratives, held-out', find(sets, 'cfpb-product').test],
    ['Sambodhan + CFPB, every row', [...find(sets, 'sambodhan-department').train, ...find(sets, 'sambodhan-department').test, ...find(sets, 'cfpb-product').train, ...find(sets, 'cfpb-product').test]],
    ['UCI Roman Urdu neutral+positive, held-out', everyday],
  ];
  console.log(`\nflagged among ordinary texts (the model trained on the training splits of all three; "every row" includes them)`);
  console.log(`${'texts'.padEnd(42)} ${methods.map(([name]) => name.split(' ')[0]!.padStart(16)).join('')}`);
  for (const [name, rows] of groups) {
    const cells = methods.map(([, flag]) => {
      const n = rows.filter((r) => flag(r.text)).length;
      return `${n}/${rows.length} ${((100 * n) / rows.length).toFixed(2)}%`.padStart(16);
    });
    console.log(`${name.padEnd(42)} ${cells.join('')}`);
  }
  const examples = groups.slice(0, 2).flatMap(([, rows]) => rows.filter((r) => screen(r.text).flagged));
  for (const r of examples.slice(0, 5)) console.log(`    flagged complaint: ${r.text.slice(0, 120).replace(/\s+/g, ' ')}`);
}

main();
