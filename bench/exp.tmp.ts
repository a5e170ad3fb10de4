import { evaluate } from '../server/ai/classifier/evaluation.js';
import { predict, train } from '../server/ai/classifier/linear-model.js';
import { loadBenchDatasets } from './lib/ai-datasets.js';
for (const only of process.argv.slice(2)) {
  const d = loadBenchDatasets('/work/shared/data').find((x) => x.name === only)!;
  const t = performance.now();
  const m = train(d.train);
  const s = (performance.now() - t) / 1000;
  const r = evaluate(d.test.map((e) => e.label), d.test.map((e) => predict(m, e.text).label));
  console.log(process.env.VARIANT, only, s.toFixed(1), r.macroF1.toFixed(4));
}
