import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise, searchCategories, type Searchable } from './search.js';

const HARAKAT = ['\u064B', '\u064C', '\u064D', '\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u0670'];
const arabicScript = fc.string({ unit: fc.constantFrom(...'ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهیيكہھۀئۍېښږځډټ '.split('')) });

describe('normalise', () => {
  it('is idempotent, trimmed and single-spaced, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const once = normalise(text);
        expect(normalise(once)).toBe(once);
        expect(once).toBe(once.trim());
        expect(once).not.toMatch(/\s{2}/);
      }),
    );
  });

  it('ignores case and Latin accents', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz '.split('')) }), (text) => {
      expect(normalise(text.toUpperCase())).toBe(normalise(text));
    }));
    expect(normalise('Électricité  Supply')).toBe('electricite supply');
  });

  it('folds the Arabic and Persian forms of yeh, kaf and heh into one', () => {
    fc.assert(
      fc.property(arabicScript, (text) => {
        const arabic = text.replace(/ی/g, 'ي').replace(/ک/g, 'ك').replace(/ہ/g, 'ه');
        expect(normalise(arabic)).toBe(normalise(text));
      }),
    );
    expect(normalise('بجلي')).toBe(normalise('بجلی'));
    expect(normalise('كچرا')).toBe(normalise('کچرا'));
  });

  it('ignores harakat, tatweel and zero-width joiners anywhere in a word', () => {
    fc.assert(
      fc.property(arabicScript, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...HARAKAT, '\u0640', '\u200C'))), (text, inserts) => {
        let marked = text;
        for (const [at, mark] of inserts) {
          const i = at % (marked.length + 1);
          marked = marked.slice(0, i) + mark + marked.slice(i);
        }
        expect(normalise(marked)).toBe(normalise(text));
      }),
    );
  });

  it('reads Urdu and Arabic digits as 0-9', () => {
    expect(normalise('۱۲۳ ٤٥')).toBe('123 45');
  });
});

const names = (en: string, ur: string | null, ps: string | null) => ({ en, ur, ps });
const CATEGORIES: Searchable[] = [
  { id: 'water', name: names('Water supply', 'پانی کی فراہمی', 'د اوبو رسول'), keywords: ['tap'], department: { id: 'phe', name: names('Public Health Engineering', 'پبلک ہیلتھ انجینئرنگ', null) } },
  { id: 'power', name: names('Electricity outage', 'بجلی کی بندش', 'د برېښنا بندېدل'), department: { id: 'energy', name: names('Energy', 'توانائی', 'انرژي') } },
  { id: 'garbage', name: names('Garbage not collected', 'کچرا نہیں اٹھایا گیا', 'کثافات نه دي ټول شوي'), department: { id: 'lg', name: names('Local Government', 'بلدیات', null) } },
];

describe('searchCategories', () => {
  it('finds a category by its name in any language, whatever the page language', () => {
    expect(searchCategories(CATEGORIES, 'water').map((c) => c.id)).toEqual(['water']);
    expect(searchCategories(CATEGORIES, 'پاني').map((c) => c.id)).toEqual(['water']);
    expect(searchCategories(CATEGORIES, 'برېښنا').map((c) => c.id)).toEqual(['power']);
    expect(searchCategories(CATEGORIES, 'كچرا').map((c) => c.id)).toEqual(['garbage']);
  });

  it('finds categories by their department and keywords', () => {
    expect(searchCategories(CATEGORIES, 'public health').map((c) => c.id)).toEqual(['water']);
    expect(searchCategories(CATEGORIES, 'TAP').map((c) => c.id)).toEqual(['water']);
    expect(searchCategories(CATEGORIES, 'بلدیات').map((c) => c.id)).toEqual(['garbage']);
  });

  it('finds nothing for an empty query, and only categories holding every word of the query', () => {
    expect(searchCategories(CATEGORIES, '  ')).toEqual([]);
    fc.assert(
      fc.property(fc.string(), (query) => {
        const words = normalise(query).split(' ').filter(Boolean);
        for (const c of searchCategories(CATEGORIES, query)) {
          const all = normalise([c.name.en, c.name.ur, c.name.ps, ...(c.keywords ?? []), c.department.name.en, c.department.name.ur, c.department.name.ps].join(' '));
          for (const w of words) expect(all).toContain(w);
        }
      }),
    );
  });

  it('always finds a category by any of its own names', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATEGORIES), fc.constantFrom('en', 'ur', 'ps') as fc.Arbitrary<'en' | 'ur' | 'ps'>, (category, language) => {
        const name = category.name[language] ?? category.name.en;
        expect(searchCategories(CATEGORIES, name)[0]?.id).toBe(category.id);
      }),
    );
  });
});
