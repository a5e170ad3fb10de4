import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedCatalogue } from '../../../test/helpers/bot-context.js';
import { suggestCategories } from './catalogue.js';
import { keywordOf, parseFeedbackId, parseFeedbackWords, statusRequest } from './keywords.js';
import { normaliseWords, scriptLanguage } from './language.js';

const URDU_LETTERS = 'ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیے';
const PASHTO_ONLY = 'ټډړږښګڼېۍځڅ';

describe('telling the language by the script', () => {
  it('is Pashto with any letter only Pashto writes, Urdu for other Arabic script, and unknown for Latin', () => {
    const urdu = fc.stringMatching(new RegExp(`^[${URDU_LETTERS} ]{1,30}$`, 'u'));
    fc.assert(fc.property(urdu, fc.constantFrom(...PASHTO_ONLY), fc.nat(), (text, letter, at) => {
      if (text.trim() !== '') expect(scriptLanguage(text)).toBe('ur');
      const i = at % (text.length + 1);
      expect(scriptLanguage(`${text.slice(0, i)}${letter}${text.slice(i)}`)).toBe('ps');
    }));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        expect(scriptLanguage(text)).toBeNull();
      }),
    );
  });
});

describe('keywords', () => {
  it('obeys a keyword only as the whole message, in any case and language', () => {
    expect(keywordOf('  CANCEL! ')).toEqual({ keyword: 'cancel', language: null });
    expect(keywordOf('منسوخ')).toEqual({ keyword: 'cancel', language: null });
    expect(keywordOf('Shikayat')).toEqual({ keyword: 'start', language: 'ur' });
    expect(keywordOf('ګیله')).toEqual({ keyword: 'start', language: 'ps' });
    expect(keywordOf('please cancel my electricity connection')).toBeNull();
  });

  it('hears a keyword however the keyboard wrote its letters: Arabic heh, kaf and yeh, harakat, tatweel, ZWNJ', () => {
    expect(keywordOf('دوباره شروع')).toEqual({ keyword: 'restart', language: null });
    expect(keywordOf('شكايت')).toEqual({ keyword: 'start', language: 'ur' });
    expect(keywordOf('شکـایـت')).toEqual({ keyword: 'start', language: 'ur' });
    expect(keywordOf('مَدَد')).toEqual({ keyword: 'help', language: null });
    expect(keywordOf('نئی\u200cشکایت')).toEqual({ keyword: 'start', language: 'ur' });
  });

  it('keeps a Devanagari word whole rather than splitting it at its vowel signs', () => {
    expect(normaliseWords('पानी')).toBe('पानी');
    expect(normaliseWords('सडक बिग्रियो!')).toBe('सडक बिग्रियो');
  });

  it('reads feedback buttons exactly as the outbox sends them, and nothing else', () => {
    expect(parseFeedbackId('feedback:satisfied:KP-BPGT-FC6A')).toEqual({ satisfied: true, code: 'KP-BPGT-FC6A' });
    expect(parseFeedbackId('feedback:not_satisfied:KP-BPGT-FC6A')).toEqual({ satisfied: false, code: 'KP-BPGT-FC6A' });
    expect(parseFeedbackId('feedback:not_satisfied:KP-BPGT-FC6B')).toBeNull();
    expect(parseFeedbackId('feedback:maybe:KP-BPGT-FC6A')).toBeNull();
    fc.assert(fc.property(fc.string(), (id) => {
      const read = parseFeedbackId(id);
      if (read) expect(id).toBe(`feedback:${read.satisfied ? 'satisfied' : 'not_satisfied'}:${read.code}`);
    }));
  });

  it('reads YES/NO <code> [reason] in English, Roman Urdu, Urdu and Pashto', () => {
    expect(parseFeedbackWords('yes KP BPGT FC6A')).toEqual({ satisfied: true, code: 'KP-BPGT-FC6A', reason: null });
    expect(parseFeedbackWords('Nahi kp-bpgt-fc6a, abhi tak kuch nahi hua')).toEqual({ satisfied: false, code: 'KP-BPGT-FC6A', reason: 'abhi tak kuch nahi hua' });
    expect(parseFeedbackWords('ہاں KP-BPGT-FC6A')).toMatchObject({ satisfied: true });
    expect(parseFeedbackWords('نه KP-BPGT-FC6A اوبه لا هم نشته')).toEqual({ satisfied: false, code: 'KP-BPGT-FC6A', reason: 'اوبه لا هم نشته' });
    expect(parseFeedbackWords('no problem, thanks')).toBeNull();
    expect(parseFeedbackWords('yes KP-BPGT-FC6B')).toBeNull();
  });

  it('hears "status" strictly where free text is expected: only at the start, or a bare code', () => {
    expect(statusRequest('what is the status of kp bpgt fc6a', false)).toEqual({ code: 'KP-BPGT-FC6A' });
    expect(statusRequest('my old complaint KP-BPGT-FC6A was never fixed', true)).toBeNull();
    expect(statusRequest('Status KP-BPGT-FC6A', true)).toEqual({ code: 'KP-BPGT-FC6A' });
    expect(statusRequest('kp-bpgt-fc6a', true)).toEqual({ code: 'KP-BPGT-FC6A' });
    expect(statusRequest('status', true)).toEqual({ code: null });
  });
});

describe('suggesting categories from the citizen’s words', () => {
  const catalogue = seedCatalogue();
  it.each([
    ['garbage has not been collected for a week', 'garbage-not-collected'],
    ['kachra nahi uthaya gaya', 'garbage-not-collected'],
    ['ہمارے محلے میں کوڑا پڑا ہے', 'garbage-not-collected'],
    ['the street light near my house is not working', 'street-light-not-working'],
    ['sewage is overflowing into the street', 'sewage-overflow'],
    ['no electricity since morning', 'power-outage'],
  ])('finds the category in "%s"', (words, expected) => {
    expect(suggestCategories(words, catalogue, 2)).toContain(expected);
  });

  it('suggests nothing for words about nothing, and at most the number asked for', () => {
    expect(suggestCategories('hello there', catalogue, 2)).toEqual([]);
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 1, max: 3 }), (words, limit) => {
      const found = suggestCategories(words, catalogue, limit);
      expect(found.length).toBeLessThanOrEqual(limit);
      for (const id of found) expect(catalogue.category.has(id)).toBe(true);
    }));
  });
});
