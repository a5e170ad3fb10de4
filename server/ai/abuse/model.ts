/**
 * The abuse screen's trained model: server/ai/classifier's hashed TF-IDF linear SVM trained on RUHSOLD (abusive and
 * profane Roman Urdu tweets against normal ones) and on ordinary complaints (Sambodhan, CFPB) as normal text. It
 * finds the abuse that has no swear word the lexicon knows ("tu jahil insaan hai, teri aukat kya hai"). The files are
 * committed beside this module and rebuilt by `npm run train:abuse` (scripts/train-abuse-model.ts): nothing is read
 * from ../shared or downloaded at run time. Loaded on first use.
 */
import { readFileSync } from 'node:fs';
import { type LinearModel, predict } from '../classifier/linear-model.js';
import { parseModel } from '../classifier/model-file.js';
import { normalise, words } from '../text/normalise.js';
import { projectPath } from '../../paths.js';

export const ABUSE_MODEL_PATH = projectPath('server/ai/abuse/abuse-model.json');
export const ABUSE_MODEL_META_PATH = projectPath('server/ai/abuse/abuse-model.meta.json');

export interface AbuseModel {
  model: LinearModel;
  /** The model flags a text whose confidence is at least this (chosen on a tuning split; see the meta file). */
  threshold: number;
}

/**
 * Words of ordinary complaints that RUHSOLD's tweets use as insults: dog (stray dogs), dirt and dirty (drains, refuse),
 * a middleman, the municipal committee, a sale, offspring, forbidden, sewage. The lexicon leaves them out for that
 * reason (lexicon.ts); the model must not learn them either, or "gandi nali band hai" (the dirty drain is blocked)
 * reads as abuse. They are taken out of every text before the model sees it, in training as in screening.
 */
const ORDINARY_WORDS = new Set([
  'kutta', 'kutte', 'kuttay', 'kuttey', 'kutey', 'kutay', 'kuta', 'kute', 'kutti', 'kuttiya', 'kutton', 'kuttun', 'kuttu',
  'gand', 'ganda', 'gandi', 'gande', 'ganday', 'gandey', 'gandagi', 'gandgi', 'gandgee', 'gandagee', 'gandh',
  'dalal', 'dallal', 'mc', 'bc', 'sale', 'sala', 'nasal', 'nasl', 'aulad', 'olad', 'haram', 'tatti', 'tati', 'choot', 'chut',
  'کتا', 'کتے', 'کتی', 'کتوں', 'گند', 'گندا', 'گندی', 'گندے', 'گندگی', 'دلال', 'حرام', 'نسل', 'اولاد',
]);

/** The text the model reads: the normalised words, without ORDINARY_WORDS. */
export function abuseModelText(text: string): string {
  return words(normalise(text))
    .filter((w) => !ORDINARY_WORDS.has(w))
    .join(' ');
}

let loaded: AbuseModel | null = null;

/** The committed model and its threshold (read once). Throws if the files are missing or damaged: a broken install. */
export function abuseModel(): AbuseModel {
  if (loaded === null) {
    const model = parseModel(readFileSync(ABUSE_MODEL_PATH, 'utf8'));
    const meta = JSON.parse(readFileSync(ABUSE_MODEL_META_PATH, 'utf8')) as { threshold?: unknown };
    if (!model.labels.includes('abusive') || typeof meta.threshold !== 'number' || !(meta.threshold > 0.5 && meta.threshold < 1)) {
      throw new Error(`${ABUSE_MODEL_PATH} is not the abuse model (labels abusive/normal and a threshold between 0.5 and 1)`);
    }
    loaded = { model, threshold: meta.threshold };
  }
  return loaded;
}

/** A model's confidence that a text is abusive (0–1): its probability for the label 'abusive', read on abuseModelText. */
export function abusiveConfidence(model: LinearModel, text: string): number {
  const p = predict(model, abuseModelText(text));
  return p.label === 'abusive' ? p.confidence : 1 - p.confidence;
}
