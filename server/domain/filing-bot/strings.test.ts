import { describe, expect, it } from 'vitest';
import { seedCatalogue } from '../../../test/helpers/bot-context.js';
import { BOT_LANGUAGES, scriptLanguage } from './language.js';
import { BOT_TEXT, GROUP_NAMES, groupName, say, type TextKey } from './strings.js';

const keys = Object.keys(BOT_TEXT) as TextKey[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the bot's words", () => {
  it('has every text in English, Urdu and Pashto, none empty, each with the same placeholders', () => {
    expect(keys.length).toBeGreaterThan(60);
    for (const key of keys) {
      for (const language of BOT_LANGUAGES) expect(BOT_TEXT[key][language].trim(), `${key}.${language}`).not.toBe('');
      expect(placeholders(BOT_TEXT[key].ur), `${key}.ur`).toEqual(placeholders(BOT_TEXT[key].en));
      expect(placeholders(BOT_TEXT[key].ps), `${key}.ps`).toEqual(placeholders(BOT_TEXT[key].en));
    }
  });

  it('writes Urdu in Urdu and Pashto in Pashto (told apart by their letters)', () => {
    for (const key of keys.filter((k) => k !== 'language_question')) {
      const { ur, ps } = BOT_TEXT[key];
      if (scriptLanguage(ur) !== null) expect(scriptLanguage(ur), `${key}.ur`).toBe('ur');
      // Short Pashto labels may have no letter Urdu lacks; longer texts always do.
      if (ps.length > 30) expect(scriptLanguage(ps), `${key}.ps`).toBe('ps');
    }
  });

  it('keeps button labels within 20 characters and row and section labels within 24, as WhatsApp requires', () => {
    for (const key of keys) {
      for (const language of BOT_LANGUAGES) {
        const text = BOT_TEXT[key][language];
        if (key.startsWith('btn_') || key === 'list_button') expect(text.length, `${key}.${language}`).toBeLessThanOrEqual(20);
        if (key.startsWith('row_') || key.startsWith('section_')) expect(text.length, `${key}.${language}`).toBeLessThanOrEqual(key === 'row_more_detail' ? 72 : 24);
        if (key === 'footer') expect(text.length).toBeLessThanOrEqual(60);
      }
    }
  });

  it('names every group of the seeded catalogue in the three languages, within a section title', () => {
    for (const group of new Set(seedCatalogue().categories.map((c) => c.group))) {
      expect(GROUP_NAMES[group], group).toBeDefined();
      for (const language of BOT_LANGUAGES) expect(groupName(group, language).length, `${group}.${language}`).toBeLessThanOrEqual(24);
    }
    expect(groupName('new-group', 'ur')).toBe('new group');
  });

  it('fills placeholders and leaves unknown ones as they are', () => {
    expect(say('en', 'feedback_closed', { code: 'KP-BPGT-FC6A' })).toBe('Thank you. Complaint KP-BPGT-FC6A is now closed.');
    expect(say('en', 'feedback_closed')).toContain('{code}');
  });
});
