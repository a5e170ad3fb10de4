/**
 * Text normalisation for the analytics: one form per word however a phone keyboard wrote it.
 *
 * - Arabic script (Urdu, Pashto): Arabic code points folded to the Urdu/Pashto letters (ي ى → ی, ك → ک, ه ة ە ۃ ۂ → ہ),
 *   hamza carriers أ إ ٱ → ا and ؤ → و, harakat, Quranic marks and tatweel removed, ZWNJ read as a word boundary.
 *   Letters that are letters of their own are kept: آ, ئ, ے, ھ (aspiration), ں, and Pashto's ټ ډ ړ ښ ږ ځ څ ې ۍ ګ ڼ.
 *   In Pashto text ي and ۀ are kept too: there they are distinct letters (ي ≠ ی ≠ ې; ۀ ≠ ه), in Urdu only variants.
 * - Digits of every script (Arabic-Indic, Eastern/Urdu, Devanagari) → 0-9.
 * - Latin: lower case, accents removed. Devanagari keeps its vowel signs (they are marks, but part of the word).
 * - Everything that is not a letter, mark or digit separates words; the result has single spaces.
 *
 * Idempotent: normalise(normalise(t)) === normalise(t) (a property test holds it).
 */

const URDU_VARIANTS: Record<string, string> = {
  '\u064a': '\u06cc', // ي Arabic yeh → ی
  '\u0649': '\u06cc', // ى alef maksura → ی
  '\u0643': '\u06a9', // ك Arabic kaf → ک
  '\u06aa': '\u06a9', // ڪ swash kaf → ک
  '\u0647': '\u06c1', // ه Arabic heh → ہ
  '\u0629': '\u06c1', // ة teh marbuta → ہ
  '\u06d5': '\u06c1', // ە ae → ہ
  '\u06c3': '\u06c1', // ۃ teh marbuta goal → ہ
  '\u06c2': '\u06c1', // ۂ heh goal with hamza → ہ
  '\u06c0': '\u06c1', // ۀ heh with yeh above → ہ (in Urdu; Pashto keeps it)
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0671': '\u0627', // ٱ alef wasla → ا
  '\u0624': '\u0648', // ؤ → و
};

/** Pashto folds the same code points except the letters Pashto spells with: ي (a yeh of its own) and ۀ. */
const PASHTO_VARIANTS: Record<string, string> = { ...URDU_VARIANTS };
delete PASHTO_VARIANTS['\u064a'];
delete PASHTO_VARIANTS['\u06c0'];
// In Pashto ه is the feminine -a ending and ۀ the -ə ending; ه is what keyboards give for ہ too, so ه and ہ meet at ه.
PASHTO_VARIANTS['\u06c1'] = '\u0647';
PASHTO_VARIANTS['\u0647'] = '\u0647';
PASHTO_VARIANTS['\u0629'] = '\u0647';
PASHTO_VARIANTS['\u06d5'] = '\u0647';
PASHTO_VARIANTS['\u06c3'] = '\u0647';
PASHTO_VARIANTS['\u06c2'] = '\u0647';

/** Harakat (fatha … sukun, small letters), superscript alef, Quranic annotation marks, tatweel. */
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]/gu;
/** Zero-width and direction controls that change no letter: ZWJ, ZWSP's cousins, LRM/RLM, word joiner, BOM, soft hyphen. */
const INVISIBLE = /[\u200d\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad]/gu;
/** Zero-width non-joiner and space: a boundary between words written without a visible space. */
const ZERO_WIDTH_BOUNDARY = /[\u200b\u200c]/gu;
const DIGITS = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/gu;
const LATIN_WITH_ACCENT = /\p{Script=Latin}\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;
/** The code points either folding may change (the keys of URDU_VARIANTS and PASHTO_VARIANTS). */
const VARIANT_LETTERS = /[\u064a\u0649\u0643\u06aa\u0647\u0629\u06d5\u06c3\u06c2\u06c0\u0623\u0625\u0671\u0624\u06c1]/gu;
/** Latin letters with accents, or combining accents: only then is the text decomposed to remove them. */
const LATIN_ACCENT_POSSIBLE = /[\u00c0-\u024f\u1e00-\u1eff]|\p{Script=Inherited}/u;
const PRINTABLE_ASCII = /^[\x20-\x7e\t\n\r]*$/;
const ASCII_SEPARATORS = /[^a-z0-9]+/g;

/** Which Arabic-script folding to apply: Urdu's (the default) or Pashto's. */
export type ArabicScriptVariant = 'ur' | 'ps';

function digit(d: string): string {
  const code = d.codePointAt(0) ?? 0;
  if (code >= 0x0966) return String(code - 0x0966);
  if (code >= 0x06f0) return String(code - 0x06f0);
  return String(code - 0x0660);
}

function letters(text: string, variant: ArabicScriptVariant): string {
  const variants = variant === 'ps' ? PASHTO_VARIANTS : URDU_VARIANTS;
  return (
    text
      // NFKC folds presentation forms (ﻻ, ﮐ …) and full-width letters to their letters, and composes أ ۀ ۓ.
      .normalize('NFKC')
      .toLowerCase()
      .replace(ZERO_WIDTH_BOUNDARY, ' ')
      .replace(INVISIBLE, '')
      .replace(ARABIC_MARKS, '')
      .replace(DIGITS, digit)
      .replace(VARIANT_LETTERS, (c) => variants[c] ?? c)
  );
}

function finish(text: string): string {
  // Accents only on Latin letters: decompose, drop the marks that follow a Latin letter, compose back.
  const plain = LATIN_ACCENT_POSSIBLE.test(text) ? text.normalize('NFD').replace(LATIN_WITH_ACCENT, (m) => m[0] ?? '').normalize('NFC') : text;
  return plain.replace(SEPARATORS, ' ').trim();
}

/** The normal form of a text (see the module comment). `variant` picks Pashto's Arabic-script folding. */
export function normalise(text: string, variant: ArabicScriptVariant = 'ur'): string {
  // Printable ASCII (most English and Roman Urdu) needs only lower case and separators: the same result, sooner.
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(ASCII_SEPARATORS, ' ').trim();
  // Lower-casing or composing can produce a form that folds further (İ → i̇); a second pass settles it.
  const once = (t: string) => finish(letters(t, variant));
  const first = once(text);
  const second = once(first);
  return second === first ? first : once(second);
}

/** The words of an already normalised text. */
export function words(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ');
}

/** Normalises and splits into words. */
export function tokenise(text: string, variant: ArabicScriptVariant = 'ur'): string[] {
  return words(normalise(text, variant));
}
