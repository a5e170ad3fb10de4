import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPEN311_WINDOW_DAYS, parseNewRequest, parseRequestQuery, roundCoordinate, splitFormat } from './open311-request.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const good = { service_code: 'LG-001', lat: '34.0151', long: '71.5249', description: 'Garbage not collected for two weeks.', email: 'a@example.pk' };
const FIELDS = ['service_code', 'lat', 'long', 'address_string', 'address_id', 'email', 'phone', 'first_name', 'last_name', 'description', 'media_url', 'api_key', 'attribute[x]'];
const anyValue = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.array(fc.string({ maxLength: 5 }), { minLength: 2, maxLength: 3 }), fc.constantFrom('', ' ', '1e9', '-91', 'NaN', 'Infinity', '0x10'));

describe('parseNewRequest', () => {
  it('accepts a complete form', () => {
    expect(parseNewRequest(good)).toEqual({ ok: true, value: expect.objectContaining({ serviceCode: 'LG-001', lat: 34.0151, long: 71.5249, email: 'a@example.pk', mediaUrl: null }) });
  });

  it('never throws, and a refusal always names known fields with a reason', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIELDS), anyValue), (fields) => {
        const result = parseNewRequest(fields);
        if (result.ok) return;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(FIELDS).toContain(p.field);
          expect(p.detail.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('names the one field spoilt in an otherwise good form', () => {
    const spoil: Record<string, fc.Arbitrary<string | string[]>> = {
      lat: fc.constantFrom('91', '-90.5', 'north', '1e3', ''),
      long: fc.constantFrom('181', 'east', '--1'),
      email: fc.constantFrom('not-mail', 'a@b', '@example.pk'),
      media_url: fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd', 'not a url'),
      description: fc.constantFrom('short', 'x'.repeat(5001)),
      service_code: fc.constantFrom('', 'x'.repeat(81)),
      phone: fc.constant(['0300', '0301']),
    };
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(spoil)).chain((field) => fc.tuple(fc.constant(field), spoil[field]!)), ([field, value]) => {
        const result = parseNewRequest({ ...good, [field]: value });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field);
      }),
    );
  });

  it('wants a location: lat and long together, an address or an address_id', () => {
    const { lat: _lat, long: _long, ...unplaced } = good;
    expect(parseNewRequest(unplaced)).toMatchObject({ ok: false, problems: [{ field: 'lat' }] });
    expect(parseNewRequest({ ...unplaced, lat: '34' })).toMatchObject({ ok: false, problems: [{ field: 'long' }] });
    expect(parseNewRequest({ ...unplaced, address_string: 'Saddar Road, Peshawar' }).ok).toBe(true);
    expect(parseNewRequest({ ...unplaced, address_id: 'kp.peshawar' }).ok).toBe(true);
  });
});

describe('parseRequestQuery', () => {
  it('defaults to the last 90 days, and lets service_request_id override every other filter', () => {
    const result = parseRequestQuery({ status: 'bogus' }, NOW);
    expect(result.ok).toBe(false);
    expect(parseRequestQuery({}, NOW)).toEqual({ ok: true, value: { kind: 'window', serviceCodes: [], start: new Date(NOW.getTime() - OPEN311_WINDOW_DAYS * 86_400_000), end: NOW, status: null } });
    expect(parseRequestQuery({ service_request_id: 'KP-1, KP-2,KP-1', status: 'bogus' }, NOW)).toEqual({ ok: true, value: { kind: 'ids', codes: ['KP-1', 'KP-2'] } });
  });

  it('never throws; a refusal names only query fields, and a window is never longer than 90 days', () => {
    const QUERY = ['start_date', 'end_date', 'status', 'service_code'];
    const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...QUERY), fc.oneof(anyValue, date, fc.constantFrom('open', 'closed'))), (query) => {
        const result = parseRequestQuery(query, NOW);
        if (!result.ok) {
          for (const p of result.problems) expect(QUERY).toContain(p.field);
        } else if (result.value.kind === 'window') {
          expect(result.value.end.getTime() - result.value.start.getTime()).toBeLessThanOrEqual(OPEN311_WINDOW_DAYS * 86_400_000);
          expect(result.value.start.getTime()).toBeLessThanOrEqual(result.value.end.getTime());
        }
      }),
    );
  });
});

describe('splitFormat and roundCoordinate', () => {
  it('reads only .json and .xml suffixes', () => {
    expect(splitFormat('LG-001.json')).toEqual({ name: 'LG-001', format: 'json' });
    expect(splitFormat('KP-7F3K-9QXA.XML')).toEqual({ name: 'KP-7F3K-9QXA', format: 'xml' });
    expect(splitFormat('LG-001.html')).toBeNull();
    expect(splitFormat('.json')).toBeNull();
  });

  it('rounds a point to within 0.0005 degrees (about 55 m) of where it was, on a 0.001 grid', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), (x) => {
        const r = roundCoordinate(x);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.0005 + 1e-9);
        expect(Math.abs(r * 1000 - Math.round(r * 1000))).toBeLessThan(1e-6);
      }),
    );
  });
});
