import type { FieldProblem } from '../errors.js';
import type { ReferenceData } from './reference-data.service.js';

/** Where a citizen says the problem is: an area id, a point, or a free-text address. */
export interface ComplaintLocation {
  areaId?: string;
  latitude?: number;
  longitude?: number;
  address?: string;
}

/**
 * The area a location names: the area id itself, the district containing the point, or a district or tehsil
 * named in the address; null when none can be told (the complaint goes to triage). Unusable input is added to
 * `problems` (an unknown area, a point outside the province).
 */
export function resolveArea(location: ComplaintLocation | undefined, ref: ReferenceData, problems: FieldProblem[]): string | null {
  if (!location) return null;
  if (location.areaId !== undefined) {
    const area = ref.areas.get(location.areaId);
    if (!area) problems.push({ pointer: '/location/areaId', detail: `unknown area "${location.areaId}"; see GET /api/v1/areas` });
    return area?.id ?? null;
  }
  if (location.latitude !== undefined && location.longitude !== undefined) {
    const found = ref.locator.locate(location.latitude, location.longitude);
    if (!found) problems.push({ pointer: '/location', detail: 'the point is outside Khyber Pakhtunkhwa; choose a district instead' });
    return found;
  }
  return location.address ? ref.addressMatcher.match(location.address) : null;
}
