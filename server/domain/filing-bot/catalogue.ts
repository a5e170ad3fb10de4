import { normaliseWords, type BotLanguage } from './language.js';

/** A name in the portal's languages (Urdu and Pashto may be missing). */
export interface Names {
  en: string;
  ur: string | null;
  ps: string | null;
}

/** A category as the bot offers it. */
export interface CatalogueCategory {
  id: string;
  departmentId: string;
  group: string;
  name: Names;
  keywords: string[];
}

/** A department, an area: an id and its names. */
export interface CatalogueEntry {
  id: string;
  name: Names;
}

/** A district, with the division it belongs to (the sections of the district list). */
export interface CatalogueDistrict extends CatalogueEntry {
  divisionId: string | null;
}

/** What the bot offers, in the order it offers it, with lookups by id. */
export interface Catalogue {
  categories: CatalogueCategory[];
  /** Departments that have at least one category. */
  departments: CatalogueEntry[];
  /** Districts, by division and then by English name. */
  districts: CatalogueDistrict[];
  category: Map<string, CatalogueCategory>;
  department: Map<string, CatalogueEntry>;
  /** Every area (province, divisions, districts, tehsils), to name where a complaint is. */
  area: Map<string, CatalogueEntry>;
  /** Each category's keywords and names as word lists, for matching a citizen's words. */
  terms: Map<string, string[][]>;
}

/** Builds the catalogue from the reference data (categories in their configured order). */
export function buildCatalogue(input: {
  categories: CatalogueCategory[];
  departments: CatalogueEntry[];
  areas: (CatalogueEntry & { level: string; parentId: string | null })[];
}): Catalogue {
  const used = new Set(input.categories.map((c) => c.departmentId));
  const departments = input.departments.filter((d) => used.has(d.id));
  const area = new Map(input.areas.map((a) => [a.id, { id: a.id, name: a.name }]));
  const divisionName = (id: string | null) => (id ? (area.get(id)?.name.en ?? id) : '');
  const districts = input.areas
    .filter((a) => a.level === 'district')
    .map((a) => ({ id: a.id, name: a.name, divisionId: a.parentId }))
    .sort((a, b) => divisionName(a.divisionId).localeCompare(divisionName(b.divisionId)) || a.name.en.localeCompare(b.name.en));
  const terms = new Map(
    input.categories.map((c) => [c.id, [...c.keywords, c.name.en, c.name.ur ?? '', c.name.ps ?? ''].map((k) => normaliseWords(k).split(' ').filter((w) => w !== '')).filter((t) => t.length > 0)]),
  );
  return {
    categories: input.categories,
    departments,
    districts,
    category: new Map(input.categories.map((c) => [c.id, c])),
    department: new Map(departments.map((d) => [d.id, d])),
    area,
    terms,
  };
}

/** A name in `language`: Pashto readers get Urdu, then English, when a Pashto name is missing. */
export function nameIn(names: Names, language: BotLanguage): string {
  if (language === 'ps') return names.ps ?? names.ur ?? names.en;
  if (language === 'ur') return names.ur ?? names.en;
  return names.en;
}

// Words too common to tell a category by (names are matched word by word too), in the normal form words are compared in.
const STOP_WORDS = new Set(['or', 'and', 'not', 'the', 'of', 'at', 'on', 'in', 'to', 'a', 'no', 'is', 'by', 'for', 'نہیں', 'یا', 'اور', 'کا', 'کی', 'کے', 'میں', 'نه', 'او', 'د', 'دي', 'ده', 'شوې', 'گیا', 'ہے'].map(normaliseWords));

// A word of the message matches a term's word when equal, or (for words of 4 letters or more) when it extends it:
// "potholes" for "pothole", "گندگی" for "گند".
const wordMatches = (said: string, term: string) => said === term || (term.length >= 4 && said.startsWith(term));

/** How well a citizen's words fit a category: the words of its terms found in order in the message. */
function score(said: string[], terms: string[][]): number {
  let total = 0;
  for (const term of terms) {
    if (term.length === 1 && STOP_WORDS.has(term[0] ?? '')) continue;
    const found = said.some((_, start) => term.every((w, i) => said[start + i] !== undefined && wordMatches(said[start + i] as string, w)));
    // A term of several words found whole says more than one word of a name.
    if (found) total += term.length === 1 ? 1 : term.length * 2;
    else if (term.length > 1) total += term.filter((w) => !STOP_WORDS.has(w) && w.length >= 4 && said.some((s) => wordMatches(s, w))).length * 0.5;
  }
  return total;
}

/** The categories that best fit the citizen's own words, best first (at most `limit`); none when nothing fits. */
export function suggestCategories(text: string, catalogue: Catalogue, limit: number): string[] {
  const said = normaliseWords(text.slice(0, 1000)).split(' ').filter((w) => w !== '' && !STOP_WORDS.has(w));
  if (said.length === 0) return [];
  return catalogue.categories
    .map((c, order) => ({ id: c.id, order, score: score(said, catalogue.terms.get(c.id) ?? []) }))
    .filter((c) => c.score >= 1)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((c) => c.id);
}
