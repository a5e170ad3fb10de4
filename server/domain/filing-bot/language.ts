import { normalise } from '../../ai/text/normalise.js';

/** The languages the filing bot speaks. */
export type BotLanguage = 'en' | 'ur' | 'ps';

/** Every language the bot speaks, in the order it offers them. */
export const BOT_LANGUAGES: readonly BotLanguage[] = ['en', 'ur', 'ps'];

// Letters Pashto writes and Urdu does not: ټ ډ ړ ږ ښ ګ ڼ ې ۍ ځ څ (Urdu's retroflex letters ٹ ڈ ڑ are other code points).
const PASHTO_LETTERS = /[\u067c\u0689\u0693\u0696\u069a\u06ab\u06bc\u06d0\u06cd\u0681\u0685]/u;
// Letters of the Arabic script as Urdu and Pashto write it (Arabic, Arabic Supplement, presentation forms).
const ARABIC_SCRIPT = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u;

/**
 * The language a message is written in, told by its script: Pashto when it has a letter only Pashto uses, Urdu when
 * it is otherwise in Arabic script, and null for Latin letters or no letters (English and Roman Urdu look alike, so
 * the citizen is asked).
 */
export function scriptLanguage(text: string): 'ur' | 'ps' | null {
  if (PASHTO_LETTERS.test(text)) return 'ps';
  return ARABIC_SCRIPT.test(text) ? 'ur' : null;
}

/**
 * The words of a message for keyword matching, as one string: `normalise` (server/ai/text) with Urdu's folding for
 * every message, keywords and citizen's words alike, so that both sides fold the same way (Pashto's ي and ۀ meet ی and
 * ہ here, which costs nothing when matching a few dozen keywords). Devanagari words stay whole.
 */
export function normaliseWords(text: string): string {
  return normalise(text);
}

// NUL cannot be stored in PostgreSQL text; a lone UTF-16 surrogate is not Unicode (it would be read back changed).
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A citizen's words as they can be stored: NUL dropped, a lone surrogate replaced by U+FFFD. */
export function storable(text: string): string {
  return text.replace(UNSTORABLE, (found) => (found === '\u0000' ? '' : '\ufffd'));
}
