import { detectLanguage } from '../text/language.js';
import { normalise, words } from '../text/normalise.js';
import { romanUrduKey } from '../text/roman-urdu.js';

/**
 * Hashed features of a text, as sklearn's TfidfVectorizer(char_wb 2-5) ⊕ TfidfVectorizer(word 1-2) would make them,
 * but hashed into 2^bits buckets so nothing needs a vocabulary: character n-grams inside each word padded with a
 * space on either side, and word unigrams and bigrams, of the normalised text. Roman Urdu words are taken by their
 * spelling key (bohat = bahut), so its word features meet across spellings; the character n-grams keep the letters.
 */
export interface FeatureOptions {
  hashBits: number;
  charMin: number;
  charMax: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { hashBits: 20, charMin: 2, charMax: 5 };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Counts of a text's char and word features by bucket; each block is a separate list (they are L2-normalised apart). */
export interface RawFeatures {
  char: Map<number, number>;
  word: Map<number, number>;
}

function hashString(seed: number, text: string): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function add(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The text's words as the features read them, and for Roman Urdu their spelling keys too (else null). */
export function featureWords(text: string): { words: string[]; keys: string[] | null } {
  const language = detectLanguage(text).language;
  const list = words(normalise(text, language === 'ps' ? 'ps' : 'ur'));
  return { words: list, keys: language === 'ur-Latn' ? list.map(romanUrduKey) : null };
}

function addWords(word: Map<number, number>, list: readonly string[], seed: number, mask: number): void {
  let previous = -1;
  for (const w of list) {
    const h = hashString(seed, w);
    add(word, h & mask);
    if (previous >= 0) add(word, (Math.imul(previous ^ 0x9e3779b9, FNV_PRIME) ^ h) & mask);
    previous = h;
  }
}

/** Counts the hashed features of one text. */
export function rawFeatures(text: string, options: FeatureOptions): RawFeatures {
  const mask = (1 << options.hashBits) - 1;
  const char = new Map<number, number>();
  const word = new Map<number, number>();
  const { words: list, keys } = featureWords(text);
  const codes: number[] = [];
  // Char n-grams: FNV over each start position, extended one letter at a time (no substrings made).
  const charSeed = Math.imul(FNV_OFFSET ^ 0x63, FNV_PRIME); // 'c': the char block's own hash space
  for (const w of list) {
    codes.length = 0;
    codes.push(32);
    for (let i = 0; i < w.length; i++) codes.push(w.charCodeAt(i));
    codes.push(32);
    for (let start = 0; start < codes.length; start++) {
      let h = charSeed;
      const end = Math.min(codes.length, start + options.charMax);
      for (let k = start; k < end; k++) {
        h ^= codes[k] as number;
        h = Math.imul(h, FNV_PRIME);
        if (k - start + 1 >= options.charMin) add(char, (h >>> 0) & mask);
      }
    }
  }
  addWords(word, list, Math.imul(FNV_OFFSET ^ 0x77, FNV_PRIME), mask); // 'w'
  if (keys !== null) addWords(word, keys, Math.imul(FNV_OFFSET ^ 0x6b, FNV_PRIME), mask); // 'k'
  return { char, word };
}

/** A sparse vector: bucket indices (ascending) and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/**
 * The weighted vector: sublinear TF (1 + ln tf) × IDF, each block L2-normalised, buckets never seen in training
 * (idf 0) left out, as a vocabulary would leave out unseen n-grams.
 */
export function weigh(raw: RawFeatures, idf: Float32Array): SparseVector {
  // The two blocks can share a bucket: their values add up.
  const merged = new Map<number, number>();
  for (const block of [raw.char, raw.word]) {
    let norm = 0;
    for (const [index, tf] of block) {
      const weight = idf[index] ?? 0;
      if (weight === 0) continue;
      const value = (1 + Math.log(tf)) * weight;
      norm += value * value;
    }
    if (norm === 0) continue;
    const scale = 1 / Math.sqrt(norm);
    for (const [index, tf] of block) {
      const weight = idf[index] ?? 0;
      if (weight === 0) continue;
      merged.set(index, (merged.get(index) ?? 0) + (1 + Math.log(tf)) * weight * scale);
    }
  }
  const indices = Int32Array.from(merged.keys()).sort();
  const values = Float32Array.from(indices, (index) => merged.get(index) as number);
  return { indices, values };
}

/** Smoothed IDF as sklearn computes it: ln((1 + n) / (1 + df)) + 1, and 0 for a bucket no document has. */
export function inverseDocumentFrequency(documents: readonly RawFeatures[], hashBits: number): Float32Array {
  const df = new Uint32Array(1 << hashBits);
  for (const doc of documents) {
    const seen = new Set<number>([...doc.char.keys(), ...doc.word.keys()]);
    for (const index of seen) df[index] = (df[index] as number) + 1;
  }
  const idf = new Float32Array(1 << hashBits);
  const n = documents.length;
  for (let i = 0; i < df.length; i++) {
    const d = df[i] as number;
    if (d > 0) idf[i] = Math.log((1 + n) / (1 + d)) + 1;
  }
  return idf;
}
