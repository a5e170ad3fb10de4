import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ekhtyar } from '../../test/helpers/cli.js';

// Small labelled complaints in English, Roman Urdu and Urdu; one description spans lines inside a quoted CSV field.
const ROWS: Array<[string, string]> = [
  ['no water in our street for three days', 'water'],
  ['pani nahi aa raha bohat din se', 'water'],
  ['ہمارے محلے میں پانی نہیں آ رہا', 'water'],
  ['the water pipe is broken,\nwater is wasted on the road\nfor a week', 'water'],
  ['nalka toot gaya "pani" zaya ho raha hai', 'water'],
  ['electricity has been off since morning', 'electricity'],
  ['bijli nahi hai kal se', 'electricity'],
  ['بجلی صبح سے بند ہے', 'electricity'],
  ['the transformer burnt out, no power', 'electricity'],
  ['light chali gayi aur wapis nahi aayi', 'electricity'],
];

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

let dir: string;
let csv: string;
let model: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ekhtyar-classifier-'));
  csv = join(dir, 'complaints.csv');
  await writeFile(csv, `id,description,category\r\n${ROWS.map(([t, l], i) => `${i + 1},${csvCell(t)},${l}`).join('\r\n')}\r\n`);
  model = join(dir, 'model.json');
  const trained = await ekhtyar(['train', '--input', csv, '--text', 'description', '--label', 'category', '--out', model, '--hash-bits', '16']);
  expect(trained.stderr).toBe('');
  expect(trained.code).toBe(0);
  expect(trained.stdout).toMatch(/trained on 10 texts, 2 labels \(electricity, water\)/);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function noOutput(path: string): Promise<void> {
  expect(existsSync(path)).toBe(false);
  // Nor a temporary file left beside it.
  expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

describe('ekhtyar train, classify, eval', () => {
  it('writes a versioned model file', async () => {
    const file = JSON.parse(await readFile(model, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'ekhtyar-text-classifier', formatVersion: 1, labels: ['electricity', 'water'], hyperParameters: { hashBits: 16, charNgrams: [2, 5], wordNgrams: [1, 2] } });
    // Without --c, C was chosen by cross-validation from the grid.
    expect([0.25, 0.5, 1, 2, 4]).toContain((file.hyperParameters as { c: number }).c);
  });

  it('uses --c as it is when given, and refuses one out of range', async () => {
    const out = join(dir, 'fixed-c.json');
    const trained = await ekhtyar(['train', '--input', csv, '--text', 'description', '--label', 'category', '--out', out, '--hash-bits', '16', '--c', '3']);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/\(C 3\); wrote /);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ hyperParameters: { c: 3, nbWeight: 0 } });
    const bad = await ekhtyar(['train', '--input', csv, '--text', 'description', '--label', 'category', '--out', join(dir, 'bad-c.json'), '--c', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--c must be a number above 0 and at most 1000/);
    await noOutput(join(dir, 'bad-c.json'));
  }, 60_000); // two runs of the command: on a busy machine each can take 15 s to start

  it('classifies each row of a CSV file as one JSON line, the multi-line field included', async () => {
    const result = await ekhtyar(['classify', '--model', model, '--input', csv, '--text', 'description']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { label: string; confidence: number });
    expect(lines).toHaveLength(ROWS.length);
    expect(lines.map((l) => l.label)).toEqual(ROWS.map(([, l]) => l));
    for (const l of lines) expect(l.confidence).toBeGreaterThan(0.5);
    for (const l of lines) expect(l.confidence).toBeLessThanOrEqual(1);
  });

  it('classifies JSON Lines, giving a null label to an empty text and saying how many there were', async () => {
    const jsonl = join(dir, 'new.jsonl');
    await writeFile(jsonl, `${JSON.stringify({ text: 'paani ki supply band hai' })}\n${JSON.stringify({ text: '   ' })}\n${JSON.stringify({ text: 'بجلی نہیں ہے' })}\n`);
    const result = await ekhtyar(['classify', '--model', model, '--input', jsonl, '--text', 'text']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { label: string | null; confidence: number });
    expect(lines.map((l) => l.label)).toEqual(['water', null, 'electricity']);
    expect(result.stderr).toContain('1 rows had an empty text');
  });

  it('evaluates: accuracy, macro-F1 and a confusion matrix, as text or JSON', async () => {
    const text = await ekhtyar(['eval', '--model', model, '--input', csv, '--text', 'description', '--label', 'category']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('accuracy  100.0%');
    expect(text.stdout).toContain('macro-F1  1.0000');
    expect(text.stdout).toMatch(/confusion[^\n]*\nelectricity\s+5\s+0\nwater\s+0\s+5/);
    const json = await ekhtyar(['eval', '--model', model, '--input', csv, '--text', 'description', '--label', 'category', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ accuracy: 1, macroF1: 1, labels: ['electricity', 'water'], confusion: [[5, 0], [0, 5]], skipped: 0 });
  });
});

describe('bad input: a clear message, a non-zero exit, no model file', () => {
  it('a CSV without the named column', async () => {
    const out = join(dir, 'no-column.json');
    const result = await ekhtyar(['train', '--input', csv, '--text', 'grievance', '--label', 'category', '--out', out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${csv} has no column "grievance" (its columns: "id", "description", "category")`);
    await noOutput(out);
  });

  it('a label with one example', async () => {
    const input = join(dir, 'one.csv');
    await writeFile(input, `text,label\n${ROWS.map(([t, l]) => `${csvCell(t)},${l}`).join('\n')}\nthe road is broken,roads\n`);
    const out = join(dir, 'one.json');
    const result = await ekhtyar(['train', '--input', input, '--text', 'text', '--label', 'label', '--out', out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('each label needs at least two examples; this label has one: "roads"');
    await noOutput(out);
  });

  it('only empty texts, and empty texts among others (skipped, counted)', async () => {
    const input = join(dir, 'empty.jsonl');
    await writeFile(input, `{"text": "", "label": "water"}\n{"text": "  ", "label": "electricity"}\n`);
    const out = join(dir, 'empty.json');
    const result = await ekhtyar(['train', '--input', input, '--text', 'text', '--label', 'label', '--out', out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('has no row with both a text and a label');
    await noOutput(out);

    const some = join(dir, 'some-empty.csv');
    await writeFile(some, `text,label\n${ROWS.map(([t, l]) => `${csvCell(t)},${l}`).join('\n')}\n"",water\n`);
    const out2 = join(dir, 'some-empty.json');
    const ok = await ekhtyar(['train', '--input', some, '--text', 'text', '--label', 'label', '--out', out2, '--hash-bits', '16']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('skipped 1 rows with an empty text or label');
    expect(existsSync(out2)).toBe(true);
  });

  it('a model file of another format version, or not a model, or missing', async () => {
    const other = join(dir, 'v2.json');
    await writeFile(other, JSON.stringify({ ...(JSON.parse(await readFile(model, 'utf8')) as object), formatVersion: 2 }));
    const result = await ekhtyar(['classify', '--model', other, '--input', csv, '--text', 'description']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the model file is format version 2; this Ekhtyar reads version 1');

    const notModel = await ekhtyar(['eval', '--model', csv, '--input', csv, '--text', 'description', '--label', 'category']);
    expect(notModel.code).not.toBe(0);
    expect(notModel.stderr).toContain('the model file is not JSON');

    const missing = await ekhtyar(['classify', '--model', join(dir, 'nothing.json'), '--input', csv, '--text', 'description']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no such file');
  });

  it('an input file that is missing or not JSON, and an output folder that does not exist', async () => {
    const missing = await ekhtyar(['train', '--input', join(dir, 'nope.csv'), '--text', 't', '--label', 'l', '--out', join(dir, 'x.json')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no such file');
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"text": "a"}\n{oops\n');
    const notJson = await ekhtyar(['classify', '--model', model, '--input', bad, '--text', 'text']);
    expect(notJson.code).not.toBe(0);
    expect(notJson.stderr).toContain('line 2, is not JSON');
    const out = join(dir, 'missing-folder', 'model.json');
    const noFolder = await ekhtyar(['train', '--input', csv, '--text', 'description', '--label', 'category', '--out', out, '--hash-bits', '16']);
    expect(noFolder.code).not.toBe(0);
    expect(noFolder.stderr).toMatch(/ENOENT|no such file/);
    expect(existsSync(out)).toBe(false);
  });
});
