/**
 * GPS positions as EXIF writes them: degrees, minutes and seconds with a hemisphere letter. Pure conversions,
 * used to read a photo's location (when the citizen chose to share it) and to write only that back.
 */

/** A point in decimal degrees (WGS 84, as phones record it). */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** What an EXIF GPS block holds for a position (exif-reader's shape: [degrees, minutes, seconds]). */
export interface ExifGps {
  GPSLatitude?: unknown;
  GPSLatitudeRef?: unknown;
  GPSLongitude?: unknown;
  GPSLongitudeRef?: unknown;
}

/** Decimal degrees from [degrees, minutes, seconds] and a hemisphere ("N", "S", "E", "W"); null if unusable. */
export function dmsToDegrees(dms: unknown, ref: unknown, negative: 'S' | 'W'): number | null {
  if (!Array.isArray(dms) || dms.length === 0 || dms.length > 3) return null;
  const parts = dms.map((value) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : NaN));
  if (parts.some(Number.isNaN)) return null;
  const [degrees = 0, minutes = 0, seconds = 0] = parts;
  if (minutes >= 60 || seconds >= 60) return null;
  const value = degrees + minutes / 60 + seconds / 3600;
  const letter = typeof ref === 'string' ? ref.trim().toUpperCase() : '';
  return letter === negative ? -value : value;
}

/**
 * The point an EXIF GPS block records, or null when it records none, a malformed one, or exactly 0,0 (what some
 * cameras write when they had no fix).
 */
export function pointFromExifGps(gps: ExifGps | undefined | null): GeoPoint | null {
  if (!gps) return null;
  const latitude = dmsToDegrees(gps.GPSLatitude, gps.GPSLatitudeRef, 'S');
  const longitude = dmsToDegrees(gps.GPSLongitude, gps.GPSLongitudeRef, 'W');
  if (latitude === null || longitude === null) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180 || (latitude === 0 && longitude === 0)) return null;
  return { latitude, longitude };
}

/** EXIF GPS tags (as libvips writes them: rationals "d/1 m/1 s/10000") for a point, to the nearest 1/10000 second. */
export function exifGpsTags(point: GeoPoint): Record<string, string> {
  return {
    GPSLatitudeRef: point.latitude < 0 ? 'S' : 'N',
    GPSLatitude: rationals(Math.abs(point.latitude)),
    GPSLongitudeRef: point.longitude < 0 ? 'W' : 'E',
    GPSLongitude: rationals(Math.abs(point.longitude)),
  };
}

function rationals(value: number): string {
  // Whole ten-thousandths of a second first, so rounding never yields 60 seconds or 60 minutes.
  const total = Math.round(value * 3600 * 10_000);
  const degrees = Math.floor(total / (3600 * 10_000));
  const minutes = Math.floor((total % (3600 * 10_000)) / (60 * 10_000));
  const seconds = total % (60 * 10_000);
  return `${degrees}/1 ${minutes}/1 ${seconds}/10000`;
}
