import { parseTrackingCode } from '../tracking-code.js';

/** What a citizen's message asks of the bot today: a complaint's status, or anything else (answered with help). */
export type BotCommand = { kind: 'status'; code: string } | { kind: 'status_without_code' } | { kind: 'other' };

// "status" in English, and as Urdu writes it (اسٹیٹس / سٹیٹس); "KP-" codes are recognised without the word too.
const STATUS_WORD = /(?:^|[^\p{L}\p{N}])(status|اسٹیٹس|سٹیٹس)(?=$|[^\p{L}\p{N}])/iu;
const CODE_PIECE = /^[0-9A-Za-z.-]+$/;

/**
 * The first tracking code in the words that follow (a code may be typed in up to 4 pieces: "kp abcd efgh"). Pieces
 * starting with "KP" are tried first: without the prefix, any 8 letters pass the check character one time in 37, so
 * "of kp ngrf fteq" must not be read as the code "OFKP-NGRF".
 */
function codeIn(words: string[]): string | null {
  const startsWithPrefix = (w: string) => /^kp/i.test(w);
  for (const prefixedOnly of [true, false]) {
    for (let start = 0; start < words.length; start++) {
      if (prefixedOnly && !startsWithPrefix(words[start] ?? '')) continue;
      for (let n = 1; n <= 4 && start + n <= words.length; n++) {
        const candidate = words.slice(start, start + n);
        if (!candidate.every((w) => CODE_PIECE.test(w))) break;
        const code = parseTrackingCode(candidate.join(''));
        if (code) return code;
      }
    }
  }
  return null;
}

/**
 * Reads a message for "status <tracking code>" anywhere in it (case, hyphens, spaces and O/0, I/L/1 forgiven as
 * parseTrackingCode does), or a message that is only a code. Text is cut at 1,000 characters first, which bounds
 * the work whatever was sent.
 */
export function parseBotCommand(text: string | null): BotCommand {
  if (text === null) return { kind: 'other' };
  const bounded = text.slice(0, 1000);
  const words = (s: string) => s.split(/[\s,;:!?()[\]"'،؟]+/u).filter((w) => w !== '');
  const whole = parseTrackingCode(bounded.trim());
  if (whole) return { kind: 'status', code: whole };
  const match = STATUS_WORD.exec(bounded);
  if (!match) {
    // A code written with its KP prefix is unmistakable even without the word.
    const prefixed = /(?:^|[^\p{L}\p{N}])(kp[\s.-]*[0-9a-z]{4}[\s.-]*[0-9a-z]{4})(?=$|[^\p{L}\p{N}])/iu.exec(bounded);
    const code = prefixed?.[1] ? parseTrackingCode(prefixed[1]) : null;
    return code ? { kind: 'status', code } : { kind: 'other' };
  }
  const code = codeIn(words(bounded.slice(match.index + match[0].length)));
  return code ? { kind: 'status', code } : { kind: 'status_without_code' };
}

// Letters of the Arabic script as Urdu and Pashto write it (Arabic, Arabic Supplement, presentation forms).
const ARABIC_SCRIPT = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/u;
const LATIN_LETTER = /[A-Za-z]/;

/**
 * The language to answer in: Urdu when the message is in Arabic script, English when it has Latin letters and no
 * Arabic script, otherwise (a bare code, an emoji) what the conversation used before.
 */
export function replyLanguage(text: string | null, previous: 'en' | 'ur' | 'ps'): 'en' | 'ur' | 'ps' {
  if (text === null) return previous;
  if (ARABIC_SCRIPT.test(text)) return previous === 'ps' ? 'ps' : 'ur';
  return LATIN_LETTER.test(text) ? 'en' : previous;
}
