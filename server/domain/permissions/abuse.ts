import type { StaffActor } from './jurisdiction.js';

/**
 * May this staff member review abuse flags and grant or revoke exemptions? Flags are about citizens, not about a
 * complaint in one office, so they sit with the province: the provincial monitoring cell (the CM's complaint cell)
 * and administrators. Neither the flag list nor an exemption shows contact details; staff reach those through
 * the complaints themselves, under their own rules.
 */
export function canReviewAbuse(actor: Pick<StaffActor, 'role'>): boolean {
  return actor.role === 'provincial_monitor' || actor.role === 'administrator';
}
