import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceFactor, duplicateScore, MAX_DAYS, MAX_METRES, placeFactor, SAME_DISTRICT_FACTOR, timeFactor, type DuplicatePlace, type DuplicateSide } from './duplicate-score.js';
import { textFingerprint } from './similarity.js';

const TEXTS = ['Garbage has not been collected from our street for two weeks', 'gali mein kachra para hai bohat badboo hai', 'ہمارے محلے میں تین دن سے پانی نہیں آیا', 'तीन दिनदेखि पानी आएको छैन', 'Street light near the mosque is broken'];
const day = 86_400_000;
const start = Date.UTC(2026, 0, 1);

// A point in Peshawar moved north by about `metres` (a degree of latitude taken as 111.32 km, a little over the haversine's).
const north = (metres: number) => ({ lat: 34.0 + metres / 111_320, lon: 71.5 });
const place = (metres: number | null, districtId: string | null = 'kp.peshawar.peshawar'): DuplicatePlace => ({ districtId, point: metres === null ? null : north(metres) });
const side = (text: string, where: DuplicatePlace, days = 0): DuplicateSide => ({ text: textFingerprint(text), place: where, at: new Date(start + days * day) });

const text = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ minLength: 1, maxLength: 60 }));
const metres = fc.double({ min: 0, max: 5000, noNaN: true });
const days = fc.double({ min: 0, max: 200, noNaN: true });
const maybePlace = fc.record({ districtId: fc.constantFrom('kp.peshawar.peshawar', 'kp.mardan.mardan', null), point: fc.option(metres.map(north)) });

describe('the duplicate score', () => {
  it('is symmetric', () => {
    fc.assert(
      fc.property(text, text, maybePlace, maybePlace, days, (a, b, pa, pb, d) => {
        expect(duplicateScore(side(a, pa), side(b, pb, d))).toBe(duplicateScore(side(b, pb, d), side(a, pa)));
      }),
    );
  });

  it('is 1 for the same words at the same place and time, and never above', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXTS), text, maybePlace, (a, b, p) => {
        if (p.point) expect(duplicateScore(side(a, p), side(a.toUpperCase(), p))).toBe(1);
        expect(duplicateScore(side(a, p), side(b, p))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('never grows as the places move apart or the days between them grow', () => {
    fc.assert(
      fc.property(text, text, metres, metres, days, days, (a, b, m1, m2, d1, d2) => {
        const [near, far] = m1 <= m2 ? [m1, m2] : [m2, m1];
        const [soon, late] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(duplicateScore(side(a, place(0)), side(b, place(far), soon))).toBeLessThanOrEqual(duplicateScore(side(a, place(0)), side(b, place(near), soon)));
        expect(duplicateScore(side(a, place(0)), side(b, place(near), late))).toBeLessThanOrEqual(duplicateScore(side(a, place(0)), side(b, place(near), soon)));
        expect(duplicateScore(side(a, place(0), late), side(b, place(near)))).toBe(duplicateScore(side(a, place(0)), side(b, place(near), late)));
      }),
    );
  });

  it('is 0 for the same text far away, in another district, or months apart', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEXTS), fc.double({ min: MAX_METRES * 1.01, max: 500_000, noNaN: true }), fc.double({ min: MAX_DAYS, max: 3000, noNaN: true }), (a, far, late) => {
        expect(duplicateScore(side(a, place(0)), side(a, place(far)))).toBe(0);
        expect(duplicateScore(side(a, place(0)), side(a, place(0), late))).toBe(0);
        expect(duplicateScore(side(a, place(null)), side(a, place(null, 'kp.mardan.mardan')))).toBe(0);
        expect(duplicateScore(side(a, place(0)), side(a, place(null, 'kp.mardan.mardan')))).toBe(0);
      }),
    );
  });

  it('counts the same district without a point as near, but less sure than the same spot', () => {
    expect(placeFactor(place(null), place(0))).toBe(SAME_DISTRICT_FACTOR);
    expect(placeFactor(place(null, null), place(0, null))).toBe(0);
    expect(distanceFactor(100)).toBe(1);
    expect(distanceFactor(650)).toBeCloseTo(0.5);
    expect(timeFactor(-10)).toBe(1);
    expect(timeFactor(45)).toBeCloseTo(0.5);
    expect(timeFactor(Number.NaN)).toBe(0);
  });
});
