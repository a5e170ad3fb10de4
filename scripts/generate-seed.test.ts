import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Geometry } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAttributeDefinitions, checkAttributeValues } from '../server/domain/intake/category-attributes.js';
import { buildAreas, main, parseSimpleCsv, SeedError, slugify, titleCase, validateCatalogue } from './generate-seed.js';
import type { Area, AreaInputs, Category, Department } from './generate-seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED_DIR = path.join(ROOT, 'server', 'store', 'seed');
const DATA_DIR = path.resolve(ROOT, '..', 'shared', 'data');
const FILES = ['areas.json', 'categories.json', 'departments.json', 'district-boundaries.json', 'division-boundaries.json'];

type Boundaries = FeatureCollection<Geometry, { areaId: string; nameEn: string }>;
const read = <T>(name: string): T => JSON.parse(readFileSync(path.join(SEED_DIR, name), 'utf8')) as T;

const areas = read<Area[]>('areas.json');
const departments = read<Department[]>('departments.json');
const categories = read<Category[]>('categories.json');
const districtBoundaries = read<Boundaries>('district-boundaries.json');
const divisionBoundaries = read<Boundaries>('division-boundaries.json');

const ARABIC = /\p{Script=Arabic}/u;
const LATIN = /[A-Za-z]/;
// Letters only Urdu writes (ٹ ڈ ڑ ہ ھ ے گ ں) and letters only Pashto writes (ټ ډ ړ ښ ږ ځ څ ې ۍ ګ ڼ, Arabic ي and ه).
const URDU_ONLY = /[\u0679\u0688\u0691\u06C1\u06BE\u06D2\u06AF\u06BA]/u;
const PASHTO_ONLY = /[\u067C\u0689\u0693\u069A\u0696\u0681\u0685\u06D0\u06CD\u06AB\u06BC\u064A\u0647]/u;

/** Arabic-script text with no Latin letters ({area} placeholders removed first). */
function isArabicScript(text: string | null): boolean {
  const t = (text ?? '').replaceAll('{area}', '');
  return ARABIC.test(t) && !LATIN.test(t);
}

const countLevel = (level: Area['level']) => areas.filter((a) => a.level === level).length;

describe('areas.json', () => {
  it('has the KP tree: 1 province, 7 divisions, 35 districts, at least 160 tehsils', () => {
    expect(countLevel('province')).toBe(1);
    expect(countLevel('division')).toBe(7);
    expect(countLevel('district')).toBe(35);
    expect(countLevel('tehsil')).toBeGreaterThanOrEqual(160);
  });

  it('has unique path ids whose parents exist and prefix them', () => {
    const ids = new Set(areas.map((a) => a.id));
    expect(ids.size).toBe(areas.length);
    for (const a of areas) {
      expect(a.id).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/);
      if (a.level === 'province') {
        expect(a.parentId).toBeNull();
        continue;
      }
      expect(ids.has(a.parentId ?? ''), a.id).toBe(true);
      expect(a.id.startsWith(`${a.parentId}.`), a.id).toBe(true);
      expect(a.id.split('.').length).toBe(['province', 'division', 'district', 'tehsil'].indexOf(a.level) + 1);
    }
  });

  it('lists parents before children', () => {
    const seen = new Set<string>();
    for (const a of areas) {
      if (a.parentId !== null) expect(seen.has(a.parentId), a.id).toBe(true);
      seen.add(a.id);
    }
  });

  it('names every province, division and district in Urdu and Pashto script', () => {
    for (const a of areas.filter((x) => x.level !== 'tehsil')) {
      expect(isArabicScript(a.nameUr), `${a.id} nameUr`).toBe(true);
      expect(isArabicScript(a.namePs), `${a.id} namePs`).toBe(true);
    }
  });

  it('gives tehsils Arabic-script names or null, in the right orthography', () => {
    for (const a of areas) {
      if (a.nameUr !== null) expect(isArabicScript(a.nameUr) && !PASHTO_ONLY.test(a.nameUr), `${a.id} nameUr`).toBe(true);
      if (a.namePs !== null) expect(isArabicScript(a.namePs) && !URDU_ONLY.test(a.namePs), `${a.id} namePs`).toBe(true);
    }
  });

  it('has lower-case aliases different from the English name', () => {
    for (const a of areas) {
      for (const alias of a.aliases) {
        expect(alias).toBe(alias.toLowerCase());
        expect(alias).not.toBe(a.nameEn.toLowerCase());
      }
    }
  });

  it('carries 2023 census populations for districts, adding up to the province', () => {
    const districts = areas.filter((a) => a.level === 'district');
    for (const d of districts) expect(d.population2023, d.id).toBeGreaterThan(0);
    const total = districts.reduce((s, d) => s + (d.population2023 ?? 0), 0);
    expect(areas.find((a) => a.level === 'province')?.population2023).toBe(total);
  });
});

describe('boundaries', () => {
  it('has exactly one district boundary per district, with only areaId and nameEn', () => {
    const districtIds = areas.filter((a) => a.level === 'district').map((a) => a.id).sort();
    const featureIds = districtBoundaries.features.map((f) => f.properties.areaId).sort();
    expect(featureIds).toEqual(districtIds);
    for (const f of districtBoundaries.features) {
      expect(Object.keys(f.properties).sort()).toEqual(['areaId', 'nameEn']);
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    }
  });

  it('has exactly one division boundary per division', () => {
    const divisionIds = areas.filter((a) => a.level === 'division').map((a) => a.id).sort();
    expect(divisionBoundaries.features.map((f) => f.properties.areaId).sort()).toEqual(divisionIds);
  });
});

describe('departments.json and categories.json', () => {
  it('has at least 12 departments with unique slug ids and office templates', () => {
    expect(departments.length).toBeGreaterThanOrEqual(12);
    expect(new Set(departments.map((d) => d.id)).size).toBe(departments.length);
    for (const d of departments) {
      expect(d.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['district', 'division', 'province']).toContain(d.officeLevel);
      for (const t of Object.values(d.office)) expect(t).toContain('{area}');
    }
  });

  it('names departments and offices in English, Urdu and Pashto', () => {
    for (const d of departments) {
      expect(d.nameEn.trim()).not.toBe('');
      expect(d.office.titleEn.trim()).not.toBe('');
      for (const ur of [d.nameUr, d.office.titleUr]) expect(isArabicScript(ur) && !PASHTO_ONLY.test(ur), `${d.id}: ${ur}`).toBe(true);
      for (const ps of [d.namePs, d.office.titlePs]) expect(isArabicScript(ps) && !URDU_ONLY.test(ps), `${d.id}: ${ps}`).toBe(true);
    }
  });

  it('has at least 45 categories with unique ids and service codes, each under a known department', () => {
    expect(categories.length).toBeGreaterThanOrEqual(45);
    expect(new Set(categories.map((c) => c.id)).size).toBe(categories.length);
    expect(new Set(categories.map((c) => c.serviceCode)).size).toBe(categories.length);
    const deptIds = new Set(departments.map((d) => d.id));
    for (const c of categories) expect(deptIds.has(c.departmentId), c.id).toBe(true);
  });

  it('gives every category an integer SLA of 1-30 days, keywords and a description', () => {
    for (const c of categories) {
      expect(Number.isInteger(c.slaDays) && c.slaDays >= 1 && c.slaDays <= 30, c.id).toBe(true);
      expect(c.keywords.length, c.id).toBeGreaterThan(0);
      expect(c.descriptionEn.trim(), c.id).not.toBe('');
      expect(c.serviceCode).toMatch(/^[A-Z]{2,3}-\d{3}$/);
    }
  });

  it('names every category in English, Urdu and (distinct) Pashto', () => {
    for (const c of categories) {
      expect(c.nameEn.trim()).not.toBe('');
      expect(isArabicScript(c.nameUr) && !PASHTO_ONLY.test(c.nameUr), `${c.id}: ${c.nameUr}`).toBe(true);
      expect(isArabicScript(c.namePs) && !URDU_ONLY.test(c.namePs), `${c.id}: ${c.namePs}`).toBe(true);
      expect(c.namePs, c.id).not.toBe(c.nameUr);
    }
  });
});

describe('extra fields of categories (attributes)', () => {
  const asking = categories.filter((c) => (c.attributes ?? []).length > 0);
  const field = (id: string, code: string) => categories.find((c) => c.id === id)?.attributes?.find((a) => a.code === code);

  it('gives a modest set of categories valid extra fields, mostly optional', () => {
    expect(asking.length).toBeGreaterThanOrEqual(40);
    for (const c of asking) {
      expect(checkAttributeDefinitions(c.attributes).problems, c.id).toEqual([]);
      expect(c.attributes!.length, c.id).toBeLessThanOrEqual(4);
    }
    const all = asking.flatMap((c) => c.attributes!);
    expect(all.filter((a) => a.required).length).toBeLessThan(all.length / 4);
  });

  it('asks what an office needs to act: bill references, registration numbers, FIRs, land records, schools, facilities', () => {
    expect(field('electricity-overbilling', 'consumer_reference')).toMatchObject({ datatype: 'string', required: true });
    expect(field('water-bill', 'account_number')).toMatchObject({ datatype: 'string', required: true });
    expect(field('traffic', 'vehicle_registration')).toMatchObject({ datatype: 'string', uppercase: true });
    expect(field('domicile-certificate', 'application_number')?.datatype).toBe('string');
    expect(field('fard-not-issued', 'mauza')?.datatype).toBe('string');
    expect(field('fard-not-issued', 'khasra_number')?.datatype).toBe('string');
    expect(field('teacher-absent', 'emis_code')?.pattern).toBeDefined();
    expect(field('doctor-staff-absent', 'facility_type')?.datatype).toBe('singlevaluelist');
    expect(field('police-inaction', 'fir_lodged')).toMatchObject({ datatype: 'singlevaluelist', values: [{ key: 'yes' }, { key: 'no' }] });
    expect(field('police-inaction', 'fir_number')?.datatype).toBe('string');
    expect(field('school-facilities-missing', 'missing_facilities')?.datatype).toBe('multivaluelist');
  });

  it('accepts real-world values in the fields with a pattern, and refuses what is not one', () => {
    const check = (id: string, code: string, value: string) => checkAttributeValues([field(id, code)!], { [code]: value }).ok;
    for (const plate of ['LEA-1234', 'pr 5678', 'ABC 123', 'LEB-07-1234', 'A-1']) expect(check('traffic', 'vehicle_registration', plate), plate).toBe(true);
    for (const plate of ['1234', 'LEAKS-1', 'LEA_1234', 'LEA-12345']) expect(check('traffic', 'vehicle_registration', plate), plate).toBe(false);
    for (const ref of ['09 14124 0123400 U', '09141240123400', '12 26123 1234567r']) expect(check('power-outage', 'consumer_reference', ref), ref).toBe(true);
    for (const ref of ['0914124', 'abc', '09 14124 0123400 X']) expect(check('power-outage', 'consumer_reference', ref), ref).toBe(false);
    expect(check('electricity-overbilling', 'bill_month', '2026-01')).toBe(true);
    expect(check('electricity-overbilling', 'bill_month', '2026-13')).toBe(false);
  });

  it('words every question and choice in English, Urdu and (distinct) Pashto', () => {
    for (const c of asking) {
      for (const a of c.attributes!) {
        for (const text of [a.description, ...(a.values ?? []).map((v) => v.name)]) {
          expect(text.en.trim(), `${c.id}.${a.code}`).not.toBe('');
          expect(isArabicScript(text.ur) && !PASHTO_ONLY.test(text.ur), `${c.id}.${a.code}: ${text.ur}`).toBe(true);
          expect(isArabicScript(text.ps) && !URDU_ONLY.test(text.ps), `${c.id}.${a.code}: ${text.ps}`).toBe(true);
        }
        expect(a.description.ps, `${c.id}.${a.code}`).not.toBe(a.description.ur);
      }
    }
  });

  it('refuses a catalogue with a bad field definition, naming it', () => {
    const raw = JSON.parse(readFileSync(path.join(ROOT, 'scripts', 'seed-source', 'categories.json'), 'utf8'));
    const depts = JSON.parse(readFileSync(path.join(ROOT, 'scripts', 'seed-source', 'departments.json'), 'utf8'));
    raw[0].attributes = [{ code: 'x', datatype: 'colour', required: false, order: 1, description: { en: 'x', ur: 'x', ps: 'x' } }];
    expect(() => validateCatalogue(depts, raw)).toThrow(/categories\[0\] \(garbage-not-collected\)\.attributes\[0\]\.datatype must be one of/);
  });
});

describe('generator helpers', () => {
  it('slugs and title-cases place names', () => {
    expect(slugify('Dera Ismail Khan')).toBe('dera-ismail-khan');
    expect(slugify('upper mohmand (baizai)')).toBe('upper-mohmand-baizai');
    expect(titleCase('takht-e-nasrati')).toBe('Takht-e-Nasrati');
    expect(titleCase('lakki marwat')).toBe('Lakki Marwat');
  });

  it('places tehsils of post-census splits under their 2023 district', () => {
    expect(areas.find((a) => a.id.endsWith('.wana'))?.parentId).toBe('kp.dera-ismail-khan.south-waziristan');
    expect(areas.find((a) => a.id === 'kp.dera-ismail-khan.south-waziristan')?.aliases).toContain('lower south waziristan');
  });

  it('fails when a tehsil-source district cannot be placed', () => {
    const inputs: AreaInputs = {
      census: [{ division: 'Peshawar', name: 'Peshawar', population: 1, areaSqKm: 1 }],
      tehsils: [{ district: 'peshawar', tehsil: 'mathra' }, { district: 'atlantis', tehsil: 'nowhere' }],
      reconciliation: { province: { id: 'kp', nameEn: 'Khyber Pakhtunkhwa', censusName: 'Khyber Pakhtunkhwa', tehsilSourceName: 'kpk' }, districtNameFixes: {}, tehsilSourceDistricts: {}, tehsilNameFixes: {} },
      names: { kp: { nameUr: 'خیبر پختونخوا', namePs: 'خیبر پښتونخوا' }, 'kp.peshawar': { nameUr: 'پشاور', namePs: 'پېښور' }, 'kp.peshawar.peshawar': { nameUr: 'پشاور', namePs: 'پېښور' } },
    };
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(() => buildAreas(inputs)).toThrow(SeedError);
      expect(buildAreas({ ...inputs, tehsils: inputs.tehsils.slice(0, 1) }).map((a) => a.id)).toEqual(['kp', 'kp.peshawar', 'kp.peshawar.peshawar', 'kp.peshawar.peshawar.mathra']);
    } finally {
      process.stderr.write = stderr;
    }
  });

  it('refuses quoted CSV fields instead of mis-splitting them', () => {
    expect(parseSimpleCsv('a,b\r\n1,2\r\n', 'x.csv')).toEqual([{ a: '1', b: '2' }]);
    expect(() => parseSimpleCsv('a,b\n"1,5",2\n', 'x.csv')).toThrow(SeedError);
  });
});

describe.skipIf(!existsSync(DATA_DIR))('regeneration from ../shared/data', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'ekhtyar-seed-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reproduces the committed seed files byte for byte', () => {
    expect(main(['--data', DATA_DIR, '--out', out])).toBe(0);
    for (const name of FILES) {
      const committed = readFileSync(path.join(SEED_DIR, name));
      const generated = readFileSync(path.join(out, name));
      expect(generated.equals(committed), `${name} differs from the generator's output; run npm run seed:generate`).toBe(true);
    }
  });
});
