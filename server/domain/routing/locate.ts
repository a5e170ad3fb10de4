import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';

/** A district (or any area) with its boundary, for point-in-polygon routing. */
export interface AreaBoundary {
  areaId: string;
  geometry: Polygon | MultiPolygon;
}

interface IndexedBoundary extends AreaBoundary {
  bbox: [number, number, number, number];
}

/** Finds which area a point lies in; a bounding-box check first keeps it cheap on the intake path. */
export class AreaLocator {
  private readonly boundaries: IndexedBoundary[];

  constructor(boundaries: Iterable<AreaBoundary>) {
    this.boundaries = [...boundaries].map((b) => ({ ...b, bbox: boundingBox(b.geometry) }));
  }

  /** The area containing (latitude, longitude), or null when the point is outside every boundary. */
  locate(latitude: number, longitude: number): string | null {
    for (const b of this.boundaries) {
      const [minLon, minLat, maxLon, maxLat] = b.bbox;
      if (longitude < minLon || longitude > maxLon || latitude < minLat || latitude > maxLat) continue;
      if (booleanPointInPolygon([longitude, latitude], b.geometry)) return b.areaId;
    }
    return null;
  }
}

function boundingBox(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon === undefined || lat === undefined) continue;
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}
