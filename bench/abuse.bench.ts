/**
 * `npm run bench:abuse`: the abuse screen (server/ai/abuse) — precision and recall of the flag on the held-out split
 * of RUHSOLD (abusive 0 and profane 4 against normal 1; religious hate and sexism left out), its false-positive rate
 * on the complaint data sets (Sambodhan grievances, CFPB narratives: ordinary complaints, none expected to be
 * flagged), and time per text. Options: --data DIR (default ../shared/data).
 */
import { parseArgs } from 'node:util';
import { screen } from '../server/ai/abuse/screen.js';
import { projectPath } from '../server/paths.js';
import { loadBenchDatasets } from './lib/ai-datasets.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: projectPath('../shared/data') } } });

function main(): void {
  const sets = loadBenchDatasets(values.data as string);
  const hate = sets.find((d) => d.name === 'roman-urdu-hate');
  if (!hate) throw new Error('RUHSOLD not found');
  const test = hate.test.filter((r) => ['0', '1', '4'].includes(r.label));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const started = performance.now();
  for (const r of test) {
    const flagged = screen(r.text).flagged;
    const positive = r.label !== '1';
    if (flagged && positive) tp++;
    else if (flagged) fp++;
    else if (positive) fn++;
    else tn++;
  }
  const ms = (performance.now() - started) / test.length;
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  console.log(`RUHSOLD held-out (abusive+profane ${tp + fn}, normal ${fp + tn}): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, F1 ${((2 * precision * recall) / (precision + recall)).toFixed(3)}, false-positive rate on its normal class ${(fp / (fp + tn)).toFixed(3)}, ${ms.toFixed(3)} ms/text`);
  for (const name of ['sambodhan-department', 'cfpb-product']) {
    const d = sets.find((s) => s.name === name);
    if (!d) continue;
    const texts = [...d.train, ...d.test];
    const flagged = texts.filter((r) => screen(r.text).flagged);
    console.log(`${name.split('-')[0]}: ${flagged.length} of ${texts.length} complaints flagged (false-positive rate ${(flagged.length / texts.length).toFixed(4)})`);
    for (const r of flagged.slice(0, 5)) console.log(`    ${r.text.slice(0, 120).replace(/\s+/g, ' ')}`);
  }
}

main();
