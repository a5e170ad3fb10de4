import type { StaffRole } from '../actor.js';
import { isWithinArea } from '../routing/area-tree.js';

/** One (department, area) pair of a staff member's scope; a null department means every department. */
export interface ScopeEntry {
  departmentId: string | null;
  areaId: string;
}

/** A signed-in staff member as the rules see them. */
export interface StaffActor {
  id: string;
  role: StaffRole;
  /** The offices they work in (officers and heads of office). */
  officeIds: readonly string[];
  /** Where their authority reaches (heads of office over offices under them, monitors over a department or the province). */
  scope: readonly ScopeEntry[];
}

/** What of a complaint the jurisdiction rules read. */
export interface ComplaintPlace {
  officeId: string | null;
  departmentId: string | null;
  areaId: string | null;
}

/** True when the complaint lies inside one of the scope pairs. */
export function inScope(scope: readonly ScopeEntry[], place: ComplaintPlace): boolean {
  return scope.some(
    (entry) =>
      (entry.departmentId === null || entry.departmentId === place.departmentId) &&
      // A complaint with no area yet (triage) is inside only a province-wide scope.
      (place.areaId === null ? !entry.areaId.includes('.') : isWithinArea(place.areaId, entry.areaId)),
  );
}

/**
 * May this staff member act on this complaint at all? Officers: only in their own office. Heads of office: their
 * office and the offices under them. Monitors: their department(s) and area(s); the provincial monitor everywhere
 * their scope says (the province). Analysts, administrators and intake agents do not work complaints.
 */
export function canWorkOn(actor: StaffActor, place: ComplaintPlace): boolean {
  switch (actor.role) {
    case 'officer':
      return place.officeId !== null && actor.officeIds.includes(place.officeId);
    case 'head_of_office':
      return (place.officeId !== null && actor.officeIds.includes(place.officeId)) || inScope(actor.scope, place);
    case 'department_monitor':
    case 'provincial_monitor':
      return inScope(actor.scope, place);
    default:
      return false;
  }
}

/**
 * The keys a staff member reaches complaints by, the form in which row-level security and list queries match
 * jurisdiction (migration 0013): "o:<office>" for each office they work in (officers, heads of office), and for each
 * scope pair (heads of office, monitors) "<department or *>:<area>", plus "<department or *>:" when the pair is
 * province-wide, which alone reaches complaints not yet placed in an area. A complaint is reached when one of its
 * keys (its office; its area and every area above it) is among these: exactly canWorkOn.
 */
export function jurisdictionKeys(actor: Pick<StaffActor, 'role' | 'officeIds' | 'scope'>): string[] {
  const keys = new Set<string>();
  const offices = actor.role === 'officer' || actor.role === 'head_of_office';
  const scope = actor.role === 'head_of_office' || actor.role === 'department_monitor' || actor.role === 'provincial_monitor';
  if (offices) for (const office of actor.officeIds) keys.add(`o:${office}`);
  if (scope) {
    for (const entry of actor.scope) {
      const department = entry.departmentId ?? '*';
      keys.add(`${department}:${entry.areaId}`);
      if (!entry.areaId.includes('.')) keys.add(`${department}:`);
    }
  }
  return [...keys].sort();
}
