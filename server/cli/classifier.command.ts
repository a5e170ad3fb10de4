import type { Command } from 'commander';
import { type Dataset, DatasetError, type DatasetFormat, cellText, readDataset, requireColumn } from '../ai/classifier/dataset.js';
import { evaluate, formatEvaluation } from '../ai/classifier/evaluation.js';
import { type LabelledText, predict, train, TrainingDataError } from '../ai/classifier/linear-model.js';
import { loadModel, ModelFileError, saveModel } from '../ai/classifier/model-file.js';

const FORMATS = ['csv', 'tsv', 'jsonl', 'json'];

function formatOption(value: string | undefined): DatasetFormat | undefined {
  if (value === undefined) return undefined;
  if (!FORMATS.includes(value)) throw new DatasetError(`--format must be one of ${FORMATS.join(', ')}`);
  return value as DatasetFormat;
}

/** Turns the classifier's expected failures into plain messages (main prints them and exits 1). */
async function plainErrors(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DatasetError || error instanceof TrainingDataError || error instanceof ModelFileError) throw new Error(error.message);
    throw error;
  }
}

function labelled(data: Dataset, text: string, label: string): { examples: LabelledText[]; skipped: number } {
  const examples: LabelledText[] = [];
  let skipped = 0;
  for (const row of data.rows) {
    const t = cellText(row[text]);
    const l = cellText(row[label]).trim();
    if (t.trim() === '' || l === '') skipped++;
    else examples.push({ text: t, label: l });
  }
  return { examples, skipped };
}

/** `ekhtyar train`, `classify` and `eval`: the text classifier on any CSV, TSV, JSON Lines or JSON file. */
export function registerClassifierCommands(program: Command): void {
  program
    .command('train')
    .description('train a text classifier (e.g. complaint → department) from labelled rows; writes the model file only when training succeeds')
    .requiredOption('--input <file>', 'CSV (RFC 4180, a header row), TSV, JSON Lines (.jsonl) or JSON array (.json)')
    .requiredOption('--text <column>', 'the column (or key) with the text')
    .requiredOption('--label <column>', 'the column (or key) with the label')
    .requiredOption('--out <model>', 'where to write the model (JSON)')
    .option('--format <format>', 'csv, tsv, jsonl or json (default: by the file name)')
    .option('--c <number>', 'regularisation: larger fits the training data more closely (default: chosen by 5-fold cross-validation on the rows)')
    .option('--hash-bits <n>', 'feature hash size as a power of two (16 to 22)', '20')
    .action((options: { input: string; text: string; label: string; out: string; format?: string; c?: string; hashBits: string }) =>
      plainErrors(async () => {
        const c = options.c === undefined ? undefined : Number(options.c);
        const hashBits = Number(options.hashBits);
        if (c !== undefined && !(c > 0 && c <= 1000)) throw new DatasetError('--c must be a number above 0 and at most 1000');
        if (!Number.isInteger(hashBits) || hashBits < 16 || hashBits > 22) throw new DatasetError('--hash-bits must be a whole number from 16 to 22');
        const data = await readDataset(options.input, formatOption(options.format));
        requireColumn(data, options.text, options.input);
        requireColumn(data, options.label, options.input);
        const { examples, skipped } = labelled(data, options.text, options.label);
        if (examples.length === 0) throw new DatasetError(`${options.input} has no row with both a text and a label`);
        if (skipped > 0) console.error(`skipped ${skipped} rows with an empty text or label`);
        const started = performance.now();
        const model = train(examples, { ...(c === undefined ? {} : { c }), features: { hashBits, charMin: 2, charMax: 5 } });
        await saveModel(options.out, model);
        console.log(`trained on ${examples.length} texts, ${model.labels.length} labels (${model.labels.join(', ')}) in ${((performance.now() - started) / 1000).toFixed(1)} s (C ${model.c}${model.nbWeight ? `, naive Bayes weight ${model.nbWeight}, α ${model.nbAlpha}` : ''}); wrote ${options.out}`);
      }),
    );

  program
    .command('classify')
    .description('label each row of a file with a trained model: one JSON line per row, {"label": …, "confidence": 0-1} (label null for an empty text)')
    .requiredOption('--model <model>', 'a model file written by ekhtyar train')
    .requiredOption('--input <file>', 'CSV, TSV, JSON Lines or JSON array')
    .requiredOption('--text <column>', 'the column (or key) with the text')
    .option('--format <format>', 'csv, tsv, jsonl or json (default: by the file name)')
    .action((options: { model: string; input: string; text: string; format?: string }) =>
      plainErrors(async () => {
        const model = await loadModel(options.model);
        const data = await readDataset(options.input, formatOption(options.format));
        requireColumn(data, options.text, options.input);
        const lines: string[] = [];
        let empty = 0;
        for (const row of data.rows) {
          const text = cellText(row[options.text]);
          if (text.trim() === '') {
            empty++;
            lines.push(JSON.stringify({ label: null, confidence: 0 }));
          } else {
            const p = predict(model, text);
            lines.push(JSON.stringify({ label: p.label, confidence: Math.round(p.confidence * 10_000) / 10_000 }));
          }
          if (lines.length >= 1000) process.stdout.write(`${lines.splice(0).join('\n')}\n`);
        }
        if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
        if (empty > 0) console.error(`${empty} rows had an empty text (label null)`);
      }),
    );

  program
    .command('eval')
    .description("measure a trained model on labelled rows: accuracy, macro-F1 and the confusion matrix")
    .requiredOption('--model <model>', 'a model file written by ekhtyar train')
    .requiredOption('--input <file>', 'CSV, TSV, JSON Lines or JSON array')
    .requiredOption('--text <column>', 'the column (or key) with the text')
    .requiredOption('--label <column>', 'the column (or key) with the true label')
    .option('--format <format>', 'csv, tsv, jsonl or json (default: by the file name)')
    .option('--json', 'print the figures as JSON')
    .action((options: { model: string; input: string; text: string; label: string; format?: string; json?: boolean }) =>
      plainErrors(async () => {
        const model = await loadModel(options.model);
        const data = await readDataset(options.input, formatOption(options.format));
        requireColumn(data, options.text, options.input);
        requireColumn(data, options.label, options.input);
        const { examples, skipped } = labelled(data, options.text, options.label);
        if (examples.length === 0) throw new DatasetError(`${options.input} has no row with both a text and a label`);
        if (skipped > 0) console.error(`skipped ${skipped} rows with an empty text or label`);
        const result = evaluate(examples.map((e) => e.label), examples.map((e) => predict(model, e.text).label));
        console.log(options.json ? JSON.stringify({ ...result, skipped }) : formatEvaluation(result));
      }),
    );
}
