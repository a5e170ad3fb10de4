import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, answerValue, attributeFieldId, complaintBody, fieldForPointer, parseDraft, serialiseDraft, type Draft } from './draft.js';

const draftArbitrary: fc.Arbitrary<Draft> = fc
  .record({
    categoryId: fc.string(),
    attributes: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))),
    description: fc.string(),
    districtId: fc.string(),
    tehsilId: fc.string(),
    address: fc.string(),
    point: fc.option(fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }))),
    name: fc.string(),
    phone: fc.string(),
    email: fc.string(),
    cnic: fc.string(),
    anonymous: fc.boolean(),
  })
  .map(({ point, ...rest }) => ({ ...rest, latitude: point ? point[0] : null, longitude: point ? point[1] : null }));

describe('draft storage', () => {
  it('reads back exactly the draft it stored', () => {
    fc.assert(fc.property(draftArbitrary, (draft) => {
      expect(parseDraft(serialiseDraft(draft))).toEqual(JSON.parse(JSON.stringify(draft)));
    }));
  });

  it('never throws on whatever storage holds, and gives a well-formed draft', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ v: 1, ...(typeof v === 'object' && v !== null ? v : { x: v }) })), fc.constant(null)), (text) => {
        const draft = parseDraft(text);
        expect(Object.keys(draft).sort()).toEqual(Object.keys(EMPTY_DRAFT).sort());
        expect(typeof draft.description).toBe('string');
        expect(typeof draft.anonymous).toBe('boolean');
        expect(draft.latitude === null).toBe(draft.longitude === null);
        for (const value of Object.values(draft.attributes)) expect(typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))).toBe(true);
      }),
    );
  });

  it('drops a draft from another version of the form', () => {
    expect(parseDraft(JSON.stringify({ v: 99, description: 'x' }))).toEqual(EMPTY_DRAFT);
  });
});

describe('the complaint body', () => {
  const attributes = [
    { code: 'meter', datatype: 'string' as const },
    { code: 'units', datatype: 'number' as const },
    { code: 'when', datatype: 'datetime' as const },
    { code: 'kinds', datatype: 'multivaluelist' as const },
  ];

  it('sends the tehsil over the district, answers by code, and leaves empty fields out', () => {
    const draft: Draft = { ...EMPTY_DRAFT, categoryId: 'c', description: '  No water for a week  ', districtId: 'd', tehsilId: 't', phone: ' 0300 1234567 ', attributes: { meter: ' ', units: '12', when: '2026-01-31T09:30', kinds: ['a', 'b'] } };
    expect(complaintBody(draft, attributes, 'ur', 'Asia/Karachi')).toEqual({
      categoryId: 'c',
      description: 'No water for a week',
      language: 'ur',
      channel: 'web',
      officeUse: '',
      timeZone: 'Asia/Karachi',
      location: { areaId: 't' },
      contact: { phone: '0300 1234567' },
      attributes: { units: 12, when: '2026-01-31T09:30:00', kinds: ['a', 'b'] },
    });
  });

  it('sends both coordinates or neither, and anonymity only when asked', () => {
    fc.assert(
      fc.property(draftArbitrary, (draft) => {
        const body = complaintBody(draft, attributes, 'en', undefined);
        expect(body.location?.latitude === undefined).toBe(body.location?.longitude === undefined);
        expect(body.anonymous).toBe(draft.anonymous ? true : undefined);
        expect(body.timeZone).toBeUndefined();
      }),
    );
  });

  it('leaves an unanswered list out', () => {
    expect(answerValue({ code: 'k', datatype: 'multivaluelist' }, [])).toBeUndefined();
    expect(answerValue({ code: 'k', datatype: 'number' }, 'abc')).toBe('abc');
  });
});

describe('fieldForPointer', () => {
  it('puts each problem the API names beside its field', () => {
    expect(fieldForPointer('/contact/phone')).toBe('phone');
    expect(fieldForPointer('/contact')).toBe('phone');
    expect(fieldForPointer('/contact/cnic')).toBe('cnic');
    expect(fieldForPointer('/description')).toBe('description');
    expect(fieldForPointer('/categoryId')).toBe('category-search');
    expect(fieldForPointer('/location/areaId')).toBe('district');
    expect(fieldForPointer('/location/latitude')).toBe('locate');
    expect(fieldForPointer('/photos/2')).toBe('photos');
    expect(fieldForPointer('/attributes/meter~1no')).toBe(attributeFieldId('meter/no'));
    expect(fieldForPointer('/timeZone')).toBeNull();
    expect(fieldForPointer('')).toBeNull();
  });

  it('never throws, and gives an id an element can have', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (pointer, parts) => {
        for (const p of [pointer, `/${parts.join('/')}`]) {
          const field = fieldForPointer(p);
          if (field !== null) expect(field).toMatch(/^[A-Za-z][\w-]*$/);
        }
      }),
    );
  });

  it('maps every pointer below a contact field to that field', () => {
    fc.assert(fc.property(fc.constantFrom('phone', 'email', 'cnic', 'name'), fc.string(), (field, rest) => {
      expect(fieldForPointer(`/contact/${field}/${rest}`)).toBe(field);
    }));
  });
});
