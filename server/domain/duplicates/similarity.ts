/**
 * How alike two complaint texts read, for duplicate suggestions. Texts are normalised by server/ai/text (one form
 * per letter whatever the keyboard, Devanagari words whole), Latin words are taken as their Roman Urdu spelling key
 * (bohat = bahut = bht; nahi = nahin = nai), and the texts are compared by the character trigrams of those words
 * (which survive typos and dropped letters) and by their words (which tell "no water" from "water no more" less
 * well, but keep long texts that share only common trigrams apart). Measured in bench/duplicates.bench.ts.
 */
import { tokenise } from '../../ai/text/normalise.js';
import { romanUrduKey } from '../../ai/text/roman-urdu.js';

/** A text made ready for comparison: computed once per text, compared with many. */
export interface TextFingerprint {
  /** Character trigrams of the words (each padded with a space, so short words count too). */
  grams: Set<string>;
  /** The words themselves (Latin words as their spelling key). */
  words: Set<string>;
}

// Only the first part of a very long text is compared: a re-filed complaint says its problem early.
const MAX_CHARS = 2000;
// How much the trigram likeness counts against the word likeness (measured on the tuning pairs).
const GRAM_WEIGHT = 0.5;

// Spelling keys of words seen before: a key takes microseconds, and complaints repeat their words. Bounded: the
// cache is emptied when full (keys are a pure function of the word, so this changes no result).
const KEYS = new Map<string, string>();
const MAX_KEYS = 50_000;

function spellingKey(word: string): string {
  let key = KEYS.get(word);
  if (key === undefined) {
    if (KEYS.size >= MAX_KEYS) KEYS.clear();
    key = romanUrduKey(word);
    KEYS.set(word, key);
  }
  return key;
}

/** The words of a text as compared: normalised, Latin words as their Roman Urdu spelling key. */
export function comparableWords(text: string): string[] {
  return tokenise(text.slice(0, MAX_CHARS)).map(spellingKey);
}

/** The fingerprint of one text. */
export function textFingerprint(text: string): TextFingerprint {
  const words = comparableWords(text);
  const grams = new Set<string>();
  for (const word of words) {
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return { grams, words: new Set(words) };
}

/** Jaccard likeness of two sets: 0 (nothing shared, or either empty) to 1 (the same). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Likeness of two texts' fingerprints, 0 to 1: symmetric, and 1 for texts with the same words. */
export function textSimilarity(a: TextFingerprint, b: TextFingerprint): number {
  return GRAM_WEIGHT * jaccard(a.grams, b.grams) + (1 - GRAM_WEIGHT) * jaccard(a.words, b.words);
}

/** Great-circle distance in kilometres. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
