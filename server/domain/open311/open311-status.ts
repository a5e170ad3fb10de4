import { isComplaintState, isOpen } from '../lifecycle/index.js';

/**
 * GeoReport v2 knows two statuses. Resolved stays open, as in our lifecycle: only the citizen's "satisfied" (or the
 * no-response policy) closes a complaint; every final state (closed, withdrawn, duplicate, rejected…) is closed.
 */
export function open311Status(state: string): 'open' | 'closed' {
  return isComplaintState(state) && isOpen(state) ? 'open' : 'closed';
}

// What an event may say in public as a status note (the same fields the public tracking page shows).
const NOTE_FIELDS: Record<string, string> = {
  update_posted: 'text',
  resolved: 'reason',
  rejected: 'reason',
  transferred: 'reason',
  information_requested: 'question',
};

/** Event types whose public text can be a status note. */
export const NOTE_EVENT_TYPES = Object.keys(NOTE_FIELDS);

/** The public text of an event, for status_notes; null for events that carry none. */
export function statusNote(type: string, payload: Record<string, unknown>): string | null {
  const field = NOTE_FIELDS[type];
  const value = field ? payload[field] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
