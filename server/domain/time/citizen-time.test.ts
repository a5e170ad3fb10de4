import ct from 'countries-and-timezones';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAKISTAN_TIME_ZONE, citizenTimeZone, formatCitizenTime, parseTimeZone, zoneForCountry, zoneForNumber } from './citizen-time.js';

const LANGUAGES = ['en', 'ur', 'ps'] as const;
// Zones with one offset all year (no summer time), so the clock they show can be worked out by hand.
const FIXED = [
  { zone: 'Asia/Karachi', minutes: 300 },
  { zone: 'Asia/Dubai', minutes: 240 },
  { zone: 'Asia/Riyadh', minutes: 180 },
  { zone: 'Asia/Kolkata', minutes: 330 },
  { zone: 'Asia/Kathmandu', minutes: 345 },
  { zone: 'Asia/Tokyo', minutes: 540 },
] as const;
const moment = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true });
const offsetKey = (name: string) => `${ct.getTimezone(name)?.utcOffset}/${ct.getTimezone(name)?.dstOffset}`;

describe('the zone of a phone number', () => {
  it('is Gulf time for +971, UK time for +44, Pakistan time for Pakistani numbers in any form', () => {
    expect(zoneForNumber('+971 50 123 4567')).toBe('Asia/Dubai');
    expect(zoneForNumber('00971501234567')).toBe('Asia/Dubai');
    expect(zoneForNumber('+44 7400 123456')).toBe('Europe/London');
    expect(zoneForNumber('0300 1234567')).toBe(PAKISTAN_TIME_ZONE);
    expect(zoneForNumber('+923001234567')).toBe(PAKISTAN_TIME_ZONE);
    expect(zoneForNumber('not a number')).toBeNull();
  });

  it("names the citizen's own country where a zone is shared (Oman reads Muscat, not Dubai) and the main zone of a big country", () => {
    expect(zoneForCountry('OM')).toBe('Asia/Muscat');
    expect(zoneForCountry('us')).toBe('America/New_York');
    expect(zoneForCountry('CA')).toBe('America/Toronto');
    expect(zoneForCountry('SA')).toBe('Asia/Riyadh');
  });

  it('is, for every country, a zone Intl knows that keeps one of that country’s clocks, or none; never none for a one-clock country', () => {
    for (const country of Object.values(ct.getAllCountries())) {
      const zone = zoneForCountry(country.id);
      const clocks = new Set(country.timezones.map(offsetKey));
      if (zone === null) {
        // Either several clocks and no main zone, or no zone known at all (uninhabited territories).
        expect(clocks.size, country.id).not.toBe(1);
        continue;
      }
      expect(() => new Intl.DateTimeFormat('en', { timeZone: zone }), country.id).not.toThrow();
      expect(clocks.has(offsetKey(zone)) || (country.timezones as string[]).includes(zone), `${country.id} ${zone}`).toBe(true);
    }
  });

  it('falls back to Pakistan time for an unknown or multi-clock country with no main zone; a chosen zone wins', () => {
    expect(citizenTimeZone({ countryCode: 'FM' })).toBe(PAKISTAN_TIME_ZONE);
    expect(citizenTimeZone({ countryCode: null })).toBe(PAKISTAN_TIME_ZONE);
    expect(citizenTimeZone({ countryCode: 'AE' })).toBe('Asia/Dubai');
    expect(citizenTimeZone({ countryCode: 'PK', timeZone: 'Europe/London' })).toBe('Europe/London');
    expect(citizenTimeZone({ countryCode: 'AE', timeZone: 'Mars/Olympus' })).toBe('Asia/Dubai');
  });
});

describe('reading a time zone a client sent', () => {
  it('accepts every zone Intl lists, in any case, as Intl spells it', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      expect(parseTimeZone(zone), zone).not.toBeNull();
      expect(parseTimeZone(zone.toLowerCase()), zone).toBe(parseTimeZone(zone));
    }
  });

  it('refuses offsets, spaces, empty and unknown names', () => {
    for (const bad of ['', ' ', '+05:00', 'GMT +5', 'Asia/Dubai; drop table', 'Mars/Olympus', 'Asia/../../etc', 'x'.repeat(65)]) expect(parseTimeZone(bad), bad).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const zone = parseTimeZone(text);
        // Whatever is accepted is a name Intl formats with, and reading it again gives it back.
        if (zone !== null) expect(parseTimeZone(zone)).toBe(zone);
      }),
    );
  });
});

describe('a time as the citizen reads it', () => {
  it('shows the clock of the zone: UTC plus its offset, to the minute', () => {
    fc.assert(
      fc.property(moment, fc.constantFrom(...FIXED), (at, { zone, minutes }) => {
        const local = new Date(at.getTime() + minutes * 60_000);
        const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
        expect(formatCitizenTime(at, 'en', zone)).toContain(`${local.getUTCDate()} `);
        expect(formatCitizenTime(at, 'en', zone)).toContain(hhmm);
      }),
    );
  });

  it('always names the zone, in every language; PKT for Pakistan in English', () => {
    fc.assert(
      fc.property(moment, fc.constantFrom(...LANGUAGES), fc.constantFrom('Asia/Karachi', 'Asia/Dubai', 'Europe/London', 'America/New_York', 'Asia/Riyadh'), (at, language, zone) => {
        const text = formatCitizenTime(at, language, zone);
        const name = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : `${language}-PK`, { timeZone: zone, timeZoneName: language === 'en' ? 'short' : 'shortGeneric' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
        expect(text).toContain(language === 'en' && zone === 'Asia/Karachi' ? 'PKT' : name);
      }),
    );
    const at = new Date('2025-12-03T10:00:00Z');
    expect(formatCitizenTime(at, 'en', 'Asia/Dubai')).toBe('3 Dec, 14:00 GST');
    expect(formatCitizenTime(at, 'en', 'Asia/Karachi')).toBe('3 Dec, 15:00 PKT');
    expect(formatCitizenTime(at, 'en', 'Europe/London')).toBe('3 Dec, 10:00 GMT');
    expect(formatCitizenTime(new Date('2025-07-03T10:00:00Z'), 'en', 'Europe/London')).toBe('3 Jul, 11:00 BST');
    expect(formatCitizenTime(at, 'ur', 'Asia/Karachi')).toBe('3 دسمبر، 15:00 پاکستان وقت');
  });

  it('writes Pashto dates on the Gregorian calendar, not the Afghan solar one', () => {
    expect(formatCitizenTime(new Date('2025-12-03T10:00:00Z'), 'ps', 'Asia/Karachi')).toContain('دسمبر');
  });
});
