import { parseTrackingCode } from '../tracking-code.js';
import { parseBotCommand } from '../whatsapp/bot-command.js';
import { normaliseWords, type BotLanguage } from './language.js';

/** A word the bot obeys at any step, when it is the whole message. */
export type Keyword = 'cancel' | 'restart' | 'help' | 'language' | 'start';

// Whole-message keywords only: "cancel" inside a description ("cancel my connection…") is words, not a command.
const KEYWORDS: Record<Keyword, string[]> = {
  cancel: ['cancel', 'stop', 'quit', 'exit', 'منسوخ', 'منسوخ کریں', 'ختم', 'لغوه', 'لغو'],
  restart: ['restart', 'start over', 'start again', 'reset', 'دوبارہ شروع', 'بیا پیل'],
  help: ['help', 'madad', 'مدد', 'مرسته'],
  language: ['language', 'zaban', 'زبان', 'ژبه'],
  start: ['complaint', 'new complaint', 'file complaint', 'shikayat', 'shikayet', 'شکایت', 'نئی شکایت', 'ګیله'],
};
/** A set of whole-message words in their normal form, as messages are compared. */
function normalisedSet(words: string[]): Set<string> {
  return new Set(words.map(normaliseWords));
}

// The language a start keyword is written in, when it tells one.
const START_LANGUAGE: Record<string, BotLanguage> = { complaint: 'en', 'new complaint': 'en', 'file complaint': 'en', shikayat: 'ur', shikayet: 'ur', شکایت: 'ur', 'نئی شکایت': 'ur', ګیله: 'ps' };
const DONE = normalisedSet(['done', 'continue', 'next', 'no', 'skip', 'finish', 'bas', 'nahi', 'بس', 'آگے', 'نہیں', 'مخکې', 'نه', 'بس دی']);
const YES = normalisedSet(['yes', 'y', 'ok', 'okay', 'submit', 'haan', 'han', 'ji', 'جی', 'ہاں', 'جی ہاں', 'جمع', 'جمع کریں', 'هو', 'ho', 'ثبت']);

// Looked up by the message's normal form (Pashto's ګیله normalises to ګیلہ), so the keys are normalised too.
const startLanguage = new Map(Object.entries(START_LANGUAGE).map(([words, language]) => [normaliseWords(words), language]));
const normalisedKeywords = Object.fromEntries(Object.entries(KEYWORDS).map(([k, words]) => [k, new Set(words.map(normaliseWords))])) as Record<Keyword, Set<string>>;

/** The keyword a whole message is, with the language a start keyword is written in; null for anything else. */
export function keywordOf(text: string): { keyword: Keyword; language: BotLanguage | null } | null {
  const words = normaliseWords(text.slice(0, 100));
  for (const keyword of Object.keys(normalisedKeywords) as Keyword[]) {
    if (normalisedKeywords[keyword].has(words)) return { keyword, language: keyword === 'start' ? (startLanguage.get(words) ?? null) : null };
  }
  return null;
}

/** True when the message says "I am done" (no more photos). */
export const saysDone = (text: string): boolean => DONE.has(normaliseWords(text.slice(0, 40)));
/** True when the message says "yes" (submit). */
export const saysYes = (text: string): boolean => YES.has(normaliseWords(text.slice(0, 40)));

/** Feedback on a resolved complaint, as the keyword form writes it ("YES <code>", "NO <code> <reason>"). */
export interface FeedbackWords {
  satisfied: boolean;
  code: string;
  reason: string | null;
}

const CODE_TEXT = '(?:kp[\\s.-]*)?[0-9a-z]{4}[\\s.-]*[0-9a-z]{4}';
const FEEDBACK = new RegExp(`^\\s*(yes|haan|han|ji|ho|ہاں|جی|هو|no|nahi|nahin|nai|na|نہیں|نه|نا)[\\s,:.!-]+(${CODE_TEXT})(?=$|[^\\p{L}\\p{N}])[\\s,:.!-]*([\\s\\S]*)$`, 'iu');
const SATISFIED_WORDS = new Set(['yes', 'haan', 'han', 'ji', 'ho', 'ہاں', 'جی', 'هو']);

/** Reads "YES <code>" / "NO <code> <reason>" (and their Urdu and Pashto words); null when the message is not that. */
export function parseFeedbackWords(text: string): FeedbackWords | null {
  const match = FEEDBACK.exec(text.slice(0, 2000));
  if (!match) return null;
  const code = parseTrackingCode(match[2] ?? '');
  if (!code) return null;
  const reason = (match[3] ?? '').trim();
  return { satisfied: SATISFIED_WORDS.has((match[1] ?? '').toLowerCase()), code, reason: reason === '' ? null : reason };
}

const FEEDBACK_ID = /^feedback:(satisfied|not_satisfied):(.{1,40})$/;

/** Reads the id of a feedback button (`feedback:satisfied:<code>`, `feedback:not_satisfied:<code>`); null otherwise. */
export function parseFeedbackId(id: string): { satisfied: boolean; code: string } | null {
  const match = FEEDBACK_ID.exec(id);
  const code = match ? parseTrackingCode(match[2] ?? '') : null;
  return match && code ? { satisfied: match[1] === 'satisfied', code } : null;
}

const STATUS_FIRST = /^\s*(status|اسٹیٹس|سٹیٹس)(?=$|[^\p{L}\p{N}])/iu;

/**
 * The tracking code a message asks the status of. `strict` is for steps that take free text (a description may
 * mention an earlier complaint's code): there only a message that starts with "status" or is only a code counts.
 */
export function statusRequest(text: string, strict: boolean): { code: string | null } | null {
  if (strict && !STATUS_FIRST.test(text) && !parseTrackingCode(text.trim())) return null;
  const command = parseBotCommand(text);
  if (command.kind === 'status') return { code: command.code };
  return command.kind === 'status_without_code' ? { code: null } : null;
}
