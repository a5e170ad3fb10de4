/**
 * Hotspots: geographic clusters of open complaints, from DBSCAN, described for a map (centroid, radius, members).
 */
import { dbscan, haversineMetres, type GeoPoint } from './dbscan.js';

/** One cluster of complaints. */
export interface Hotspot {
  centroid: { latitude: number; longitude: number };
  /** Distance in metres from the centroid to the farthest member. */
  radiusMetres: number;
  count: number;
  /** Member ids, sorted. */
  memberIds: string[];
}

/** Hotspots of the given points, largest first; points in no cluster are left out. */
export function findHotspots(points: readonly GeoPoint[], epsMetres: number, minPts: number): Hotspot[] {
  const labels = dbscan(points, epsMetres, minPts);
  const groups = new Map<number, GeoPoint[]>();
  labels.forEach((label, i) => {
    if (label < 0) return;
    const group = groups.get(label);
    if (group) group.push(points[i]!);
    else groups.set(label, [points[i]!]);
  });
  const hotspots = [...groups.values()].map(describe);
  return hotspots.sort((a, b) => b.count - a.count || (a.memberIds[0]! < b.memberIds[0]! ? -1 : 1));
}

function describe(members: readonly GeoPoint[]): Hotspot {
  // A plain mean of coordinates is exact enough for clusters a few kilometres across away from the antimeridian.
  const latitude = members.reduce((s, p) => s + p.latitude, 0) / members.length;
  const longitude = members.reduce((s, p) => s + p.longitude, 0) / members.length;
  const centroid = { latitude: round(latitude, 6), longitude: round(longitude, 6) };
  const radius = members.reduce((m, p) => Math.max(m, haversineMetres(centroid, p)), 0);
  return {
    centroid,
    radiusMetres: Math.round(radius),
    count: members.length,
    memberIds: members.map((p) => p.id).sort(),
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
