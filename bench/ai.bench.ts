/**
 * `npm run bench:ai`: the text classifier (server/ai/classifier) on each labelled data set of ../shared/data, held-out
 * split as bench/baseline/baseline.py splits it: training time, macro-F1 beside the sklearn baseline's (read from
 * bench/baseline/results.json), inference latency per complaint (mean, CPU time per text, p50, p99) and throughput, the settings
 * cross-validation chose, and training time on 10,000 texts against the 60 s budget.
 * Options: --data DIR (default ../shared/data), --only NAME (one data set).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluate } from '../server/ai/classifier/evaluation.js';
import { predict, train, trainWithSelection } from '../server/ai/classifier/linear-model.js';
import { parseModel, serialiseModel } from '../server/ai/classifier/model-file.js';
import { projectPath } from '../server/paths.js';
import { loadBenchDatasets } from './lib/ai-datasets.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: projectPath('../shared/data') }, only: { type: 'string' } } });

interface Baseline {
  method: string;
  datasets: Record<string, { macroF1: number; accuracy: number; trainSeconds: number }>;
}

/** CPU seconds (user + system) of this process since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function main(): void {
  const baseline = JSON.parse(readFileSync(projectPath('bench/baseline/results.json'), 'utf8')) as Baseline;
  const sets = loadBenchDatasets(values.data as string).filter((d) => values.only === undefined || d.name === values.only);
  console.log(`baseline: ${baseline.method}\n`);
  const header = ['data set'.padEnd(22), 'train'.padStart(6), 'test'.padStart(5), 'train s'.padStart(8), 'cpu s'.padStart(6), 'accuracy'.padStart(8), 'macro-F1'.padStart(8), 'baseline'.padStart(8), 'ratio'.padStart(6), 'mean ms'.padStart(7), 'cpu ms'.padStart(6), 'p50 ms'.padStart(7), 'p99 ms'.padStart(7), 'texts/s'.padStart(8), 'model MB'.padStart(8), '  chosen (C, NB weight, α)'];
  console.log(header.join(' '));
  let allAtBar = true;
  for (const d of sets) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const { model, selection } = trainWithSelection(d.train);
    const trainSeconds = (performance.now() - started) / 1000;
    const trainCpu = cpuSeconds(cpuStarted);
    const json = serialiseModel(model);
    const loaded = parseModel(json);
    const latencies: number[] = [];
    const predicted: string[] = [];
    const all = performance.now();
    const cpuPredicting = process.cpuUsage();
    for (const e of d.test) {
      const t = performance.now();
      predicted.push(predict(loaded, e.text).label);
      latencies.push(performance.now() - t);
    }
    const elapsed = performance.now() - all;
    const cpuPerText = (cpuSeconds(cpuPredicting) * 1000) / Math.max(1, d.test.length);
    const perSecond = d.test.length / (elapsed / 1000);
    const result = evaluate(d.test.map((e) => e.label), predicted);
    const base = baseline.datasets[d.name]?.macroF1;
    const ratio = base === undefined ? NaN : result.macroF1 / base;
    if (!(ratio >= 1)) allAtBar = false;
    const sorted = Float64Array.from(latencies).sort();
    const mean = latencies.reduce((a, x) => a + x, 0) / Math.max(1, latencies.length);
    const chosen = selection === null ? `C ${model.c} (given)` : `C ${selection.chosen.c}, ${selection.chosen.nbWeight}, ${selection.chosen.nbWeight === 0 ? '–' : selection.chosen.nbAlpha} (${selection.folds}-fold CV)`;
    console.log(
      [
        d.name.padEnd(22),
        String(d.train.length).padStart(6),
        String(d.test.length).padStart(5),
        trainSeconds.toFixed(1).padStart(8),
        trainCpu.toFixed(1).padStart(6),
        result.accuracy.toFixed(4).padStart(8),
        result.macroF1.toFixed(4).padStart(8),
        (base?.toFixed(4) ?? '—').padStart(8),
        ratio.toFixed(3).padStart(6),
        mean.toFixed(3).padStart(7),
        cpuPerText.toFixed(3).padStart(6),
        (percentile(sorted, 50) ?? 0).toFixed(3).padStart(7),
        (percentile(sorted, 99) ?? 0).toFixed(3).padStart(7),
        perSecond.toFixed(0).padStart(8),
        (json.length / 1e6).toFixed(1).padStart(8),
        `  ${chosen}`,
      ].join(' '),
    );
  }
  if (values.only === undefined) {
    // Training time on 10,000 texts: Roman Urdu sentiment's first 10,000 training rows.
    const ten = sets.find((d) => d.name === 'roman-urdu-sentiment')?.train.slice(0, 10_000) ?? [];
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    train(ten);
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(cpuStarted);
    // Training runs on one thread: its CPU time is what it takes on an idle core, whatever else the machine runs.
    console.log(`\ntraining on ${ten.length} texts (Roman Urdu sentiment): ${seconds.toFixed(1)} s elapsed, ${cpu.toFixed(1)} s CPU; budget 60 s: ${Math.max(seconds, cpu) <= 60 ? 'within' : cpu <= 60 ? 'within on an idle core (CPU time)' : 'OVER'}`);
  }
  console.log(allAtBar ? '\nmacro-F1 at or above the baseline on every data set' : '\nmacro-F1 below the baseline on some data set (ratio < 1)');
}

main();
