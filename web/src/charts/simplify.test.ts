import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simplifyBoundaries, simplifyRing, type FeatureCollection, type Position } from './simplify.js';

const closedRing = fc.array(fc.tuple(fc.double({ min: 60, max: 80, noNaN: true }), fc.double({ min: 30, max: 40, noNaN: true })), { minLength: 3, maxLength: 200 }).map((points) => [...points, points[0]!] as Position[]);

describe('thinning district boundaries', () => {
  it('keeps a ring closed, with at least four points, each one of the rounded input points, never more than it had', () => {
    fc.assert(
      fc.property(closedRing, fc.constantFrom(0.001, 0.01, 0.1), (ring, tolerance) => {
        const thin = simplifyRing(ring, tolerance, 2);
        expect(thin.length).toBeGreaterThanOrEqual(4);
        expect(thin.length).toBeLessThanOrEqual(ring.length);
        expect(thin[0]).toEqual(thin[thin.length - 1]);
        const rounded = new Set(ring.map(([x, y]) => `${Math.round(x! * 100) / 100},${Math.round(y! * 100) / 100}`));
        for (const [x, y] of thin) expect(rounded.has(`${x},${y}`)).toBe(true);
      }),
    );
  });

  it('keeps every district of the seed, with its area id, in a fraction of the points', () => {
    const seed = JSON.parse(readFileSync(new URL('../../../server/store/seed/district-boundaries.json', import.meta.url), 'utf8')) as FeatureCollection;
    const thin = simplifyBoundaries(seed);
    expect(thin.features.map((f) => f.properties.areaId)).toEqual(seed.features.map((f) => f.properties.areaId));
    const points = (c: FeatureCollection) => JSON.stringify(c).match(/\[-?\d+(\.\d+)?,-?\d+(\.\d+)?\]/g)?.length ?? 0;
    expect(points(thin)).toBeLessThan(points(seed) / 2);
    expect(JSON.stringify(thin).length).toBeLessThan(150_000);
  });
});
