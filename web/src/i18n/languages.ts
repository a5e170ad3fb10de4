import { en, type MessageKey, type Messages } from './en.js';
import { ps } from './ps.js';
import { ur } from './ur.js';

/** The app's languages, in the order the picker shows them. */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr', locale: 'en-PK' },
  { code: 'ur', name: 'اردو', dir: 'rtl', locale: 'ur-PK' },
  { code: 'ps', name: 'پښتو', dir: 'rtl', locale: 'ps-PK' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];
export type LanguageInfo = (typeof LANGUAGES)[number];

export const CATALOGUES: Record<Language, Messages> = { en, ur, ps };

/** Dates and times are shown in Pakistan's time unless the deployment says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Karachi';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

export function languageInfo(language: Language): LanguageInfo {
  return LANGUAGES.find((l) => l.code === language) ?? LANGUAGES[0];
}

/** The first of the browser's preferred languages we have ("ur-PK" → ur), else English. */
export function preferredLanguage(preferences: readonly string[]): Language {
  for (const tag of preferences) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** A message with its {placeholders} filled in (as text: the result is rendered as a text node, never as HTML). */
/** A message with its {placeholders} filled in, as text. */
export function fill(message: string, values: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function translate(messages: Messages, key: MessageKey, values: Record<string, string | number> = {}): string {
  return fill(messages[key], values);
}

/** The {placeholders} a message uses, sorted. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/** A date and time in the language's locale, in `timeZone` (Asia/Karachi by default). */
export function formatDateTime(language: Language, iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(languageInfo(language).locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A number in the language's locale. */
export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(languageInfo(language).locale).format(value);
}

/** A name given in our three languages (a category, an office), in the reader's, else English. */
export function localName(names: { en: string; ur: string | null; ps: string | null }, language: Language): string {
  return names[language] ?? names.en;
}

/** Whether `key` is one of the catalogue's keys (for keys built from the API's words: states, event types). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
