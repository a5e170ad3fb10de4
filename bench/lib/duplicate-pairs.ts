/**
 * Labelled complaint pairs for measuring duplicate detection, built from real public texts and real complaint
 * locations in ../shared/data, seeded and deterministic (see docs/AI.md "Duplicates").
 *
 * Texts: Sambodhan grievances (English and Nepali), CFPB narratives, Roman Urdu sentences (UCI, negative ones),
 * Urdu tweets and the opening of Urdu news items. Places: Los Angeles 311 service requests (their point and council
 * district: real places where citizens report, and real district lines).
 *
 * Each base text gives one positive (the same complaint filed again: a variant of its text, near in place and time)
 * and four negatives: another complaint of the same category near in place and time (one drawn at random, and the
 * one of them sharing most words with it), the same text in another
 * district, and the same text at the same place months later; and, for Sambodhan's templated texts, a fourth: a real
 * text of the same template naming another town, filed in another district. Base texts are split by a hash of their source and
 * index into a tuning half and a held-out half; a negative's other text comes from the same half.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { seededRandom } from '../../server/ai/classifier/linear-model.js';
import type { DuplicatePlace } from '../../server/domain/duplicates/duplicate-score.js';
import { distanceKm } from '../../server/domain/duplicates/similarity.js';
import { fnv1a } from './ai-datasets.js';

/** The seed of the published figures. */
export const PAIRS_SEED = 20261129;

/** How a pair was made; the positives are variants of one text, the negatives are not the same problem. */
export type PairType =
  | 'refiled-exact'
  | 'refiled-drop-reorder'
  | 'refiled-typos'
  | 'refiled-truncated'
  | 'refiled-greeting'
  | 'refiled-retold'
  | 'refiled-roman-spelling'
  | 'refiled-urdu-keyboard'
  | 'other-complaint-nearby'
  | 'closest-other-complaint-nearby'
  | 'same-text-other-district'
  | 'same-template-other-town'
  | 'same-text-months-later';

/** One side of a pair. */
export interface PairSide {
  text: string;
  place: DuplicatePlace;
  at: Date;
}

/** A labelled pair. */
export interface LabelledPair {
  type: PairType;
  duplicate: boolean;
  source: string;
  split: 'tuning' | 'held-out';
  a: PairSide;
  b: PairSide;
}

interface SourceText {
  source: string;
  category: string;
  script: 'latin' | 'roman-urdu' | 'arabic' | 'devanagari';
  text: string;
}

interface Site {
  district: string;
  lat: number;
  lon: number;
}

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

const wordCount = (t: string) => t.split(/\s+/).filter(Boolean).length;

/**
 * Sambodhan holds templated complaints that differ only in the town they name ("Several teachers in Chitwan school
 * …", "… in Makwanpur school …"): the same problem in another place. Their template is their first words other
 * than capitalised ones (town names). The Urdu news set likewise holds stories retold in another item (its fake items
 * rewrite real ones); texts whose first words agree are not used as "another complaint".
 */
export function templateKey(text: string): string {
  return text
    .split(/\s+/)
    .filter((w) => !/^[A-Z]/.test(w))
    .slice(0, 6)
    .join(' ')
    .toLowerCase();
}

/** The complaint-like texts of every source, at most `perSource` each (the first in a seeded order). */
export function loadSourceTexts(dataDir: string, perSource: number, seed = PAIRS_SEED): SourceText[] {
  const read = (...p: string[]) => readFileSync(join(dataDir, ...p), 'utf8');
  const csv = (text: string, options: object = {}) => parse(text, { bom: true, relax_column_count: true, ...options }) as unknown;
  const sambodhan = csv(read('complaints_text', 'sambodhan_grievances_train.csv'), { columns: true }) as Array<Record<string, string>>;
  const cfpb = JSON.parse(read('complaints_text', 'cfpb_narratives_ibm_train_700.json')) as Array<{ input: string; output: string }>;
  const uci = (csv(read('multilingual', 'roman_urdu_uci.csv')) as string[][]).filter((r) => r.length >= 2);
  const tweets = csv(read('multilingual', 'urdu-sentiment-corpus-v1.tsv'), { delimiter: '\t', quote: false, columns: true }) as Array<Record<string, string>>;
  const news = csv(read('multilingual', 'urdu_bend_the_truth_news.csv'), { columns: true }) as Array<Record<string, string>>;
  const isDevanagari = (t: string) => /[\u0900-\u097f]/.test(t);
  const firstWords = (t: string, n: number) => t.split(/\s+/).slice(0, n).join(' ');
  const all: SourceText[] = [
    ...sambodhan
      .filter((r) => (r.grievance ?? '').length >= 60 && (r.grievance ?? '').length <= 800)
      .map((r) => ({ source: isDevanagari(r.grievance!) ? 'sambodhan-nepali' : 'sambodhan-english', category: r.department!, script: isDevanagari(r.grievance!) ? ('devanagari' as const) : ('latin' as const), text: r.grievance! })),
    ...cfpb
      .map((r) => ({ source: 'cfpb-english', category: r.output, script: 'latin' as const, text: r.input.replace(/^Narrative:\s*/, '') }))
      .filter((r) => r.text.length >= 100 && r.text.length <= 1500),
    ...uci.filter((r) => r[1] === 'Negative' && wordCount(r[0]!) >= 8 && wordCount(r[0]!) <= 80).map((r) => ({ source: 'roman-urdu', category: 'roman-urdu', script: 'roman-urdu' as const, text: r[0]! })),
    ...tweets.filter((r) => wordCount(r.Tweet ?? '') >= 8).map((r) => ({ source: 'urdu-tweets', category: 'urdu', script: 'arabic' as const, text: (r.Tweet ?? '').trim() })),
    ...news.filter((r) => wordCount(r.text ?? '') >= 40).map((r) => ({ source: 'urdu-news', category: r.domain_code!, script: 'arabic' as const, text: firstWords(r.text!, 40) })),
  ];
  // Exact repeats in a source would make "another complaint" the same text.
  const seen = new Set<string>();
  const bySource = new Map<string, SourceText[]>();
  for (const t of all) {
    const key = t.text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (seen.has(key)) continue;
    seen.add(key);
    bySource.set(t.source, [...(bySource.get(t.source) ?? []), t]);
  }
  return [...bySource.values()].flatMap((texts) =>
    texts
      .map((t, i) => ({ t, h: fnv1a(`${seed}:${t.source}:${i}`) }))
      .sort((x, y) => x.h - y.h)
      .slice(0, perSource)
      .map((x) => x.t),
  );
}

/** Real complaint sites: the points and council districts of Los Angeles 311 service requests. */
export function loadSites(dataDir: string): Site[] {
  const rows = parse(readFileSync(join(dataDir, 'service_requests', 'la_myla311_2018-01-01_to_01-04_10k.csv')), { columns: true, bom: true }) as Array<Record<string, string>>;
  return rows
    .map((r) => ({ district: `cd-${r.CD ?? ''}`, lat: Number(r.Latitude), lon: Number(r.Longitude) }))
    .filter((s) => s.district !== 'cd-' && Number.isFinite(s.lat) && Number.isFinite(s.lon) && s.lat > 33 && s.lat < 35 && s.lon < -117 && s.lon > -119);
}

// ---- Variants: how a citizen writes the same complaint again ----

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function dropAndReorder(random: Random, text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const kept = words.filter(() => random() >= 0.15);
  // Move one stretch of words (a clause) to the front, as a retelling starts from another point.
  if (kept.length > 8) {
    const at = 3 + Math.floor(random() * (kept.length - 6));
    const stretch = kept.splice(at, 3);
    kept.unshift(...stretch);
  }
  return kept.join(' ');
}

function typo(random: Random, word: string): string {
  const chars = [...word];
  const i = 1 + Math.floor(random() * (chars.length - 2));
  const kind = Math.floor(random() * 4);
  if (kind === 0) [chars[i], chars[i + 1]] = [chars[i + 1] ?? '', chars[i] ?? ''];
  else if (kind === 1) chars.splice(i, 1);
  else if (kind === 2) chars.splice(i, 0, chars[i] ?? '');
  else chars[i] = chars[i - 1] ?? '';
  return chars.join('');
}

function typos(random: Random, text: string, share = 0.2): string {
  return text
    .split(/\s+/)
    .map((w) => ([...w].length >= 4 && random() < share ? typo(random, w) : w))
    .join(' ');
}

function truncated(random: Random, text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(0, Math.max(4, Math.round(words.length * (0.5 + random() * 0.25)))).join(' ');
}

const GREETINGS: Record<SourceText['script'], { before: string[]; after: string[] }> = {
  latin: { before: ['Dear Sir,', 'Respected sir, I want to complain again.', 'Hello,', 'Good morning. Again:'], after: ['Please help.', 'Kindly take action as soon as possible.', 'Thank you.', 'Nobody has come yet.'] },
  'roman-urdu': { before: ['Assalam o alaikum sir,', 'janab', 'AOA sir', 'sir please'], after: ['please madad karein', 'shukriya', 'jaldi action lein', 'koi nahi aya abhi tak'] },
  arabic: { before: ['السلام علیکم جناب،', 'محترم جناب', 'جناب عالی'], after: ['براہ مہربانی مدد کریں', 'شکریہ', 'جلد کارروائی کریں'] },
  devanagari: { before: ['नमस्कार,', 'आदरणीय सर,', 'नमस्ते हजुर,'], after: ['कृपया सहयोग गर्नुहोस्।', 'धन्यवाद।', 'छिटो कारबाही गर्नुहोस्।'] },
};

function greeting(random: Random, text: string, script: SourceText['script']): string {
  const g = GREETINGS[script];
  return `${pick(random, g.before)} ${text} ${random() < 0.6 ? pick(random, g.after) : ''}`.trim();
}

// Spellings of frequent Roman Urdu words as writers vary them.
const ROMAN_SPELLINGS: Record<string, string[]> = {
  nahi: ['nahin', 'nai', 'nhi', 'nahee'],
  nahin: ['nahi', 'nai', 'nhi'],
  hai: ['hy', 'he', 'ha'],
  hain: ['hen', 'hn', 'hein'],
  bahut: ['bohat', 'bht', 'bohot', 'bahot'],
  bohat: ['bahut', 'bht', 'bohot'],
  mein: ['main', 'me', 'mai', 'men'],
  main: ['mein', 'mn', 'mai'],
  kya: ['kia', 'kiya'],
  aur: ['or', 'aor'],
  kar: ['kr'],
  raha: ['rha', 'rehta'],
  rahe: ['rhe', 'rahay'],
  gaya: ['gya', 'gia'],
  yeh: ['ye', 'yah', 'ya'],
  woh: ['wo', 'vo', 'voh'],
  phir: ['fir', 'phr'],
  se: ['sy', 'sey'],
  ke: ['k', 'kay'],
  ki: ['ke', 'ky'],
  ko: ['ku', 'kou'],
  hum: ['ham'],
  tum: ['tm'],
  abhi: ['abi', 'abhee'],
  kuch: ['kch', 'kuchh'],
  sab: ['sb'],
  theek: ['thik', 'theik', 'tk'],
  bhi: ['b', 'bi'],
  tha: ['thaa'],
  liye: ['liay', 'lie', 'lye'],
};

function respellWord(random: Random, word: string): string {
  const lower = word.toLowerCase();
  const listed = ROMAN_SPELLINGS[lower];
  if (listed) return pick(random, listed);
  if (!/^[a-z]{4,}$/.test(lower)) return word;
  // Lengthen or shorten a vowel, or swap the vowels writers swap.
  const rules: Array<[RegExp, string]> = [[/a/, 'aa'], [/aa/, 'a'], [/ee/, 'i'], [/i/, 'ee'], [/oo/, 'u'], [/u/, 'o'], [/o/, 'u'], [/y$/, 'i'], [/i$/, 'y'], [/e/, 'a']];
  const usable = rules.filter(([from]) => from.test(lower));
  if (usable.length === 0) return word;
  const [from, to] = pick(random, usable);
  return lower.replace(from, to);
}

function romanSpelling(random: Random, text: string): string {
  return text
    .split(/\s+/)
    .map((w) => (random() < 0.5 ? respellWord(random, w) : w))
    .join(' ');
}

// How keyboards write Urdu letters: Arabic yeh, kaf and heh, a zabar or a tatweel here and there.
function urduKeyboard(random: Random, text: string): string {
  return [...text]
    .map((c) => {
      if (c === 'ی' && random() < 0.7) return 'ي';
      if (c === 'ک' && random() < 0.7) return 'ك';
      if (c === 'ہ' && random() < 0.7) return 'ه';
      if (/[\u0627-\u06d3]/.test(c) && random() < 0.04) return `${c}${random() < 0.5 ? '\u064e' : '\u0640'}`;
      return c;
    })
    .join('');
}

const COMMON_VARIANTS = ['refiled-exact', 'refiled-drop-reorder', 'refiled-typos', 'refiled-truncated', 'refiled-greeting', 'refiled-retold'] as const;

function variantTypes(script: SourceText['script']): PairType[] {
  if (script === 'roman-urdu') return [...COMMON_VARIANTS, 'refiled-roman-spelling', 'refiled-roman-spelling'];
  if (script === 'arabic') return [...COMMON_VARIANTS, 'refiled-urdu-keyboard', 'refiled-urdu-keyboard'];
  return [...COMMON_VARIANTS];
}

/** The text of a re-filing of `text`, of the given variant type. */
export function refile(random: Random, type: PairType, text: string, script: SourceText['script']): string {
  switch (type) {
    case 'refiled-exact':
      return random() < 0.5 ? text.toUpperCase() : text.replace(/[.,!?;:।۔،]/g, '');
    case 'refiled-drop-reorder':
      return dropAndReorder(random, text);
    case 'refiled-typos':
      return typos(random, text);
    case 'refiled-truncated':
      return truncated(random, text);
    case 'refiled-greeting':
      return greeting(random, text, script);
    case 'refiled-retold':
      return greeting(random, typos(random, dropAndReorder(random, text), 0.1), script);
    case 'refiled-roman-spelling':
      return romanSpelling(random, text);
    case 'refiled-urdu-keyboard':
      return urduKeyboard(random, text);
    default:
      return text;
  }
}

// ---- Places and times ----

function offset(site: Site, metres: number, bearing: number): Site {
  const dLat = (metres * Math.cos(bearing)) / 111_320;
  const dLon = (metres * Math.sin(bearing)) / (111_320 * Math.cos((site.lat * Math.PI) / 180));
  return { district: site.district, lat: site.lat + dLat, lon: site.lon + dLon };
}

/** How far apart two filings of the same problem are: mostly the same spot, sometimes down the street. */
function nearMetres(random: Random): number {
  const r = random();
  if (r < 0.7) return random() * 100;
  if (r < 0.95) return 100 + random() * 300;
  return 400 + random() * 400;
}

/** Days between two filings of the same problem: mostly days, sometimes a month or more (nothing was done). */
function nearDays(random: Random): number {
  const r = random();
  if (r < 0.6) return random() * 7;
  if (r < 0.9) return 7 + random() * 23;
  return 30 + random() * 15;
}

// One filing in five names only its district (no point), as a citizen on the helpline or the bot may.
function placeOf(random: Random, site: Site): DuplicatePlace {
  return { districtId: site.district, point: random() < 0.2 ? null : { lat: site.lat, lon: site.lon } };
}

function otherDistrictSite(random: Random, sites: Site[], site: Site): Site {
  for (;;) {
    const other = pick(random, sites);
    if (other.district !== site.district && distanceKm(site.lat, site.lon, other.lat, other.lon) > 3) return other;
  }
}

const plainWords = (text: string) => new Set(text.toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean));

/**
 * The index (into `others`) of the text sharing most words with `text` (plain word Jaccard, a measure apart from the
 * one under test): the hardest "other complaint" a new one is compared with among the open complaints nearby.
 */
function closest(text: string, others: string[]): number {
  const mine = plainWords(text);
  let best = { at: 0, likeness: -1 };
  others.forEach((other, at) => {
    const theirs = plainWords(other);
    let shared = 0;
    for (const w of mine) if (theirs.has(w)) shared++;
    const likeness = shared / (mine.size + theirs.size - shared || 1);
    if (likeness > best.likeness) best = { at, likeness };
  });
  return best.at;
}

/** Every labelled pair, from `perSource` base texts of each source. */
export function buildPairs(dataDir: string, options: { perSource?: number; seed?: number } = {}): LabelledPair[] {
  const seed = options.seed ?? PAIRS_SEED;
  const texts = loadSourceTexts(dataDir, options.perSource ?? 300, seed);
  const sites = loadSites(dataDir);
  const random = seededRandom(seed);
  const splitOf = (t: SourceText, i: number) => (fnv1a(`${seed}:split:${t.source}:${i}`) % 2 === 0 ? 'tuning' : 'held-out');
  const splits = texts.map(splitOf);
  // Other texts of the same source, category and half, for "another complaint of the same category".
  const groups = new Map<string, number[]>();
  texts.forEach((t, i) => groups.set(`${t.source}|${t.category}|${splits[i]}`, [...(groups.get(`${t.source}|${t.category}|${splits[i]}`) ?? []), i]));
  const pairs: LabelledPair[] = [];
  texts.forEach((t, i) => {
    const split = splits[i]!;
    const site = pick(random, sites);
    const at = new Date(START + Math.floor(random() * 300) * DAY + Math.floor(random() * DAY));
    const a: PairSide = { text: t.text, place: placeOf(random, site), at };
    const near = (): Pick<PairSide, 'place' | 'at'> => ({ place: placeOf(random, offset(site, nearMetres(random), random() * 2 * Math.PI)), at: new Date(at.getTime() + nearDays(random) * DAY) });
    const type = pick(random, variantTypes(t.script));
    pairs.push({ type, duplicate: true, source: t.source, split, a, b: { text: refile(random, type, t.text, t.script), ...near() } });
    const group = groups.get(`${t.source}|${t.category}|${split}`) ?? [];
    const others = group.filter((j) => templateKey(texts[j]!.text) !== templateKey(t.text));
    // A real text of the same template naming another town: the same problem elsewhere, filed in its own district.
    const sameTemplate = group.filter((j) => j !== i && templateKey(texts[j]!.text) === templateKey(t.text));
    if (sameTemplate.length > 0) {
      const elsewhere = otherDistrictSite(random, sites, site);
      pairs.push({ type: 'same-template-other-town', duplicate: false, source: t.source, split, a, b: { text: texts[pick(random, sameTemplate)]!.text, place: placeOf(random, elsewhere), at: new Date(at.getTime() + nearDays(random) * DAY) } });
    }
    if (others.length > 0) {
      pairs.push({ type: 'other-complaint-nearby', duplicate: false, source: t.source, split, a, b: { text: texts[pick(random, others)]!.text, ...near() } });
      pairs.push({ type: 'closest-other-complaint-nearby', duplicate: false, source: t.source, split, a, b: { text: texts[others[closest(t.text, others.map((j) => texts[j]!.text))]!]!.text, ...near() } });
    }
    const lightly = () => refile(random, pick(random, ['refiled-exact', 'refiled-drop-reorder', 'refiled-greeting'] as const), t.text, t.script);
    const elsewhere = otherDistrictSite(random, sites, site);
    pairs.push({ type: 'same-text-other-district', duplicate: false, source: t.source, split, a, b: { text: lightly(), place: placeOf(random, elsewhere), at: new Date(at.getTime() + nearDays(random) * DAY) } });
    pairs.push({ type: 'same-text-months-later', duplicate: false, source: t.source, split, a, b: { text: lightly(), place: near().place, at: new Date(at.getTime() + (60 + random() * 180) * DAY) } });
  });
  return pairs;
}
