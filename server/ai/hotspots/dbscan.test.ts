import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dbscan, haversineMetres, type GeoPoint } from './dbscan.js';
import { findHotspots } from './hotspots.js';
import { parseServiceRequests } from '../spikes/service-requests.js';

/** A point `metres` from the centre at `bearing` degrees (small-distance approximation, exact enough under 1 km). */
function offset(centre: { latitude: number; longitude: number }, metres: number, bearing: number): { latitude: number; longitude: number } {
  const rad = (bearing * Math.PI) / 180;
  const dLat = (metres * Math.cos(rad)) / 111_195;
  const dLon = (metres * Math.sin(rad)) / (111_195 * Math.cos((centre.latitude * Math.PI) / 180));
  return { latitude: centre.latitude + dLat, longitude: centre.longitude + dLon };
}

const centreArb = fc.record({
  latitude: fc.double({ min: -60, max: 60, noNaN: true }),
  longitude: fc.double({ min: -170, max: 170, noNaN: true }),
});

/** Groups of member ids per cluster, order-free, for comparing results. */
function partition(points: readonly GeoPoint[], labels: Int32Array): string[] {
  const groups = new Map<number, string[]>();
  labels.forEach((l, i) => groups.set(l, [...(groups.get(l) ?? []), points[i]!.id]));
  return [...groups.entries()].map(([l, ids]) => `${l < 0 ? 'noise' : 'c'}:${ids.sort().join(',')}`).sort();
}

describe('DBSCAN on coordinates', () => {
  it('measures great-circle distance in metres', () => {
    // Lahore to Karachi is about 1,030 km.
    const d = haversineMetres({ latitude: 31.5204, longitude: 74.3587 }, { latitude: 24.8607, longitude: 67.0011 });
    expect(d).toBeGreaterThan(1_020_000);
    expect(d).toBeLessThan(1_045_000);
  });

  it('always puts points within eps/2 of one centre into one cluster', () => {
    fc.assert(
      fc.property(
        centreArb,
        fc.integer({ min: 20, max: 2000 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.49, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true })), { minLength: 3, maxLength: 40 }),
        (centre, eps, offsets) => {
          const points = offsets.map(([f, b], i) => ({ id: `p${i}`, ...offset(centre, f * eps, b) }));
          const labels = dbscan(points, eps, 3);
          expect(new Set(labels)).toEqual(new Set([0]));
        },
      ),
      { seed: 21, numRuns: 200 },
    );
  });

  it('never clusters noise that lies far apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 500 }), fc.integer({ min: 2, max: 60 }), fc.integer({ min: 2, max: 5 }), (eps, n, minPts) => {
        // A lattice with spacing 3·eps: no point has a neighbour.
        const origin = { latitude: 33.9, longitude: 71.5 };
        const points = Array.from({ length: n }, (_, i) => ({
          id: `n${i}`,
          ...offset(offset(origin, (i % 8) * 3 * eps, 90), Math.floor(i / 8) * 3 * eps, 0),
        }));
        expect([...dbscan(points, eps, minPts)].every((l) => l === -1)).toBe(true);
      }),
      { seed: 22, numRuns: 100 },
    );
  });

  it('gives the same clusters whatever the order of the input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.01, noNaN: true }), fc.double({ min: 0, max: 0.01, noNaN: true })), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 1000 }),
        (coords, shuffleSeed) => {
          const points = coords.map(([a, b], i) => ({ id: `x${i}`, latitude: 34 + a, longitude: 72 + b }));
          const shuffled = [...points];
          let s = shuffleSeed + 1;
          for (let i = shuffled.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2147483648;
            const j = s % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          const a = partition(points, dbscan(points, 150, 3));
          const b = partition(shuffled, dbscan(shuffled, 150, 3));
          expect(b.map((g) => g.split(':')[1])).toEqual(a.map((g) => g.split(':')[1]));
        },
      ),
      { seed: 23, numRuns: 150 },
    );
  });

  it('agrees with a brute-force DBSCAN on core points and noise', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 0.02, noNaN: true }), fc.double({ min: 0, max: 0.02, noNaN: true })), { minLength: 1, maxLength: 60 }),
        (coords) => {
          const points = coords.map(([a, b], i) => ({ id: `b${String(i).padStart(3, '0')}`, latitude: 60 + a, longitude: 10 + b }));
          const eps = 300;
          const labels = dbscan(points, eps, 4);
          const near = points.map((p) => points.filter((q) => haversineMetres(p, q) <= eps));
          points.forEach((_, i) => {
            const core = near[i]!.length >= 4;
            const touchesCore = near[i]!.some((q) => near[points.indexOf(q)]!.length >= 4);
            expect(labels[i]! >= 0).toBe(core || touchesCore);
          });
        },
      ),
      { seed: 24, numRuns: 150 },
    );
  });

  it('refuses eps ≤ 0 and minPts < 1', () => {
    expect(() => dbscan([], 0, 3)).toThrow(RangeError);
    expect(() => dbscan([], 100, 0)).toThrow(RangeError);
  });
});

describe('hotspots', () => {
  it('describes each cluster by centroid, radius, count and members, largest first', () => {
    const a = { latitude: 34.0151, longitude: 71.5249 };
    const b = { latitude: 34.7717, longitude: 72.3602 };
    const points = [
      ...[0, 90, 180, 270, 45].map((bearing, i) => ({ id: `a${i}`, ...offset(a, 40, bearing) })),
      ...[0, 120, 240].map((bearing, i) => ({ id: `b${i}`, ...offset(b, 30, bearing) })),
      { id: 'lonely', latitude: 33, longitude: 73 },
    ];
    const hotspots = findHotspots(points, 100, 3);
    expect(hotspots.map((h) => h.count)).toEqual([5, 3]);
    expect(hotspots[0]!.memberIds).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(haversineMetres(hotspots[0]!.centroid, a)).toBeLessThan(15);
    expect(hotspots[0]!.radiusMetres).toBeGreaterThanOrEqual(30);
    expect(hotspots[0]!.radiusMetres).toBeLessThanOrEqual(55);
    expect(hotspots.flatMap((h) => h.memberIds)).not.toContain('lonely');
  });

  it('clusters the LA 311 coordinates of one request type quickly', () => {
    const requests = parseServiceRequests(readFileSync(new URL('../../../../shared/data/service_requests/la_myla311_2018-12-27_to_12-31_10k.csv', import.meta.url)));
    const points = requests
      .filter((r) => r.latitude !== null && r.longitude !== null)
      .map((r) => ({ id: r.id, latitude: r.latitude!, longitude: r.longitude! }));
    expect(points.length).toBeGreaterThan(9000);
    const started = performance.now();
    const hotspots = findHotspots(points, 250, 8);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(hotspots.length).toBeGreaterThan(5);
    for (const h of hotspots.slice(0, 5)) {
      expect(h.count).toBeGreaterThanOrEqual(8);
      // Every cluster lies in Los Angeles.
      expect(h.centroid.latitude).toBeGreaterThan(33.6);
      expect(h.centroid.latitude).toBeLessThan(34.4);
    }
  });
});
