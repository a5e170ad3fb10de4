import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import type { AreaMessages } from './define.js';
import { CATALOGUES, LANGUAGES, formatDateTime, formatNumber, placeholders, preferredLanguage, translate } from './languages.js';

const keys = Object.keys(en).sort();

describe('message catalogues', () => {
  for (const { code } of LANGUAGES) {
    it(`${code} has exactly the English keys, none empty, with the same placeholders`, () => {
      const catalogue: Record<string, string> = CATALOGUES[code];
      expect(Object.keys(catalogue).sort()).toEqual(keys);
      for (const key of keys) {
        const message = catalogue[key] ?? '';
        expect(message.trim(), `${code} ${key}`).not.toBe('');
        expect(placeholders(message), `${code} ${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    });
  }

  it('Urdu and Pashto are written right to left, and are not English left untranslated', () => {
    expect(LANGUAGES.map((l) => [l.code, l.dir])).toEqual([['en', 'ltr'], ['ur', 'rtl'], ['ps', 'rtl']]);
    for (const code of ['ur', 'ps'] as const) {
      const untranslated = keys.filter((key) => CATALOGUES[code][key as keyof typeof en] === en[key as keyof typeof en] && /[a-z]{3}/.test(en[key as keyof typeof en]));
      expect(untranslated, code).toEqual([]);
    }
  });
});

// Every part's messages (*.messages.ts beside the code that shows them) are held to the same rules.
const areas = Object.entries(import.meta.glob<Record<string, unknown>>('../**/*.messages.ts', { eager: true })).flatMap(([file, module]) =>
  Object.entries(module)
    .filter((entry): entry is [string, AreaMessages<string>] => isArea(entry[1]))
    .map(([name, area]) => ({ name: `${file} ${name}`, area })),
);

function isArea(value: unknown): value is AreaMessages<string> {
  return typeof value === 'object' && value !== null && LANGUAGES.every(({ code }) => typeof (value as Record<string, unknown>)[code] === 'object');
}

describe('message catalogues of the parts of the app', () => {
  for (const { name, area } of areas) {
    it(`${name}: Urdu and Pashto have exactly the English keys, translated, none empty, with the same placeholders`, () => {
      const areaKeys = Object.keys(area.en).sort();
      expect(areaKeys.length).toBeGreaterThan(0);
      for (const { code } of LANGUAGES) {
        const catalogue = area[code];
        expect(Object.keys(catalogue).sort(), code).toEqual(areaKeys);
        for (const key of areaKeys) {
          const message = catalogue[key] ?? '';
          expect(message.trim(), `${code} ${key}`).not.toBe('');
          expect(placeholders(message), `${code} ${key}`).toEqual(placeholders(area.en[key] ?? ''));
          if (code !== 'en' && /[a-z]{3}/.test(area.en[key] ?? '')) expect(message, `${code} ${key} is English`).not.toBe(area.en[key]);
        }
      }
    });
  }
});

describe('translate', () => {
  it('fills placeholders as text, whatever the value holds', () => {
    fc.assert(
      fc.property(fc.string(), (code) => {
        expect(translate(en, 'track.notFound', { code })).toBe(en['track.notFound'].replace('{code}', () => code));
      }),
    );
  });
});

describe('locale formatting', () => {
  it("shows times in Asia/Karachi by default (UTC+5, no daylight saving) and digits in the reader's locale", () => {
    expect(formatDateTime('en', '2026-06-30T20:30:00Z')).toMatch(/\b0?1\W?Jul\W?2026\b.*\b1:30\s?am/i);
    expect(formatDateTime('en', '2026-06-30T20:30:00Z', 'UTC')).toMatch(/\b30\W?Jun\W?2026\b/);
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(formatDateTime('ur', '2026-06-30T20:30:00Z')).toMatch(/2026|۲۰۲۶/);
  });

  it("picks the first of the browser's languages it has", () => {
    expect(preferredLanguage(['ps-AF', 'en'])).toBe('ps');
    expect(preferredLanguage(['fr', 'ur-PK'])).toBe('ur');
    expect(preferredLanguage(['fr'])).toBe('en');
  });
});
