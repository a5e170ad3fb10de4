import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributePointer, attributesFromForm, checkAttributeDefinitions, checkAttributeValues, type AttributeDefinition, type AttributeValue } from './category-attributes.js';

const t = (en: string) => ({ en, ur: `${en} (اردو)`, ps: `${en} (پښتو)` });
const YES_NO = [{ key: 'yes', name: t('Yes') }, { key: 'no', name: t('No') }];
const FIELDS: AttributeDefinition[] = [
  { code: 'fir_lodged', datatype: 'singlevaluelist', required: true, order: 1, description: t('Has an FIR been lodged?'), values: YES_NO },
  { code: 'fir_number', datatype: 'string', required: false, order: 2, description: t('FIR number'), maxLength: 12 },
  { code: 'vehicle', datatype: 'string', required: false, order: 3, description: t('Vehicle registration'), pattern: '^[A-Z]{1,4}[- ]?[0-9]{1,4}$', uppercase: true, formatHint: t('e.g. LEA-1234') },
  { code: 'units', datatype: 'number', required: false, order: 4, description: t('Units billed'), min: 0, max: 100_000 },
  { code: 'happened_at', datatype: 'datetime', required: false, order: 5, description: t('When?') },
  { code: 'missing', datatype: 'multivaluelist', required: false, order: 6, description: t('What is missing?'), values: [{ key: 'water', name: t('Water') }, { key: 'toilets', name: t('Toilets') }, { key: 'power', name: t('Electricity') }] },
  { code: 'details', datatype: 'text', required: false, order: 7, description: t('Anything else'), maxLength: 30 },
];

const refused = (input: unknown, definitions = FIELDS) => {
  const result = checkAttributeValues(definitions, input);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
  return result.problems;
};
const accepted = (input: unknown, definitions = FIELDS) => {
  const result = checkAttributeValues(definitions, input);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  return result.values;
};

describe('checkAttributeValues', () => {
  it('accepts good values and normalises them: trimmed, capitals where asked, numbers as numbers, list keys in the definition order', () => {
    expect(accepted({ fir_lodged: ' YES ', fir_number: '  245/2025 ', vehicle: 'lea  1234', units: '350.5', missing: ['power', 'water', 'power'], details: ' two\r\nlines ' })).toEqual({
      fir_lodged: 'yes',
      fir_number: '245/2025',
      vehicle: 'LEA 1234',
      units: 350.5,
      missing: ['water', 'power'],
      details: 'two\nlines',
    });
  });

  it('reads a date as a date, a time with a zone as that instant, and a time without one as Pakistan time', () => {
    expect(accepted({ fir_lodged: 'no', happened_at: '2026-01-31' }).happened_at).toBe('2026-01-31');
    expect(accepted({ fir_lodged: 'no', happened_at: '2026-01-31T09:30:00+05:00' }).happened_at).toBe('2026-01-31T04:30:00.000Z');
    expect(accepted({ fir_lodged: 'no', happened_at: '2026-01-31T09:30' }).happened_at).toBe('2026-01-31T04:30:00.000Z');
    expect(accepted({ fir_lodged: 'no', happened_at: '2026-01-31 23:15:10Z' }).happened_at).toBe('2026-01-31T23:15:10.000Z');
  });

  it('takes one choice of a multivaluelist given alone, and a list key given as a number', () => {
    const numbered: AttributeDefinition[] = [{ code: 'make', datatype: 'singlevaluelist', required: false, order: 1, description: t('Make'), values: [{ key: '123', name: t('Ford') }] }];
    expect(accepted({ make: 123 }, numbered)).toEqual({ make: '123' });
    expect(accepted({ fir_lodged: 'no', missing: 'toilets' })).toEqual({ fir_lodged: 'no', missing: ['toilets'] });
    // Stored as JSON, which has no negative zero: the value given back must be the value stored.
    expect(Object.is(accepted({ fir_lodged: 'no', units: -0 }).units, 0)).toBe(true);
  });

  it('lets a required field be left out where no form asked for it, still checking what was given', () => {
    expect(checkAttributeValues(FIELDS, {}, { requireAll: false })).toEqual({ ok: true, values: {} });
    expect(checkAttributeValues(FIELDS, { fir_lodged: 'maybe' }, { requireAll: false })).toMatchObject({ ok: false, problems: [{ pointer: '/attributes/fir_lodged' }] });
    expect(refused({})).toEqual([{ code: 'fir_lodged', pointer: '/attributes/fir_lodged', detail: 'is required' }]);
  });

  it('treats absent, null, empty text and empty lists as not given', () => {
    expect(accepted({ fir_lodged: 'no', fir_number: '   ', units: '', happened_at: null, missing: [] })).toEqual({ fir_lodged: 'no' });
    expect(accepted(undefined, FIELDS.slice(1))).toEqual({});
  });

  it('names each bad field by its pointer, all at once', () => {
    const problems = refused({ nope: 1, fir_number: 'x'.repeat(13), vehicle: 'not a plate', units: 'many', happened_at: '31/01/2026', missing: ['water', 'gold'], details: true });
    expect(problems.map((p) => [p.pointer, p.detail])).toEqual([
      ['/attributes/nope', expect.stringContaining('no such field')],
      ['/attributes/fir_lodged', 'is required'],
      ['/attributes/fir_number', 'may be at most 12 characters'],
      ['/attributes/vehicle', 'is not in the expected form (e.g. LEA-1234)'],
      ['/attributes/units', expect.stringContaining('must be a number')],
      ['/attributes/happened_at', expect.stringContaining('must be a date')],
      ['/attributes/missing', '"gold" is not among: water, toilets, power'],
      ['/attributes/details', 'must be text'],
    ]);
    expect(problems.every((p) => p.code === p.pointer.slice('/attributes/'.length))).toBe(true);
  });

  it('refuses a value outside the list, the wrong type for a list, and numbers out of range', () => {
    expect(refused({ fir_lodged: 'maybe' })[0]?.detail).toBe('"maybe" is not one of: yes, no');
    expect(refused({ fir_lodged: ['yes'] })[0]?.detail).toBe('choose one of: yes, no');
    expect(refused({ fir_lodged: true })[0]?.detail).toBe('choose one of: yes, no');
    expect(refused({ fir_lodged: 'yes', units: -1 })[0]?.detail).toBe('must be at least 0');
    expect(refused({ fir_lodged: 'yes', units: 1e9 })[0]?.detail).toBe('must be at most 100000');
    expect(refused({ fir_lodged: 'yes', missing: [{}] })[0]?.pointer).toBe('/attributes/missing');
  });

  it('refuses dates that are not on the calendar or not ISO', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-31', '2026-01-31T24:00', '2026-01-31T10:00+15:00', 'yesterday', '1850-01-01']) {
      expect(refused({ fir_lodged: 'no', happened_at: bad })[0]?.pointer, bad).toBe('/attributes/happened_at');
    }
  });

  it('refuses text that cannot be stored, and an attributes value that is not an object', () => {
    expect(refused({ fir_lodged: 'no', fir_number: 'a\u0000b' })[0]?.detail).toBe('contains characters that are not text');
    for (const bad of [[], 'yes', 3]) expect(refused(bad)).toEqual([{ code: null, pointer: '/attributes', detail: expect.stringContaining('must be an object') }]);
  });

  it('says a category without fields has none, and escapes odd codes in pointers', () => {
    expect(refused({ 'a/b~c': 'x' }, [])).toEqual([{ code: 'a/b~c', pointer: '/attributes/a~1b~0c', detail: 'this category has no extra fields' }]);
    expect(attributePointer('x'.repeat(100))).toBe(`/attributes/${'x'.repeat(64)}`);
    expect(refused(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 1])), [])).toHaveLength(1);
  });
});

// A definition of every datatype with an arbitrary of values it must accept.
const LETTERS = fc.constantFrom(...'abcXYZ 0129-/\tکھښےۍ۱'.split(''), '\n');
const definitionWithValue: fc.Arbitrary<[AttributeDefinition, fc.Arbitrary<unknown>]> = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((max): [AttributeDefinition, fc.Arbitrary<unknown>] => [
    { code: 'line', datatype: 'string', required: false, order: 1, description: t('Line'), maxLength: max },
    fc.string({ unit: LETTERS, minLength: 1, maxLength: max }).filter((s) => s.trim() !== ''),
  ]),
  fc.constant<[AttributeDefinition, fc.Arbitrary<unknown>]>([
    { code: 'plate', datatype: 'string', required: false, order: 1, description: t('Plate'), pattern: '^[A-Z]{1,4}-[0-9]{1,4}$', uppercase: true },
    fc.stringMatching(/^[A-Za-z]{1,4}-[0-9]{1,4}$/),
  ]),
  fc.integer({ min: 1, max: 60 }).map((max): [AttributeDefinition, fc.Arbitrary<unknown>] => [
    { code: 'notes', datatype: 'text', required: false, order: 1, description: t('Notes'), maxLength: max },
    fc.string({ unit: LETTERS, minLength: 1, maxLength: max }).filter((s) => s.trim() !== ''),
  ]),
  fc.constant<[AttributeDefinition, fc.Arbitrary<unknown>]>([
    { code: 'count', datatype: 'number', required: false, order: 1, description: t('Count'), min: -1000, max: 1000 },
    fc.oneof(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.integer({ min: -1000, max: 1000 }).map(String)),
  ]),
  fc.constant<[AttributeDefinition, fc.Arbitrary<unknown>]>([
    { code: 'when', datatype: 'datetime', required: false, order: 1, description: t('When') },
    fc.date({ min: new Date('1900-01-02T00:00:00Z'), max: new Date('2100-12-30T00:00:00Z'), noInvalidDate: true }).chain((d) =>
      fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 10), d.toISOString().slice(0, 19), `${d.toISOString().slice(0, 16)}-03:30`),
    ),
  ]),
  fc.constant<[AttributeDefinition, fc.Arbitrary<unknown>]>([
    { code: 'choice', datatype: 'singlevaluelist', required: false, order: 1, description: t('Choice'), values: YES_NO },
    fc.constantFrom('yes', 'no', 'Yes', ' NO '),
  ]),
  fc.constant<[AttributeDefinition, fc.Arbitrary<unknown>]>([
    { code: 'choices', datatype: 'multivaluelist', required: false, order: 1, description: t('Choices'), values: FIELDS[5]!.values! },
    fc.subarray(['water', 'toilets', 'power'], { minLength: 1 }).chain((keys) => fc.shuffledSubarray(keys, { minLength: keys.length })),
  ]),
);

// Several of them in one category (codes and orders made distinct), with a value for each.
const categoryWithValues = fc.array(definitionWithValue, { minLength: 1, maxLength: 6 }).chain((pairs) => {
  const definitions = pairs.map(([d], i) => ({ ...d, code: `${d.code}_${i}`, order: i + 1 }));
  return fc.tuple(fc.constant(definitions), fc.tuple(...pairs.map(([, value]) => value)), fc.array(fc.boolean(), { minLength: pairs.length, maxLength: pairs.length }));
});

describe('checkAttributeValues under random input', () => {
  it('always accepts valid values, and its normalised values are accepted again unchanged (round trip)', () => {
    fc.assert(
      fc.property(categoryWithValues, ([definitions, values, required]) => {
        const withRequired = definitions.map((d, i) => ({ ...d, required: required[i]! }));
        const input = Object.fromEntries(definitions.map((d, i) => [d.code, values[i]]));
        const first = checkAttributeValues(withRequired, input);
        expect(first.ok, JSON.stringify([input, first])).toBe(true);
        if (!first.ok) return;
        expect(Object.keys(first.values)).toEqual(definitions.map((d) => d.code));
        const again = checkAttributeValues(withRequired, JSON.parse(JSON.stringify(first.values)));
        expect(again).toEqual({ ok: true, values: first.values });
      }),
    );
  });

  it('never throws on any input, and every problem names a field under /attributes with a reason', () => {
    const inputs = fc.oneof(
      fc.anything(),
      fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS.map((f) => f.code)), fc.string()), fc.anything()),
      fc.dictionary(fc.constantFrom(...FIELDS.map((f) => f.code)), fc.oneof(fc.string(), fc.double(), fc.array(fc.oneof(fc.string(), fc.integer())), fc.boolean(), fc.constant(null))),
    );
    fc.assert(
      fc.property(inputs, (input) => {
        const result = checkAttributeValues(FIELDS, input);
        if (result.ok) {
          for (const [code, value] of Object.entries(result.values)) {
            expect(FIELDS.some((f) => f.code === code)).toBe(true);
            expect(isValue(value)).toBe(true);
          }
          return;
        }
        expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(p.pointer).toMatch(/^\/attributes(\/|$)/);
          expect(p.detail.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

function isValue(value: AttributeValue): boolean {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}

describe('checkAttributeDefinitions', () => {
  it('keeps good definitions, sorted by order', () => {
    const { definitions, problems } = checkAttributeDefinitions([...FIELDS].reverse());
    expect(problems).toEqual([]);
    expect(definitions).toEqual(FIELDS);
  });

  it('names every bad definition and keeps only the good ones', () => {
    const { definitions, problems } = checkAttributeDefinitions([
      FIELDS[0],
      { code: 'Bad Code', datatype: 'string', required: false, order: 2, description: t('x') },
      { code: 'colour', datatype: 'colour', required: false, order: 3, description: t('x') },
      { code: 'list', datatype: 'singlevaluelist', required: false, order: 4, description: t('x') },
      { code: 'plate', datatype: 'string', required: false, order: 5, description: t('x'), pattern: '[A-Z' },
      { code: 'units', datatype: 'number', required: 'no', order: 6, description: { en: 'only English' }, maxLength: 4 },
      { ...FIELDS[1], order: 1 },
    ]);
    expect(definitions.map((d) => d.code)).toEqual(['fir_lodged', 'fir_number']);
    expect(problems).toEqual([
      'attributes[1].code must be lower-case letters, digits and _ (starting with a letter, 40 at most)',
      'attributes[2].datatype must be one of string, number, datetime, text, singlevaluelist, multivaluelist',
      'attributes[3].values must list 1 to 50 choices',
      'attributes[4].pattern must be a valid regular expression from ^ to $, for string',
      'attributes[5].required must be true or false',
      'attributes[5].description must give en, ur and ps (300 characters at most)',
      'attributes[5].maxLength must be a whole number from 1 to 5000, for string or text',
      'attributes: two fields share an order',
    ]);
  });

  it('never throws on any input', () => {
    fc.assert(fc.property(fc.anything(), (raw) => void checkAttributeDefinitions(raw)));
  });
});

describe('attributesFromForm', () => {
  it('reads prefix[code] as one value and prefix[code][] (or a repeat) as a list, leaving other fields out', () => {
    const fields: [string, string][] = [
      ['attribute[fir_lodged]', 'yes'],
      ['attribute[missing][]', 'water'],
      ['description', 'not an attribute'],
      ['attribute[missing][]', 'power'],
      ['attribute[only][]', 'one'],
      ['attribute[twice]', 'a'],
      ['attribute[twice]', 'b'],
      ['attribute[bad', 'x'],
      ['attributes[other]', 'x'],
    ];
    expect(attributesFromForm(fields, 'attribute')).toEqual({ fir_lodged: 'yes', missing: ['water', 'power'], only: ['one'], twice: ['a', 'b'] });
  });

  it('keeps a code such as __proto__ as an own key, never the prototype', () => {
    const read = attributesFromForm([['attribute[__proto__]', 'x']], 'attribute');
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['__proto__']);
    expect(checkAttributeValues(FIELDS.slice(1), read)).toEqual({ ok: false, problems: [{ code: '__proto__', pointer: '/attributes/__proto__', detail: expect.stringContaining('no such field') }] });
  });
});
