/**
 * Finding a category by what the citizen types, in English, Urdu or Pashto whatever the page's language: both the
 * query and the names are brought to one form first, so case, accents, harakat and the Arabic/Persian letter
 * variants a phone keyboard may produce (ي/ی, ك/ک, ه/ہ) do not stop a match.
 */

// Letters written differently on Arabic, Persian, Urdu and Pashto keyboards, folded into one of each.
const VARIANTS: Record<string, string> = {
  '\u064A': '\u06CC', // ي Arabic yeh → ی Farsi yeh
  '\u0649': '\u06CC', // ى alef maksura
  '\u06D0': '\u06CC', // ې Pashto e
  '\u06CD': '\u06CC', // ۍ Pashto yeh with tail
  '\u06D2': '\u06CC', // ے Urdu bari yeh
  '\u0643': '\u06A9', // ك Arabic kaf → ک keheh
  '\u06AA': '\u06A9', // ڪ swash kaf
  '\u06C1': '\u0647', // ہ Urdu gol heh → ه
  '\u06BE': '\u0647', // ھ do-chashmi heh
  '\u06D5': '\u0647', // ە ae
  '\u0629': '\u0647', // ة teh marbuta
  '\u06C3': '\u0647', // ۃ
};

/** The one form a query and a name are compared in: lower case, no accents or harakat, one letter per variant, digits 0-9, single spaces. */
export function normalise(text: string): string {
  // Lower-casing or decomposing can itself produce a letter that folds further; a second pass settles it.
  return normaliseOnce(normaliseOnce(text));
}

function normaliseOnce(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u0640\u200B-\u200F\u2060\uFEFF]/g, '')
    .replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.codePointAt(0) ?? 0) & 0xf))
    .replace(/./gu, (c) => VARIANTS[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface Names {
  en: string;
  ur: string | null;
  ps: string | null;
}

/** What the search reads of a category. */
export interface Searchable {
  id: string;
  name: Names;
  keywords?: readonly string[];
  department: { id: string; name: Names };
}

const texts = (names: Names) => [names.en, names.ur ?? '', names.ps ?? ''].map(normalise);

/**
 * The categories whose names (in any of the three languages), keywords or department name hold every word of the
 * query, best first: a name starting with the query, then a name with a word starting with each query word, then
 * the rest. An empty query finds nothing (the citizen browses by department instead).
 */
export function searchCategories<C extends Searchable>(categories: readonly C[], query: string, limit = 20): C[] {
  const q = normalise(query);
  if (q === '') return [];
  const words = q.split(' ');
  const scored: { category: C; score: number; index: number }[] = [];
  categories.forEach((category, index) => {
    const names = texts(category.name);
    const other = [...(category.keywords ?? []).map(normalise), ...texts(category.department.name)];
    const all = [...names, ...other].join(' ');
    if (!words.every((w) => all.includes(w))) return;
    let score = 3;
    if (names.some((n) => n.startsWith(q))) score = 0;
    else if (names.some((n) => words.every((w) => ` ${n}`.includes(` ${w}`)))) score = 1;
    else if (names.some((n) => words.every((w) => n.includes(w)))) score = 2;
    scored.push({ category, score, index });
  });
  return scored
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .slice(0, limit)
    .map((s) => s.category);
}
