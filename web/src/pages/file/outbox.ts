import type { ComplaintBody } from './draft.js';

/**
 * Submissions made without a connection, kept in this browser's storage with the Idempotency-Key they were first
 * tried with, and sent when the connection is back: the server files each key once, however often it is sent.
 */
export interface QueuedSubmission {
  key: string;
  body: ComplaintBody;
  queuedAt: string;
}

const KEY = 'ekhtyar.file.outbox';

/** What the outbox needs of localStorage (tests pass a Map-backed one). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function readOutbox(store: KeyValueStore): QueuedSubmission[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isQueued) : [];
  } catch {
    return [];
  }
}

function isQueued(value: unknown): value is QueuedSubmission {
  const item = value as QueuedSubmission;
  return typeof value === 'object' && value !== null && typeof item.key === 'string' && typeof item.body === 'object' && item.body !== null && typeof item.body.categoryId === 'string';
}

/** Adds a submission (replacing one with the same key); false when storage refused it (full, or blocked). */
export function enqueue(store: KeyValueStore, item: QueuedSubmission): boolean {
  try {
    store.setItem(KEY, JSON.stringify([...readOutbox(store).filter((q) => q.key !== item.key), item]));
    return true;
  } catch {
    return false;
  }
}

export function dequeue(store: KeyValueStore, key: string): void {
  const rest = readOutbox(store).filter((q) => q.key !== key);
  try {
    if (rest.length === 0) store.removeItem(KEY);
    else store.setItem(KEY, JSON.stringify(rest));
  } catch {
    // Storage blocked: nothing was kept either.
  }
}
