import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise, tokenise } from './normalise.js';

describe('normalise', () => {
  it('folds Arabic code points to the Urdu letters', () => {
    expect(normalise('كتاب')).toBe('کتاب');
    expect(normalise('علي')).toBe('علی');
    expect(normalise('مدرسة')).toBe('مدرسہ');
    expect(normalise('شكريه')).toBe('شکریہ');
    expect(normalise('أحمد إمام')).toBe('احمد امام');
    expect(normalise('سؤال')).toBe('سوال');
    expect(normalise('ﻻ')).toBe('لا'); // a presentation form
  });

  it('keeps the letters of their own: آ ئ ے ھ ں and the retroflex letters', () => {
    expect(normalise('آپ گئے بھائی کہاں ٹوٹ ڈال پڑ')).toBe('آپ گئے بھائی کہاں ٹوٹ ڈال پڑ');
  });

  it('removes harakat, superscript alef and tatweel', () => {
    expect(normalise('مُحَمَّد')).toBe('محمد');
    expect(normalise('پاکـــستان')).toBe('پاکستان');
    expect(normalise('علیٰ')).toBe('علی');
  });

  it('writes the digits of every script as 0-9', () => {
    expect(normalise('۱۲۳۴۵۶۷۸۹۰')).toBe('1234567890');
    expect(normalise('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(normalise('वार्ड १२')).toBe('वार्ड 12');
  });

  it('reads a zero-width non-joiner as a word boundary and drops a zero-width joiner and direction marks', () => {
    expect(normalise('آپ\u200cکو')).toBe('آپ کو');
    expect(normalise('پا\u200dنی\u200f')).toBe('پانی');
  });

  it('keeps Pashto letters, and in Pashto text keeps ي and ۀ as letters', () => {
    expect(normalise('ټ ډ ړ ښ ږ ځ څ ې ۍ ګ ڼ', 'ps')).toBe('ټ ډ ړ ښ ږ ځ څ ې ۍ ګ ڼ');
    expect(normalise('زما کلي', 'ps')).toBe('زما کلي');
    expect(normalise('زما کلي', 'ur')).toBe('زما کلی');
    expect(normalise('د ښځې کورۀ', 'ps')).toBe('د ښځې کورۀ');
    expect(normalise('كور', 'ps')).toBe('کور');
  });

  it('lower-cases Latin text, removes accents and punctuation, and keeps Devanagari vowel signs', () => {
    expect(normalise('  The Café’s  WATER-supply!! ')).toBe('the cafe s water supply');
    expect(normalise('पानी प्रदूषित भएको छ।')).toBe('पानी प्रदूषित भएको छ');
  });

  it('splits into words', () => {
    expect(tokenise('Pani nahi, aa raha!')).toEqual(['pani', 'nahi', 'aa', 'raha']);
    expect(tokenise(' … ')).toEqual([]);
  });
});

const URDU_LETTERS = [...'ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیےآئ'];
// Each Urdu letter with the forms a keyboard may write for it instead.
const WRITTEN_AS: Record<string, string[]> = { 'ی': ['ي', 'ى'], 'ک': ['ك', 'ڪ'], 'ہ': ['ه', 'ة', 'ە', 'ۃ', 'ۂ', 'ۀ'], 'ا': ['أ', 'إ', 'ٱ'], 'و': ['ؤ'] };
const NOISE = ['\u064e', '\u064f', '\u0650', '\u0651', '\u0652', '\u064b', '\u0640', '\u200d', '\u200f'];

describe('normalise (properties)', () => {
  it('is idempotent on any text, for both foldings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom('ur' as const, 'ps' as const), (text, variant) => {
        const once = normalise(text, variant);
        expect(normalise(once, variant)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on Arabic-script text with its variants and marks', () => {
    const unit = fc.constantFrom(...URDU_LETTERS, ...Object.values(WRITTEN_AS).flat(), ...NOISE, ' ', '\u200c', '۳', '٣');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.constantFrom('ur' as const, 'ps' as const), (units, variant) => {
        const once = normalise(units.join(''), variant);
        expect(normalise(once, variant)).toBe(once);
      }),
    );
  });

  it('folds the variants of an Urdu word, written with harakat, tatweel or joiners, to the same form', () => {
    const word = fc.array(fc.constantFrom(...URDU_LETTERS), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(word, fc.infiniteStream(fc.nat()), (letters, choices) => {
        const plain = letters.join('');
        const written = letters
          .map((l) => {
            const forms = [l, ...(WRITTEN_AS[l] ?? [])];
            const pick = choices.next().value as number;
            return forms[pick % forms.length] + (pick % 3 === 0 ? (NOISE[pick % NOISE.length] as string) : '');
          })
          .join('');
        expect(normalise(written)).toBe(normalise(plain));
      }),
    );
  });

  it('gives ASCII text (its quick path) the form the full path gives it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 80 }), (text) => {
        // A no-break space sends the text down the full path and is itself only a separator.
        expect(normalise(`${text}\u00a0`)).toBe(normalise(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives single-spaced text with no marks that are not part of a word', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const out = normalise(text);
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/ {2}/);
        const removed = [...out].filter((c) => {
          const code = c.codePointAt(0) ?? 0;
          return code === 0x640 || (code >= 0x64b && code <= 0x65f) || (code >= 0x200b && code <= 0x200f) || code === 0x2060 || code === 0xfeff;
        });
        expect(removed).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
