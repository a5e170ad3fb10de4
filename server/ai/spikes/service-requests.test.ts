import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openSync, readSync, closeSync } from 'node:fs';
import { parseServiceRequests, parseUsTimestamp } from './service-requests.js';

const DATA = new URL('../../../../shared/data/service_requests/', import.meta.url);

/** The header and the first few rows of a real export (the rows there hold no multi-line fields). */
function head(file: string, lines: number): string {
  const fd = openSync(new URL(file, DATA), 'r');
  const buffer = Buffer.alloc(64 * 1024);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  return buffer.subarray(0, n).toString('utf8').split('\n').slice(0, lines + 1).join('\n');
}

describe('311 exports', () => {
  it('reads the NYC columns: complaint type, borough, local day and hour, coordinates', () => {
    const rows = parseServiceRequests(head('nyc311_dohmh_illegal_animal_2010-2025.csv', 3));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      id: '45633481',
      category: 'Illegal Animal Kept as Pet',
      descriptor: 'Rooster',
      district: 'QUEENS',
      day: '2020-02-17',
      hour: 12,
      status: 'In Progress',
      latitude: 40.775434349303865,
      longitude: -73.74160068847428,
    });
  });

  it('reads the LA columns: request type, area planning commission, coordinates', () => {
    const rows = parseServiceRequests(head('la_myla311_2018-01-01_to_01-04_10k.csv', 5));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ id: '1-870704814', category: 'Bulky Items', district: 'Central APC', day: '2018-01-01', hour: 0, status: 'Closed' });
    expect(rows[0]!.latitude).toBeCloseTo(34.0676390557, 9);
    expect(rows[0]!.longitude).toBeCloseTo(-118.294017712, 9);
  });

  it('refuses a CSV that is neither export', () => {
    expect(() => parseServiceRequests('a,b\n1,2\n')).toThrow(/not an NYC or LA 311 export/);
  });

  it('reads 12 AM as hour 0 and 12 PM as hour 12, and rejects anything else', () => {
    expect(parseUsTimestamp('01/01/2018 12:00:09 AM')).toEqual({ day: '2018-01-01', hour: 0 });
    expect(parseUsTimestamp('01/01/2018 12:59:09 PM')).toEqual({ day: '2018-01-01', hour: 12 });
    expect(parseUsTimestamp('01/01/2018 01:00:00 PM')).toEqual({ day: '2018-01-01', hour: 13 });
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseUsTimestamp(text);
        if (parsed) {
          expect(parsed.hour).toBeGreaterThanOrEqual(0);
          expect(parsed.hour).toBeLessThan(24);
          expect(parsed.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }),
      { seed: 31, numRuns: 500 },
    );
    expect(parseUsTimestamp('2018-01-01 00:00:00')).toBeNull();
    expect(parseUsTimestamp('13/01/2018 01:00:00 PM')).toBeNull();
  });
});
