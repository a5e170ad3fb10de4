/**
 * DBSCAN on geographic points with haversine distance, eps in metres. A grid of cells at least eps wide indexes the
 * points, so each neighbourhood query looks at 9 cells, not every point: tens of thousands of points take well under a
 * second. Points are visited in id order, so the result does not depend on the order they were given in.
 * Pure code: no I/O.
 */

/** A point to cluster. */
export interface GeoPoint {
  id: string;
  latitude: number;
  longitude: number;
}

/** Mean Earth radius in metres (IUGG). */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres. */
export function haversineMetres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const toRad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * toRad;
  const dLon = (b.longitude - a.longitude) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * toRad) * Math.cos(b.latitude * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Label per point: a cluster number from 0, or -1 for noise. */
export type Labels = Int32Array;

const NOISE = -1;
const UNVISITED = -2;

/**
 * Clusters points: a point with at least minPts points (itself included) within eps metres is a core point; core
 * points within eps of each other share a cluster; other points within eps of a core point join its cluster.
 * Returns labels in the order of `points`.
 */
export function dbscan(points: readonly GeoPoint[], epsMetres: number, minPts: number): Labels {
  if (!(epsMetres > 0) || !Number.isInteger(minPts) || minPts < 1) throw new RangeError('eps must be > 0 and minPts ≥ 1');
  const grid = new GeoGrid(points, epsMetres);
  const labels = new Int32Array(points.length).fill(UNVISITED);
  const order = points.map((_, i) => i).sort((a, b) => compareIds(points[a]!.id, points[b]!.id));
  const sortById = (indexes: number[]): number[] => indexes.sort((a, b) => compareIds(points[a]!.id, points[b]!.id));
  let cluster = 0;
  for (const start of order) {
    if (labels[start] !== UNVISITED) continue;
    const seeds = grid.neighbours(start);
    if (seeds.length < minPts) {
      labels[start] = NOISE; // may still become a border point of a later cluster
      continue;
    }
    labels[start] = cluster;
    // Each point is labelled when first reached, so it enters the queue at most once.
    const queue: number[] = [];
    const claim = (j: number): void => {
      if (labels[j] === NOISE) labels[j] = cluster; // border point: not core, nothing to expand
      else if (labels[j] === UNVISITED) {
        labels[j] = cluster;
        queue.push(j);
      }
    };
    for (const j of sortById(seeds)) claim(j);
    for (let q = 0; q < queue.length; q++) {
      const more = grid.neighbours(queue[q]!);
      if (more.length >= minPts) for (const j of sortById(more)) claim(j);
    }
    cluster++;
  }
  return labels;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Buckets points into cells of at least eps in both directions, so neighbours are within the 3×3 cells around. */
class GeoGrid {
  private readonly cells = new Map<string, number[]>();
  private readonly latStep: number;
  private readonly lonStep: number;

  constructor(
    private readonly points: readonly GeoPoint[],
    private readonly eps: number,
  ) {
    this.latStep = (eps / EARTH_RADIUS_M) * (180 / Math.PI);
    // Degrees of longitude shrink towards the poles: size the cells for the most poleward point so they stay ≥ eps.
    const maxLat = points.reduce((m, p) => Math.max(m, Math.abs(p.latitude)), 0);
    const cos = Math.cos((Math.min(maxLat + this.latStep, 89.9) * Math.PI) / 180);
    this.lonStep = Math.min(360, this.latStep / cos);
    points.forEach((p, i) => {
      const key = this.key(this.row(p.latitude), this.col(p.longitude));
      const cell = this.cells.get(key);
      if (cell) cell.push(i);
      else this.cells.set(key, [i]);
    });
  }

  /** Indexes of the points within eps of point i, itself included. */
  neighbours(i: number): number[] {
    const p = this.points[i]!;
    const r = this.row(p.latitude);
    const c = this.col(p.longitude);
    const found: number[] = [];
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        for (const j of this.cells.get(this.key(r + dr, c + dc)) ?? []) {
          if (haversineMetres(p, this.points[j]!) <= this.eps) found.push(j);
        }
      }
    }
    return found;
  }

  private row(lat: number): number {
    return Math.floor(lat / this.latStep);
  }

  private col(lon: number): number {
    return Math.floor(lon / this.lonStep);
  }

  private key(r: number, c: number): string {
    return `${r}:${c}`;
  }
}
