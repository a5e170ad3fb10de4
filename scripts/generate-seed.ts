/**
 * Rebuilds the committed seed files in server/store/seed/ from the public data in ../shared/data and the
 * reviewed tables in scripts/seed-source/, so the product never reads ../shared at run time.
 *
 *   npm run seed:generate -- --data ../shared/data [--out server/store/seed]
 *
 * Output is deterministic: the same inputs give byte-identical files. Sources and licences: docs/DATA-SOURCES.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { checkAttributeDefinitions } from '../server/domain/intake/category-attributes.js';
import type { SeedArea, SeedCategory, SeedDepartment } from '../server/store/seed.repository.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIR = path.join(REPO_ROOT, 'scripts', 'seed-source');
const LEVELS = ['province', 'division', 'district', 'tehsil'] as const;

/** A level of the area tree. */
export type AreaLevel = (typeof LEVELS)[number];

/** One row of areas.json; the id is the dotted path of slugs from the province down. */
export type Area = SeedArea;

/** One row of departments.json. */
export type Department = SeedDepartment;

/** One row of categories.json (an Open311 service). */
export type Category = SeedCategory;

/** scripts/seed-source/area-reconciliation.json: how the census roster and the tehsil list are joined. */
export interface Reconciliation {
  province: { id: string; nameEn: string; censusName: string; tehsilSourceName: string };
  districtNameFixes: Record<string, { nameEn: string; note: string }>;
  tehsilSourceDistricts: Record<string, { census: string; note: string }>;
  tehsilNameFixes: Record<string, { nameEn: string; note: string }>;
}

/** scripts/seed-source/area-names.json: Urdu and Pashto names and extra aliases, keyed by area id. */
export type AreaNames = Record<string, { nameUr: string | null; namePs: string | null; aliases?: string[] }>;

/** A KP district as the 2023 census roster gives it. */
export interface CensusDistrict {
  division: string;
  name: string;
  population?: number;
  areaSqKm?: number;
}

/** A tehsil as the tehsil list gives it (lower case). */
export interface SourceTehsil {
  district: string;
  tehsil: string;
}

/** Everything the generator writes, as file name → file content. */
export type SeedFiles = Record<string, string>;

/** A failure of the inputs; main() prints the message and exits 1. */
export class SeedError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Reading the sources
// ---------------------------------------------------------------------------------------------------------------

// The geo CSVs have no quoted fields (checked: no `"` in either file), so a plain split is enough and no RFC 4180
// reader is needed; a quote anywhere makes parseSimpleCsv fail loudly rather than mis-split a row.
/** Parses a simple CSV (comma-separated, header row, CRLF or LF line ends) into one record per row. */
export function parseSimpleCsv(text: string, file: string): Record<string, string>[] {
  if (text.includes('"')) throw new SeedError(`${file}: quoted CSV fields are not supported by parseSimpleCsv`);
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new SeedError(`${file}:${i + 2}: ${cells.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
  });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new SeedError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readText(file)) as T;
  } catch (err) {
    if (err instanceof SeedError) throw err;
    throw new SeedError(`${file}: ${(err as Error).message}`);
  }
}

function optionalNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new SeedError(`not a number: ${value}`);
  return n;
}

/** The districts of one province from geo/pakistan_districts_divisions_2023.csv. */
export function readCensusDistricts(dataDir: string, province: string): CensusDistrict[] {
  const file = path.join(dataDir, 'geo', 'pakistan_districts_divisions_2023.csv');
  return parseSimpleCsv(readText(file), file)
    .filter((row) => row.province === province)
    .map((row) => ({
      division: row.division ?? '',
      name: row.district ?? '',
      population: optionalNumber(row.population_2023),
      areaSqKm: optionalNumber(row.area_sq_km),
    }));
}

/** The tehsils of one province from geo/pakistan_province_district_tehsil_flat.csv. */
export function readSourceTehsils(dataDir: string, province: string): SourceTehsil[] {
  const file = path.join(dataDir, 'geo', 'pakistan_province_district_tehsil_flat.csv');
  return parseSimpleCsv(readText(file), file)
    .filter((row) => row.province_as_in_source === province)
    .map((row) => ({ district: (row.district ?? '').trim(), tehsil: (row.tehsil ?? '').trim() }));
}

// ---------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------

/** A lowercase ascii slug, words joined by '-': "Dera Ismail Khan" → "dera-ismail-khan". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Title case for place names: "takht-e-nasrati" → "Takht-e-Nasrati", "upper mohmand (baizai)" → "Upper Mohmand (Baizai)". */
export function titleCase(name: string): string {
  return name.toLowerCase().replace(/[a-z]+/g, (word, offset: number, whole: string) => {
    const linker = word === 'e' && whole[offset - 1] === '-' && whole[offset + 1] === '-';
    return linker ? word : word.charAt(0).toUpperCase() + word.slice(1);
  });
}

/** The form two spellings are compared in: lower case, punctuation and spacing collapsed. */
export function matchKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

function aliasesOf(nameEn: string, seen: Iterable<string>): string[] {
  const own = nameEn.toLowerCase();
  const out = new Set<string>();
  for (const s of seen) {
    const alias = s.trim().toLowerCase();
    if (alias !== '' && alias !== own) out.add(alias);
  }
  return [...out].sort(compare);
}

/** Code-unit order, independent of the machine's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// The area tree
// ---------------------------------------------------------------------------------------------------------------

/** Inputs of buildAreas(): the two sources and the two reviewed tables. */
export interface AreaInputs {
  census: CensusDistrict[];
  tehsils: SourceTehsil[];
  reconciliation: Reconciliation;
  names: AreaNames;
}

/** A census district with the id and English name it gets. */
interface PlacedDistrict extends CensusDistrict {
  id: string;
  nameEn: string;
  divisionId: string;
}

function placeDistricts(inputs: AreaInputs): PlacedDistrict[] {
  const { province, districtNameFixes } = inputs.reconciliation;
  const unknownFixes = Object.keys(districtNameFixes).filter((n) => !inputs.census.some((d) => d.name === n));
  if (unknownFixes.length > 0) throw new SeedError(`districtNameFixes name districts not in the census roster: ${unknownFixes.join(', ')}`);
  return inputs.census.map((d) => {
    const nameEn = districtNameFixes[d.name]?.nameEn ?? d.name;
    const divisionId = `${province.id}.${slugify(d.division)}`;
    return { ...d, nameEn, divisionId, id: `${divisionId}.${slugify(nameEn)}` };
  });
}

// Maps each tehsil-source district name to a census district: the reviewed table first, then equal spellings.
function reconcileDistricts(sourceNames: string[], districts: PlacedDistrict[], inputs: AreaInputs): Map<string, PlacedDistrict> {
  const table = inputs.reconciliation.tehsilSourceDistricts;
  const byKey = new Map<string, PlacedDistrict>();
  for (const d of districts) {
    for (const n of [d.name, d.nameEn, ...(inputs.names[d.id]?.aliases ?? [])]) byKey.set(matchKey(n), d);
  }
  const placed = new Map<string, PlacedDistrict>();
  const unmatched: string[] = [];
  for (const source of sourceNames) {
    const mapped = table[source];
    const district = mapped ? districts.find((d) => d.name === mapped.census) : byKey.get(matchKey(source));
    if (district) placed.set(source, district);
    else unmatched.push(mapped ? `${source} → ${mapped.census} (no such census district)` : source);
  }
  for (const stale of Object.keys(table).filter((n) => !sourceNames.includes(n))) {
    process.stderr.write(`seed: note: tehsilSourceDistricts entry "${stale}" is not in the tehsil source\n`);
  }
  if (unmatched.length > 0) {
    for (const name of unmatched) process.stderr.write(`seed: unmatched tehsil-source district: ${name}\n`);
    throw new SeedError(`${unmatched.length} tehsil-source district(s) could not be placed; add them to tehsilSourceDistricts`);
  }
  return placed;
}

function namesFor(id: string, nameEn: string, level: AreaLevel, seen: string[], names: AreaNames): Pick<Area, 'nameUr' | 'namePs' | 'aliases'> {
  const entry = names[id];
  if (level !== 'tehsil' && (!entry?.nameUr || !entry.namePs)) throw new SeedError(`area-names.json: ${id} needs nameUr and namePs`);
  return { nameUr: entry?.nameUr ?? null, namePs: entry?.namePs ?? null, aliases: aliasesOf(nameEn, [...seen, ...(entry?.aliases ?? [])]) };
}

function sum(values: (number | undefined)[]): number | undefined {
  return values.every((v) => v !== undefined) && values.length > 0 ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;
}

function withStats(area: Area, members: CensusDistrict[]): Area {
  const population2023 = sum(members.map((m) => m.population));
  const areaSqKm = sum(members.map((m) => m.areaSqKm));
  return { ...area, ...(population2023 === undefined ? {} : { population2023 }), ...(areaSqKm === undefined ? {} : { areaSqKm }) };
}

function upperAreas(districts: PlacedDistrict[], inputs: AreaInputs): Area[] {
  const { province } = inputs.reconciliation;
  const root: Area = { id: province.id, parentId: null, level: 'province', nameEn: province.nameEn, ...namesFor(province.id, province.nameEn, 'province', [province.censusName, province.tehsilSourceName], inputs.names) };
  const areas = [withStats(root, districts)];
  for (const division of [...new Set(districts.map((d) => d.division))]) {
    const members = districts.filter((d) => d.division === division);
    const id = members[0]?.divisionId ?? '';
    areas.push(withStats({ id, parentId: province.id, level: 'division', nameEn: division, ...namesFor(id, division, 'division', [], inputs.names) }, members));
  }
  return areas;
}

function districtAreas(districts: PlacedDistrict[], sourceNames: Map<string, PlacedDistrict>, names: AreaNames): Area[] {
  return districts.map((d) => {
    const seen = [d.name, ...[...sourceNames].filter(([, p]) => p.id === d.id).map(([source]) => source)];
    return withStats({ id: d.id, parentId: d.divisionId, level: 'district', nameEn: d.nameEn, ...namesFor(d.id, d.nameEn, 'district', seen, names) }, [d]);
  });
}

function tehsilAreas(inputs: AreaInputs, placed: Map<string, PlacedDistrict>): Area[] {
  const fixes = inputs.reconciliation.tehsilNameFixes;
  const used = new Set<string>();
  const areas = inputs.tehsils.map((t) => {
    const district = placed.get(t.district);
    if (!district) throw new SeedError(`tehsil ${t.tehsil} (${t.district}) has no district`);
    const key = `${t.district}/${t.tehsil}`;
    if (fixes[key]) used.add(key);
    const nameEn = fixes[key]?.nameEn ?? titleCase(t.tehsil);
    const id = `${district.id}.${slugify(nameEn)}`;
    return { id, parentId: district.id, level: 'tehsil' as const, nameEn, ...namesFor(id, nameEn, 'tehsil', [t.tehsil], inputs.names) };
  });
  const unused = Object.keys(fixes).filter((k) => !used.has(k));
  if (unused.length > 0) throw new SeedError(`tehsilNameFixes entries match no tehsil: ${unused.join(', ')}`);
  return areas;
}

/** The area with its keys in the documented order (optional statistics before aliases). */
function canonicalArea(a: Area): Area {
  const { id, parentId, level, nameEn, nameUr, namePs, population2023, areaSqKm, aliases } = a;
  return { id, parentId, level, nameEn, nameUr, namePs, ...(population2023 === undefined ? {} : { population2023 }), ...(areaSqKm === undefined ? {} : { areaSqKm }), aliases };
}

function checkAreas(areas: Area[], names: AreaNames): void {
  const ids = new Set<string>();
  for (const a of areas) {
    if (ids.has(a.id)) throw new SeedError(`duplicate area id ${a.id}`);
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(a.id)) throw new SeedError(`bad area id ${a.id}`);
    ids.add(a.id);
  }
  const stale = Object.keys(names).filter((id) => !id.startsWith('$') && !ids.has(id));
  if (stale.length > 0) throw new SeedError(`area-names.json has ids that are not generated: ${stale.join(', ')}`);
  const untranslated = areas.filter((a) => a.nameUr === null).map((a) => a.id);
  if (untranslated.length > 0) process.stderr.write(`seed: note: ${untranslated.length} tehsil(s) without an Urdu name: ${untranslated.join(', ')}\n`);
}

/** Builds the province → division → district → tehsil tree, parents before children, then by id. */
export function buildAreas(inputs: AreaInputs): Area[] {
  const districts = placeDistricts(inputs);
  const sourceNames = [...new Set(inputs.tehsils.map((t) => t.district))].sort(compare);
  const placed = reconcileDistricts(sourceNames, districts, inputs);
  const areas = [...upperAreas(districts, inputs), ...districtAreas(districts, placed, inputs.names), ...tehsilAreas(inputs, placed)].map(canonicalArea);
  areas.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || compare(a.id, b.id));
  checkAreas(areas, inputs.names);
  const empty = areas.filter((a) => a.level === 'district' && !areas.some((t) => t.parentId === a.id));
  if (empty.length > 0) process.stderr.write(`seed: note: districts without tehsils in the source: ${empty.map((a) => a.id).join(', ')}\n`);
  return areas;
}

// ---------------------------------------------------------------------------------------------------------------
// Boundaries
// ---------------------------------------------------------------------------------------------------------------

interface SourceProperties {
  name: string;
  division?: string;
}

/** Re-labels a boundary FeatureCollection with area ids; each feature must match exactly one area and vice versa. */
export function buildBoundaries(source: FeatureCollection<Geometry, SourceProperties>, areas: Area[], level: 'division' | 'district', fixes: Reconciliation['districtNameFixes']): FeatureCollection<Geometry, { areaId: string; nameEn: string }> {
  const wanted = areas.filter((a) => a.level === level);
  const provinceId = areas.find((a) => a.level === 'province')?.id ?? '';
  const features = source.features.map((f) => {
    const nameEn = fixes[f.properties.name]?.nameEn ?? f.properties.name;
    const parentId = level === 'district' ? `${provinceId}.${slugify(f.properties.division ?? '')}` : provinceId;
    const area = wanted.find((a) => a.nameEn === nameEn && a.parentId === parentId);
    if (!area) throw new SeedError(`${level} boundary "${f.properties.name}" matches no ${level}`);
    return { type: 'Feature' as const, properties: { areaId: area.id, nameEn: area.nameEn }, geometry: f.geometry };
  });
  features.sort((a, b) => compare(a.properties.areaId, b.properties.areaId));
  const ids = features.map((f) => f.properties.areaId);
  const missing = wanted.filter((a) => !ids.includes(a.id)).map((a) => a.id);
  if (missing.length > 0 || new Set(ids).size !== ids.length) throw new SeedError(`${level} boundaries: missing ${missing.join(', ') || 'none'}; ${ids.length} features for ${wanted.length} areas`);
  return { type: 'FeatureCollection', features };
}

/** GeoJSON with one feature per line: valid JSON, stable, and a readable diff when one boundary changes. */
export function formatFeatureCollection(fc: FeatureCollection<Geometry, { areaId: string; nameEn: string }>): string {
  const lines = fc.features.map((f: Feature<Geometry, { areaId: string; nameEn: string }>) => JSON.stringify({ type: f.type, properties: f.properties, geometry: f.geometry }));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Departments and the service catalogue
// ---------------------------------------------------------------------------------------------------------------

const OFFICE_LEVELS = ['district', 'division', 'province'] as const;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function text(problems: string[], where: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${where} must be a non-empty string`);
    return '';
  }
  return value.trim();
}

function checkDepartment(raw: Record<string, unknown>, i: number, problems: string[]): Department {
  const where = `departments[${i}] (${String(raw.id)})`;
  const office = (raw.office ?? {}) as Record<string, unknown>;
  const dept: Department = {
    id: text(problems, `${where}.id`, raw.id),
    nameEn: text(problems, `${where}.nameEn`, raw.nameEn),
    nameUr: text(problems, `${where}.nameUr`, raw.nameUr),
    namePs: text(problems, `${where}.namePs`, raw.namePs),
    officeLevel: raw.officeLevel as Department['officeLevel'],
    office: {
      titleEn: text(problems, `${where}.office.titleEn`, office.titleEn),
      titleUr: text(problems, `${where}.office.titleUr`, office.titleUr),
      titlePs: text(problems, `${where}.office.titlePs`, office.titlePs),
    },
  };
  if (!SLUG.test(dept.id)) problems.push(`${where}.id is not a slug`);
  if (!(OFFICE_LEVELS as readonly string[]).includes(dept.officeLevel)) problems.push(`${where}.officeLevel must be one of ${OFFICE_LEVELS.join(', ')}`);
  for (const t of Object.values(dept.office)) if (!t.includes('{area}')) problems.push(`${where}.office title "${t}" has no {area}`);
  return dept;
}

function checkCategory(raw: Record<string, unknown>, i: number, problems: string[]): Category {
  const where = `categories[${i}] (${String(raw.id)})`;
  const keywords = Array.isArray(raw.keywords) ? raw.keywords.map((k, j) => text(problems, `${where}.keywords[${j}]`, k).toLowerCase()) : [];
  const category: Category = {
    id: text(problems, `${where}.id`, raw.id),
    serviceCode: text(problems, `${where}.serviceCode`, raw.serviceCode),
    departmentId: text(problems, `${where}.departmentId`, raw.departmentId),
    group: text(problems, `${where}.group`, raw.group),
    nameEn: text(problems, `${where}.nameEn`, raw.nameEn),
    nameUr: text(problems, `${where}.nameUr`, raw.nameUr),
    namePs: text(problems, `${where}.namePs`, raw.namePs),
    descriptionEn: text(problems, `${where}.descriptionEn`, raw.descriptionEn),
    keywords: [...new Set(keywords)],
    slaDays: raw.slaDays as number,
  };
  // Extra fields are written only for the categories that ask any, so the file stays readable.
  const attributes = checkAttributeDefinitions(raw.attributes, `${where}.attributes`);
  problems.push(...attributes.problems);
  if (attributes.definitions.length > 0) category.attributes = attributes.definitions;
  if (!SLUG.test(category.id)) problems.push(`${where}.id is not a slug`);
  if (!SLUG.test(category.group)) problems.push(`${where}.group is not a slug`);
  if (!/^[A-Z]{2,3}-\d{3}$/.test(category.serviceCode)) problems.push(`${where}.serviceCode must look like LG-001`);
  if (!Number.isInteger(category.slaDays) || category.slaDays < 1 || category.slaDays > 30) problems.push(`${where}.slaDays must be an integer 1-30`);
  if (keywords.length === 0) problems.push(`${where}.keywords must not be empty`);
  return category;
}

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** Validates the hand-written catalogue (departments and categories) and returns it in a canonical shape. */
export function validateCatalogue(rawDepartments: unknown, rawCategories: unknown): { departments: Department[]; categories: Category[] } {
  if (!Array.isArray(rawDepartments) || !Array.isArray(rawCategories)) throw new SeedError('departments.json and categories.json must be arrays');
  const problems: string[] = [];
  const departments = rawDepartments.map((d: Record<string, unknown>, i) => checkDepartment(d, i, problems));
  const categories = rawCategories.map((c: Record<string, unknown>, i) => checkCategory(c, i, problems));
  const deptIds = new Set(departments.map((d) => d.id));
  for (const d of duplicates(departments.map((x) => x.id))) problems.push(`duplicate department id ${d}`);
  for (const c of duplicates(categories.map((x) => x.id))) problems.push(`duplicate category id ${c}`);
  for (const c of duplicates(categories.map((x) => x.serviceCode))) problems.push(`duplicate service code ${c}`);
  for (const c of categories) if (!deptIds.has(c.departmentId)) problems.push(`category ${c.id}: unknown department ${c.departmentId}`);
  if (problems.length > 0) throw new SeedError(`catalogue is invalid:\n  ${problems.join('\n  ')}`);
  return { departments, categories };
}

// ---------------------------------------------------------------------------------------------------------------
// Putting it together
// ---------------------------------------------------------------------------------------------------------------

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Builds every seed file from the data directory and scripts/seed-source/; writes nothing. */
export function generateSeed(dataDir: string, sourceDir: string = SOURCE_DIR): SeedFiles {
  const reconciliation = readJson<Reconciliation>(path.join(sourceDir, 'area-reconciliation.json'));
  const names = readJson<AreaNames>(path.join(sourceDir, 'area-names.json'));
  const { province } = reconciliation;
  const census = readCensusDistricts(dataDir, province.censusName);
  const tehsils = readSourceTehsils(dataDir, province.tehsilSourceName);
  if (census.length === 0 || tehsils.length === 0) throw new SeedError(`no rows for ${province.censusName} / ${province.tehsilSourceName} in ${dataDir}/geo`);
  const areas = buildAreas({ census, tehsils, reconciliation, names });
  const geo = (file: string) => readJson<FeatureCollection<Geometry, SourceProperties>>(path.join(dataDir, 'geo', file));
  const districts = buildBoundaries(geo('kp_districts_2023_osm.geojson'), areas, 'district', reconciliation.districtNameFixes);
  const divisions = buildBoundaries(geo('kp_divisions_2023_osm.geojson'), areas, 'division', {});
  const catalogue = validateCatalogue(readJson(path.join(sourceDir, 'departments.json')), readJson(path.join(sourceDir, 'categories.json')));
  return {
    'areas.json': json(areas),
    'district-boundaries.json': formatFeatureCollection(districts),
    'division-boundaries.json': formatFeatureCollection(divisions),
    'departments.json': json(catalogue.departments),
    'categories.json': json(catalogue.categories),
  };
}

/** Writes the generated files into outDir (created if missing). */
export function writeSeed(files: SeedFiles, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(outDir, name), content, 'utf8');
}

/** Command-line entry: --data DIR (default ../shared/data from the repo root), --out DIR (default server/store/seed). */
export function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, out: { type: 'string' } } });
  const dataDir = path.resolve(values.data ?? path.join(REPO_ROOT, '..', 'shared', 'data'));
  const outDir = path.resolve(values.out ?? path.join(REPO_ROOT, 'server', 'store', 'seed'));
  try {
    const files = generateSeed(dataDir);
    writeSeed(files, outDir);
    const areas = JSON.parse(files['areas.json'] ?? '[]') as Area[];
    const count = (level: AreaLevel) => areas.filter((a) => a.level === level).length;
    process.stderr.write(`seed: wrote ${Object.keys(files).length} files to ${path.relative(process.cwd(), outDir) || '.'}: ` +
      `${LEVELS.map((l) => `${count(l)} ${l}`).join(', ')}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof SeedError)) throw err;
    process.stderr.write(`seed: ${err.message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
