/**
 * `npm run bench:ai`: the text classifier (server/ai/classifier) on each labelled data set of ../shared/data, held-out
 * split as bench/baseline/baseline.py splits it: training time, macro-F1 beside the sklearn baseline's (read from
 * bench/baseline/results.json), inference latency per complaint and throughput, and training time on 10,000 texts.
 * Options: --data DIR (default ../shared/data), --only NAME (one data set).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluate } from '../server/ai/classifier/evaluation.js';
import { predict, train } from '../server/ai/classifier/linear-model.js';
import { parseModel, serialiseModel } from '../server/ai/classifier/model-file.js';
import { projectPath } from '../server/paths.js';
import { loadBenchDatasets } from './lib/ai-datasets.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: projectPath('../shared/data') }, only: { type: 'string' } } });

interface Baseline {
  method: string;
  datasets: Record<string, { macroF1: number; accuracy: number; trainSeconds: number }>;
}

function main(): void {
  const baseline = JSON.parse(readFileSync(projectPath('bench/baseline/results.json'), 'utf8')) as Baseline;
  const sets = loadBenchDatasets(values.data as string).filter((d) => values.only === undefined || d.name === values.only);
  console.log(`baseline: ${baseline.method}\n`);
  console.log(`${'data set'.padEnd(22)} ${'train'.padStart(6)} ${'test'.padStart(5)} ${'train s'.padStart(8)} ${'accuracy'.padStart(8)} ${'macro-F1'.padStart(8)} ${'baseline'.padStart(8)} ${'ratio'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'texts/s'.padStart(8)} ${'model MB'.padStart(8)}`);
  let allAtBar = true;
  for (const d of sets) {
    const started = performance.now();
    const model = train(d.train);
    const trainSeconds = (performance.now() - started) / 1000;
    const json = serialiseModel(model);
    const loaded = parseModel(json);
    const latencies: number[] = [];
    const predicted: string[] = [];
    const all = performance.now();
    for (const e of d.test) {
      const t = performance.now();
      predicted.push(predict(loaded, e.text).label);
      latencies.push(performance.now() - t);
    }
    const perSecond = d.test.length / ((performance.now() - all) / 1000);
    const result = evaluate(d.test.map((e) => e.label), predicted);
    const base = baseline.datasets[d.name]?.macroF1;
    const ratio = base === undefined ? NaN : result.macroF1 / base;
    if (!(ratio >= 1)) allAtBar = false;
    const sorted = Float64Array.from(latencies).sort();
    console.log(
      `${d.name.padEnd(22)} ${String(d.train.length).padStart(6)} ${String(d.test.length).padStart(5)} ${trainSeconds.toFixed(1).padStart(8)} ${result.accuracy.toFixed(4).padStart(8)} ${result.macroF1.toFixed(4).padStart(8)} ${(base?.toFixed(4) ?? '—').padStart(8)} ${ratio.toFixed(3).padStart(6)} ${(percentile(sorted, 50) ?? 0).toFixed(3).padStart(7)} ${(percentile(sorted, 99) ?? 0).toFixed(3).padStart(7)} ${perSecond.toFixed(0).padStart(8)} ${(json.length / 1e6).toFixed(1).padStart(8)}`,
    );
  }
  if (values.only === undefined) {
    // Training time on 10,000 texts: Roman Urdu sentiment's first 10,000 training rows.
    const ten = sets.find((d) => d.name === 'roman-urdu-sentiment')?.train.slice(0, 10_000) ?? [];
    const started = performance.now();
    train(ten);
    console.log(`\ntraining on ${ten.length} texts (Roman Urdu sentiment): ${((performance.now() - started) / 1000).toFixed(1)} s (bar: 60 s)`);
  }
  console.log(allAtBar ? '\nmacro-F1 at or above the baseline on every data set' : '\nmacro-F1 below the baseline on some data set (ratio < 1)');
}

main();
