import type { Language } from './languages.js';

/**
 * A part of the app's messages (the filing form, the staff console, the dashboards), kept beside the code that
 * shows them, in a file named `*.messages.ts`: English is the source, and Urdu and Pashto must have every one of
 * its keys (the compiler says so, and web/src/i18n/catalogues.test.ts checks them all as it does the core catalogue).
 * A part's messages travel in its own chunk, so the staff console's words are not in the citizen pages' JavaScript.
 * This module needs no React, so tests can read the messages to find what a page shows.
 */
export type AreaMessages<K extends string> = Record<Language, Record<K, string>>;

export function defineMessages<const E extends Record<string, string>>(en: E, others: { ur: Record<keyof E, string>; ps: Record<keyof E, string> }): AreaMessages<keyof E & string> {
  return { en, ur: others.ur, ps: others.ps };
}
