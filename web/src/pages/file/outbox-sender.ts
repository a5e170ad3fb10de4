import { api, type Problem } from '../../http.js';
import { dequeue, readOutbox, type KeyValueStore } from './outbox.js';

/** What POST /api/v1/complaints answers. */
export interface Created {
  code: string;
  citizenSecret: string;
}

export interface OutboxHandlers {
  sent(created: Created): void;
  /**
   * The server refused it for good (a 4xx other than 429). Without this handler it stays queued and sending stops:
   * only the filing form, which can show the citizen why, takes refused complaints out of the outbox.
   */
  refused?(problem: Problem): void;
}

// One sender at a time in this page, whichever part of it asks (the filing form, or the app's frame elsewhere).
let sending = false;

/**
 * Sends the complaints queued while offline, each with the Idempotency-Key it was first tried with (the server
 * files each key once, however often it is sent). Stops at the first that cannot go now (no connection, the
 * server busy or limiting): it stays queued for the next time. Whether anything was attempted.
 */
export async function sendOutbox(store: KeyValueStore, handlers: OutboxHandlers): Promise<boolean> {
  if (sending || !navigator.onLine) return false;
  const items = readOutbox(store);
  if (items.length === 0) return false;
  sending = true;
  try {
    for (const item of items) {
      const result = await api<Created>('/api/v1/complaints', { json: item.body, headers: { 'idempotency-key': item.key } });
      if (result.ok) {
        dequeue(store, item.key);
        handlers.sent(result.data);
      } else if (result.problem.status === 0 || result.problem.status >= 500 || result.problem.status === 429) {
        break;
      } else if (handlers.refused) {
        dequeue(store, item.key);
        handlers.refused(result.problem);
      } else break;
    }
    return true;
  } finally {
    sending = false;
  }
}
