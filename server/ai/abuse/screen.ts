/**
 * Abuse and profanity screening of incoming complaint text (English, Urdu, Pashto, Roman Urdu). A flag never drops a
 * complaint: it is stored, coded and routed as usual and waits in the moderation queue for a person to clear or
 * uphold it. Two parts, either of which flags:
 * - a lexicon (./lexicon.ts) matched on normalised words and, for long Roman Urdu words, on their spelling keys, so
 *   "bhenchod", "behenchoddd" and "bhnchd" are one word;
 * - a trained model (./model.ts) for the abuse that has no swear word, flagging at the confidence chosen for
 *   precision ≥ 0.95 when training it.
 * Pure and deterministic.
 */
import { type ArabicScriptVariant, normalise, words } from '../text/normalise.js';
import { romanUrduKey } from '../text/roman-urdu.js';
import { type AbuseReason, LEXICON, type LexiconEntry } from './lexicon.js';
import { abuseModel, abusiveConfidence } from './model.js';

export type { AbuseReason } from './lexicon.js';
/** Why a text was flagged: the lexicon's kinds of term, or 'model' when the trained model judged it abusive. */
export type ScreenReason = AbuseReason | 'model';

export interface LexiconResult {
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

function compile(lexicon: readonly LexiconEntry[], variant: ArabicScriptVariant): Compiled {
  const c: Compiled = { single: new Map(), keys: new Map(), prefixes: [], phrases: [] };
  lexicon.forEach((entry, index) => {
    for (const form of entry.forms) {
      const ws = words(normalise(form, variant));
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

// Every form in both Arabic-script foldings: Urdu's (the default) and Pashto's, which keeps ي and turns ہ into ه.
const COMPILED = compile(LEXICON, 'ur');
const COMPILED_PASHTO = compile(LEXICON, 'ps');

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

export interface ScreenResult {
  flagged: boolean;
  /** Distinct reasons, sorted: 'abuse', 'model', 'profanity'. Empty unless flagged. */
  reasons: ScreenReason[];
  /** The lexicon's score: the sum of the weights of the distinct terms found; it flags at ≥ 1. */
  score: number;
  /** How many distinct lexicon terms were found. */
  hits: number;
  /** The model's confidence that the text is abusive (0–1); it flags at its threshold. */
  confidence: number;
}

function clip(text: unknown): string {
  return typeof text === 'string' ? text.slice(0, MAX_CHARS) : '';
}

/** The lexicon alone (the benches measure it beside the whole screen). Never throws; deterministic. */
export function lexiconScreen(text: string): LexiconResult {
  const input = clip(text);
  const urdu = normalise(input);
  const found = matchEntries(words(urdu));
  // Arabic-script text is read a second time in Pashto's folding, against the lexicon folded the same way.
  const pashto = normalise(input, 'ps');
  if (pashto !== urdu) for (const index of matchEntries(words(pashto), COMPILED_PASHTO)) found.add(index);
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

/** Screens a complaint text: flagged when the lexicon or the model flags it. Never throws; deterministic. */
export function screen(text: string): ScreenResult {
  const lexicon = lexiconScreen(text);
  const { model, threshold } = abuseModel();
  const input = clip(text);
  const confidence = input.trim() === '' ? 0 : abusiveConfidence(model, input);
  const byModel = confidence >= threshold;
  const reasons: ScreenReason[] = byModel ? [...lexicon.reasons, 'model' as const].sort() : lexicon.reasons;
  return { flagged: lexicon.flagged || byModel, reasons, score: lexicon.score, hits: lexicon.hits, confidence };
}
