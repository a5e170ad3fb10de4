/**
 * Payload keys that would put a citizen's contact details into an event. Events are append-only and hash-chained,
 * so what enters one can never be encrypted, rotated or anonymised later: contact details live only in the
 * citizens table (sealed), and events refer to the citizen by id.
 */
const PERSONAL_KEYS = new Set(['name', 'phone', 'email', 'cnic', 'address', 'contact']);

/** The first personal key found anywhere in an event payload (e.g. "contact.phone"), or null. */
export function personalFieldIn(payload: unknown, at = ''): string | null {
  if (payload === null || typeof payload !== 'object') return null;
  for (const [key, value] of Object.entries(payload)) {
    const where = Array.isArray(payload) ? at : at ? `${at}.${key}` : key;
    if (!Array.isArray(payload) && PERSONAL_KEYS.has(key)) return where;
    const nested = personalFieldIn(value, where);
    if (nested) return nested;
  }
  return null;
}

/** Throws when an event payload would carry contact details (a programming error: the event must refer to the citizen instead). */
export function refusePersonalFields(events: readonly { type: string; payload: unknown }[]): void {
  for (const event of events) {
    const field = personalFieldIn(event.payload);
    if (field) throw new Error(`a "${event.type}" event may not carry personal data in its payload ("${field}"): events cannot be encrypted or anonymised later`);
  }
}
