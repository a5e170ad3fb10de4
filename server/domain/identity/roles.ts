import type { StaffRole } from '../actor.js';

/** Every role a staff account may hold. */
export const STAFF_ROLES: readonly StaffRole[] = ['intake_agent', 'officer', 'head_of_office', 'department_monitor', 'provincial_monitor', 'analyst', 'administrator'];

/** True when the value names a staff role. */
export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** Roles whose reach (many offices, the province, the accounts themselves) makes a stolen password too costly: they need TOTP. */
export function requiresSecondFactor(role: StaffRole): boolean {
  return role === 'head_of_office' || role === 'department_monitor' || role === 'provincial_monitor' || role === 'administrator';
}

/** What an account of each role must be given: offices to work in, or a scope of (department, area) pairs. */
export function assignmentProblem(role: StaffRole, offices: number, scopes: number): string | null {
  switch (role) {
    case 'officer':
      return offices === 0 ? 'an officer works in at least one office' : scopes > 0 ? 'an officer works only in their offices: give offices, not a scope' : null;
    case 'head_of_office':
      return offices === 0 ? 'a head of office heads at least one office' : null;
    case 'department_monitor':
    case 'provincial_monitor':
      return scopes === 0 ? 'a monitor needs a scope of (department, area) pairs' : offices > 0 ? 'a monitor has a scope, not offices' : null;
    default:
      return null;
  }
}
