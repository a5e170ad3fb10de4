import { romanUrduKey } from './roman-urdu.js';

/**
 * The language of a text: told by its script, and within the Latin script by its words.
 *
 * - `ur`: Urdu in Arabic script; `ps`: Pashto in Arabic script (it writes letters Urdu does not: ټ ډ ړ ښ ږ ځ څ ې ۍ ګ ڼ;
 *   Urdu writes ٹ ڈ ڑ ں ے, which Pashto does not);
 * - `ur-Latn`: Roman Urdu, when more of its words are frequent Roman Urdu words than frequent English words;
 * - `en`: other Latin-script text; `ne` / `hi`: Nepali / Hindi in Devanagari, told by their frequent words;
 * - `und`: any other script (its name is in `script`), or no letters at all.
 */
export type TextLanguage = 'en' | 'ur' | 'ps' | 'ur-Latn' | 'ne' | 'hi' | 'und';

export interface LanguageGuess {
  language: TextLanguage;
  /** The Unicode script most of the letters are in (ISO 15924: Latn, Arab, Deva, Cyrl, Hani …), or Zyyy for none. */
  script: string;
}

const PASHTO_LETTERS = /[\u067c\u0689\u0693\u0696\u069a\u06ab\u06bc\u06d0\u06cd\u0681\u0685]/gu;
const URDU_LETTERS = /[\u0679\u0688\u0691\u06ba\u06d2]/gu;

/** Scripts counted, by their Unicode property name and ISO 15924 code. */
const SCRIPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\p{Script=Latin}/u, 'Latn'],
  [/\p{Script=Arabic}/u, 'Arab'],
  [/\p{Script=Devanagari}/u, 'Deva'],
  [/\p{Script=Cyrillic}/u, 'Cyrl'],
  [/\p{Script=Han}/u, 'Hani'],
  [/\p{Script=Bengali}/u, 'Beng'],
  [/\p{Script=Gurmukhi}/u, 'Guru'],
  [/\p{Script=Tamil}/u, 'Taml'],
  [/\p{Script=Greek}/u, 'Grek'],
  [/\p{Script=Hebrew}/u, 'Hebr'],
  [/\p{Script=Thai}/u, 'Thai'],
  [/\p{Script=Hangul}/u, 'Hang'],
  [/\p{Script=Hiragana}/u, 'Hira'],
  [/\p{Script=Katakana}/u, 'Kana'],
];

// Frequent Roman Urdu words, leaving out those that are also frequent English words (main, is, to, me, he, in, us, so,
// log). A word counts when it is one of them, or when it is 4 letters or more and its spelling key (3 letters or
// more, so that English words do not meet them by chance) is one of theirs: "bohot" meets "bahut".
const ROMAN_URDU_LIST = [
    'hai', 'hain', 'nahi', 'nahin', 'nhi', 'ka', 'ki', 'ke', 'ko', 'mein', 'mai', 'hum', 'aap', 'ap', 'bohat', 'bahut', 'bht',
    'kya', 'kia', 'ye', 'yeh', 'wo', 'woh', 'aur', 'bhi', 'tha', 'thi', 'thay', 'hota', 'hoti', 'kar', 'karo', 'karna',
    'raha', 'rahi', 'rahe', 'gaya', 'gayi', 'sath', 'saath', 'liye', 'lye', 'kuch', 'koi', 'sab', 'abhi', 'phir', 'yahan',
    'wahan', 'kab', 'kyun', 'kaise', 'kaisa', 'acha', 'achha', 'bura', 'mera', 'meri', 'tera', 'teri', 'hamara', 'tumhara',
    'unka', 'uska', 'iska', 'apna', 'apni', 'jo', 'jab', 'tak', 'se', 'sey', 'say', 'pe', 'par', 'logon', 'ghar',
    'pani', 'bijli', 'sarak', 'sadak', 'hy', 'hn', 'ni', 'bhai', 'yaar', 'yar', 'dil', 'pyar', 'allah', 'sahi', 'galat',
    'khush', 'kaam', 'din', 'raat', 'waqt', 'zindagi', 'dekho', 'dekh', 'bol', 'bolo', 'suno', 'chal', 'chalo', 'hoga',
    'hogi', 'diya', 'liya', 'kiya', 'wala', 'wali', 'wale', 'lagta', 'lagti', 'mujhe', 'mujhy', 'tujhe', 'hamein', 'inko',
    'unko', 'bas', 'agar', 'magar', 'lekin', 'lakin', 'kyunke', 'kyunki', 'ab', 'tou', 'tum', 'tm', 'ham', 'hm',
];
const ROMAN_URDU_WORDS = new Set(ROMAN_URDU_LIST);
const ROMAN_URDU_KEYS = new Set(ROMAN_URDU_LIST.map(romanUrduKey).filter((k) => k.length >= 3));

function isRomanUrduWord(word: string): boolean {
  return ROMAN_URDU_WORDS.has(word) || (word.length >= 4 && ROMAN_URDU_KEYS.has(romanUrduKey(word)));
}

// Frequent English function words that Roman Urdu does not use as words.
const ENGLISH_WORDS = new Set([
  'the', 'and', 'of', 'a', 'an', 'for', 'on', 'with', 'at', 'by', 'from', 'this', 'that', 'it', 'are', 'was', 'were', 'be',
  'been', 'have', 'has', 'had', 'not', 'no', 'but', 'or', 'they', 'we', 'you', 'i', 'my', 'our', 'their', 'there', 'what',
  'which', 'who', 'will', 'would', 'can', 'could', 'should', 'please', 'been', 'being', 'am', 'did', 'do', 'does', 'about',
  'into', 'over', 'after', 'before', 'because', 'very', 'also', 'all', 'any', 'some', 'more', 'than', 'then', 'when',
  'where', 'why', 'how', 'your', 'his', 'her', 'its', 'them', 'these', 'those', 'since', 'still', 'even', 'just', 'only',
]);

// Frequent words of Nepali and of Hindi that the other does not use (Nepali's verb छ, Hindi's है …).
const NEPALI_WORDS = new Set(['छ', 'छन्', 'हो', 'गर्न', 'गर्नुहोस्', 'गर्नुहोला', 'भएको', 'लागि', 'पनि', 'यो', 'मा', 'र', 'थियो', 'हुन्छ', 'गरेको', 'कृपया', 'हुँदैन', 'यसले', 'ले', 'लाई', 'बाट', 'गरी', 'धेरै', 'भने']);
const HINDI_WORDS = new Set(['है', 'हैं', 'था', 'थी', 'में', 'और', 'का', 'की', 'के', 'को', 'से', 'नहीं', 'यह', 'वह', 'कि', 'पर', 'भी', 'कर', 'रहा', 'रही', 'गया', 'लिए', 'हम', 'आप', 'बहुत']);

const LETTER = /\p{L}/u;

/** The script of a letter (null for anything else), with the common blocks looked up by code point first. */
function scriptOf(ch: string): string | null {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 'Latn' : null;
  if (!LETTER.test(ch)) return null;
  if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f)) return 'Arab';
  if (c >= 0x0900 && c <= 0x097f) return 'Deva';
  return SCRIPTS.find(([pattern]) => pattern.test(ch))?.[1] ?? 'Zzzz';
}

/** Guesses the language of a text (see `TextLanguage`). */
export function detectLanguage(text: string): LanguageGuess {
  const counts = new Map<string, number>();
  for (const ch of text) {
    const script = scriptOf(ch);
    if (script !== null) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let script = 'Zyyy';
  let most = 0;
  for (const [name, count] of counts) {
    if (count > most) [script, most] = [name, count];
  }
  if (script === 'Arab') {
    const pashto = text.match(PASHTO_LETTERS)?.length ?? 0;
    const urdu = text.match(URDU_LETTERS)?.length ?? 0;
    return { language: pashto > urdu ? 'ps' : 'ur', script };
  }
  const words = text.toLowerCase().normalize('NFC').split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w !== '');
  if (script === 'Latn') {
    let roman = 0;
    let english = 0;
    for (const word of words) {
      if (ENGLISH_WORDS.has(word)) english++;
      else if (isRomanUrduWord(word)) roman++;
    }
    return { language: roman > english ? 'ur-Latn' : 'en', script };
  }
  if (script === 'Deva') {
    let nepali = 0;
    let hindi = 0;
    for (const word of words) {
      if (NEPALI_WORDS.has(word)) nepali++;
      if (HINDI_WORDS.has(word)) hindi++;
    }
    return { language: hindi > nepali ? 'hi' : nepali > 0 ? 'ne' : 'und', script };
  }
  return { language: 'und', script };
}
