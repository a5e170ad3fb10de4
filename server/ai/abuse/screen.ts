/**
 * Abuse and profanity screening of incoming complaint text (English, Urdu, Roman Urdu). A flag never drops a
 * complaint: it is stored, coded and routed as usual and waits in the moderation queue for a person to clear or
 * uphold it. The screen is a lexicon (./lexicon.ts) matched on normalised words and, for long Roman Urdu words, on
 * their spelling keys, so "bhenchod", "behenchoddd" and "bhnchd" are one word. Pure and deterministic.
 */
import { normalise, words } from '../text/normalise.js';
import { romanUrduKey } from '../text/roman-urdu.js';
import { type AbuseReason, LEXICON, type LexiconEntry } from './lexicon.js';

export type { AbuseReason } from './lexicon.js';

export interface ScreenResult {
  flagged: boolean;
  /** Distinct reasons of the terms found, sorted: 'abuse', 'profanity'. */
  reasons: AbuseReason[];
  /** Sum of the weights of the distinct terms found (1 per strong term, 0.5 per mild one); flagged at ≥ 1. */
  score: number;
  /** How many distinct terms were found (the terms themselves are not returned: they are not worth storing). */
  hits: number;
}

/** The screening threshold: one strong term, or two mild ones. */
export const FLAG_AT = 1;
/** Longest text screened (characters); longer descriptions are screened on their first part. */
const MAX_CHARS = 20_000;
const MIN_KEY_LENGTH = 4;

interface Compiled {
  single: Map<string, number>; // a normalised word → entry index
  keys: Map<string, number>; // a Roman Urdu spelling key → entry index
  prefixes: Array<[string, number]>;
  phrases: Array<[string[], number]>;
}

function compile(lexicon: readonly LexiconEntry[]): Compiled {
  const c: Compiled = { single: new Map(), keys: new Map(), prefixes: [], phrases: [] };
  lexicon.forEach((entry, index) => {
    for (const form of entry.forms) {
      const ws = words(normalise(form));
      if (ws.length > 1) {
        c.phrases.push([ws, index]);
        continue;
      }
      const w = ws[0];
      if (w === undefined) continue;
      c.single.set(w, index);
      if (entry.prefix) c.prefixes.push([w, index]);
      if (entry.key && /^[a-z]+$/.test(w)) {
        const k = romanUrduKey(w);
        if (k.length >= MIN_KEY_LENGTH) c.keys.set(k, index);
      }
    }
  });
  return c;
}

const COMPILED = compile(LEXICON);

/** Lexicon entries found in already normalised words (indices into LEXICON), without repeats. */
export function matchEntries(ws: readonly string[], compiled: Compiled = COMPILED): Set<number> {
  const found = new Set<number>();
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as string;
    const exact = compiled.single.get(w);
    if (exact !== undefined) found.add(exact);
    if (/^[a-z]+$/.test(w)) {
      const k = compiled.keys.get(romanUrduKey(w));
      if (k !== undefined) found.add(k);
      for (const [p, index] of compiled.prefixes) if (w.startsWith(p)) found.add(index);
    }
    for (const [phrase, index] of compiled.phrases) {
      if (phrase[0] !== w || i + phrase.length > ws.length) continue;
      if (phrase.every((pw, j) => ws[i + j] === pw)) found.add(index);
    }
  }
  return found;
}

/** Screens a complaint text. Never throws; the same text always gives the same result. */
export function screen(text: string): ScreenResult {
  const input = typeof text === 'string' ? text.slice(0, MAX_CHARS) : '';
  const found = matchEntries(words(normalise(input)));
  let score = 0;
  const reasons = new Set<AbuseReason>();
  for (const index of found) {
    const entry = LEXICON[index] as LexiconEntry;
    score += entry.weight;
    reasons.add(entry.reason);
  }
  const flagged = score >= FLAG_AT;
  return { flagged, reasons: flagged ? [...reasons].sort() : [], score, hits: found.size };
}
