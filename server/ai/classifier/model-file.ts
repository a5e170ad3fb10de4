import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { LinearModel } from './linear-model.js';

/**
 * The model file: versioned JSON. Only the hash buckets that training saw are stored (their indices, IDF and one
 * weight per label), as base64 of little-endian Int32/Float32 arrays, so a model is a few megabytes, not 2^bits × labels.
 * Version 1 still holds when training blends in complement naive Bayes: that blend is linear in the same features, so
 * it is folded into the weights, and prediction is unchanged.
 */
export const MODEL_FORMAT = 'ekhtyar-text-classifier';
export const MODEL_FORMAT_VERSION = 1;

interface ModelFileV1 {
  format: typeof MODEL_FORMAT;
  formatVersion: 1;
  createdAt: string;
  labels: string[];
  /** nbWeight and nbAlpha (optional: files written before them have none) record the complement naive Bayes blend already in `weights`. */
  hyperParameters: { c: number; hashBits: number; charNgrams: [number, number]; wordNgrams: [1, 2]; weighting: 'sublinear-tf-idf-l2'; loss: 'l2-svm-dual-cd-one-vs-rest'; nbWeight?: number; nbAlpha?: number };
  temperature: number;
  trainedOn: number;
  buckets: string;
  idf: string;
  weights: string;
  bias: string;
}

/** A model file that cannot be read: the message says why. */
export class ModelFileError extends Error {}

function encode(array: Int32Array | Float32Array): string {
  // Typed arrays are in the platform's byte order; every platform Node runs on here is little-endian.
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decode<T extends Int32Array | Float32Array>(text: unknown, make: (b: ArrayBuffer) => T, what: string): T {
  if (typeof text !== 'string') throw new ModelFileError(`the model file has no ${what}`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new ModelFileError(`the model file's ${what} is damaged`);
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

/** The JSON text of a model. */
export function serialiseModel(model: LinearModel, createdAt = new Date()): string {
  const k = model.labels.length;
  const used: number[] = [];
  for (let f = 0; f < model.idf.length; f++) if ((model.idf[f] as number) !== 0) used.push(f);
  const idf = Float32Array.from(used, (f) => model.idf[f] as number);
  const weights = new Float32Array(used.length * k);
  used.forEach((f, i) => weights.set(model.weights.subarray(f * k, f * k + k), i * k));
  const file: ModelFileV1 = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    createdAt: createdAt.toISOString(),
    labels: model.labels,
    hyperParameters: {
      c: model.c,
      hashBits: model.features.hashBits,
      charNgrams: [model.features.charMin, model.features.charMax],
      wordNgrams: [1, 2],
      weighting: 'sublinear-tf-idf-l2',
      loss: 'l2-svm-dual-cd-one-vs-rest',
      nbWeight: model.nbWeight ?? 0,
      nbAlpha: model.nbAlpha ?? 0,
    },
    temperature: model.temperature,
    trainedOn: model.trainedOn,
    buckets: encode(Int32Array.from(used)),
    idf: encode(idf),
    weights: encode(weights),
    bias: encode(model.bias),
  };
  return JSON.stringify(file);
}

/** A model from its JSON text; throws ModelFileError for another format, another version or a damaged file. */
export function parseModel(text: string): LinearModel {
  let file: Partial<ModelFileV1> & { formatVersion?: unknown };
  try {
    file = JSON.parse(text) as typeof file;
  } catch {
    throw new ModelFileError('the model file is not JSON');
  }
  if (file === null || typeof file !== 'object' || file.format !== MODEL_FORMAT) throw new ModelFileError(`this is not an Ekhtyar classifier model (no "format": "${MODEL_FORMAT}")`);
  if (file.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new ModelFileError(`the model file is format version ${String(file.formatVersion)}; this Ekhtyar reads version ${MODEL_FORMAT_VERSION}: retrain the model with this version`);
  }
  const h = file.hyperParameters;
  const labels = file.labels;
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string') || !h || !Number.isInteger(h.hashBits) || h.hashBits < 8 || h.hashBits > 24) {
    throw new ModelFileError('the model file is damaged (labels or hyper-parameters)');
  }
  const buckets = decode(file.buckets, (b) => new Int32Array(b), 'buckets');
  const idfUsed = decode(file.idf, (b) => new Float32Array(b), 'idf');
  const weightsUsed = decode(file.weights, (b) => new Float32Array(b), 'weights');
  const bias = decode(file.bias, (b) => new Float32Array(b), 'bias');
  const k = labels.length;
  const dims = 1 << h.hashBits;
  if (idfUsed.length !== buckets.length || weightsUsed.length !== buckets.length * k || bias.length !== k || buckets.some((f) => f < 0 || f >= dims)) {
    throw new ModelFileError('the model file is damaged (array sizes do not match)');
  }
  const idf = new Float32Array(dims);
  const weights = new Float32Array(dims * k);
  buckets.forEach((f, i) => {
    idf[f] = idfUsed[i] as number;
    weights.set(weightsUsed.subarray(i * k, i * k + k), f * k);
  });
  const temperature = typeof file.temperature === 'number' && file.temperature > 0 ? file.temperature : 1;
  const nb = typeof h.nbWeight === 'number' && h.nbWeight > 0 ? { nbWeight: h.nbWeight, nbAlpha: typeof h.nbAlpha === 'number' ? h.nbAlpha : 0 } : { nbWeight: 0, nbAlpha: 0 };
  return { labels, features: { hashBits: h.hashBits, charMin: h.charNgrams[0], charMax: h.charNgrams[1] }, idf, weights, bias, temperature, c: h.c, ...nb, trainedOn: file.trainedOn ?? 0 };
}

/** Writes the model atomically: to a temporary file beside the target, then renamed over it (never half a file). */
export async function saveModel(path: string, model: LinearModel): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, serialiseModel(model), { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Reads a model file; ModelFileError (with the path) when it cannot be read as a model of this version. */
export async function loadModel(path: string): Promise<LinearModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelFileError(`cannot read the model file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return parseModel(text);
  } catch (error) {
    if (error instanceof ModelFileError) throw new ModelFileError(`${path}: ${error.message}`);
    throw error;
  }
}
