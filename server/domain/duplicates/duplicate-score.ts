/**
 * The duplicate score of two complaints of the same category: how alike their texts read, times how near they
 * are, times how close in time. 1 for the same words at the same place and time; 0 in another district (when the
 * places are known only by district), 2 km or more apart, or 90 days or more apart, however alike the texts.
 * The product offers a complaint as "the same problem" from DUPLICATE_THRESHOLD, chosen on the tuning half of the
 * labelled pairs of bench/duplicates.bench.ts (figures in bench/README.md, method in docs/AI.md "Duplicates").
 */
import { distanceKm, textSimilarity, type TextFingerprint } from './similarity.js';

/** Where a complaint is: its district (area id of district level), its point, either or both. */
export interface DuplicatePlace {
  districtId: string | null;
  point: { lat: number; lon: number } | null;
}

/** One side of a comparison. */
export interface DuplicateSide {
  text: TextFingerprint;
  place: DuplicatePlace;
  at: Date;
}

/** Distances up to this are "the same place": phone GPS and a pin dropped on the map disagree this much. */
export const SAME_PLACE_METRES = 150;
/** Beyond this two complaints are never the same problem. */
export const MAX_METRES = 2000;
/** The place factor halves every this many metres beyond SAME_PLACE_METRES. */
const HALF_DISTANCE_METRES = 500;
/** Within this many days the time does not count: a citizen re-files when a month passes without work. */
export const SAME_TIME_DAYS = 30;
/** Beyond this two complaints are never the same problem. */
export const MAX_DAYS = 90;
/** The time factor halves every this many days beyond SAME_TIME_DAYS. */
const HALF_LIFE_DAYS = 15;
/** The place factor when the district is the same but a point is missing on either side. */
export const SAME_DISTRICT_FACTOR = 0.8;
/** From this score a complaint is offered as the same problem (measured: see the module comment). */
export const DUPLICATE_THRESHOLD = 0.35;

/** How near two places are, 0 to 1: by distance when both have a point, else by district. */
export function placeFactor(a: DuplicatePlace, b: DuplicatePlace): number {
  if (a.point && b.point) return distanceFactor(distanceKm(a.point.lat, a.point.lon, b.point.lat, b.point.lon) * 1000);
  if (a.districtId === null || b.districtId === null) return 0;
  return a.districtId === b.districtId ? SAME_DISTRICT_FACTOR : 0;
}

/** The place factor of a distance in metres: 1 up to SAME_PLACE_METRES, halving every 500 m, 0 from MAX_METRES. */
export function distanceFactor(metres: number): number {
  if (!(metres < MAX_METRES)) return 0;
  return metres <= SAME_PLACE_METRES ? 1 : 2 ** (-(metres - SAME_PLACE_METRES) / HALF_DISTANCE_METRES);
}

/** The time factor of the days between two complaints: 1 up to SAME_TIME_DAYS, halving every 15 days, 0 from MAX_DAYS. */
export function timeFactor(days: number): number {
  const d = Math.abs(days);
  if (!(d < MAX_DAYS)) return 0;
  return d <= SAME_TIME_DAYS ? 1 : 2 ** (-(d - SAME_TIME_DAYS) / HALF_LIFE_DAYS);
}

/** The duplicate score of two complaints of the same category, 0 to 1 (see the module comment); symmetric. */
export function duplicateScore(a: DuplicateSide, b: DuplicateSide): number {
  const place = placeFactor(a.place, b.place);
  if (place === 0) return 0;
  const time = timeFactor((a.at.getTime() - b.at.getTime()) / 86_400_000);
  if (time === 0) return 0;
  return textSimilarity(a.text, b.text) * place * time;
}
