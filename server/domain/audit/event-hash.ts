import { createHash, hash } from 'node:crypto';

/** The fields of an event that its hash covers. */
export interface HashedEventFields {
  complaintId: string;
  seq: number;
  type: string;
  actorRole: string;
  actorId: string | null;
  visibility: 'public' | 'internal';
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Hash of one event chained to its predecessor: sha256(prev_hash || canonical JSON of the event).
 * Anyone holding the events can recompute the chain, so a deleted, reordered or edited event shows.
 */
export function eventHash(prevHash: Buffer | null, event: HashedEventFields): Buffer {
  // Only the listed fields are hashed, whatever else the object carries (ids, the stored hashes).
  // Keys written in sorted order (JSON.stringify keeps insertion order), so this equals canonicalJson of the
  // event without sorting the top level on every call; only the small payload is sorted.
  const { complaintId, seq, type, actorRole, actorId, visibility, payload, createdAt } = event;
  const body = JSON.stringify({ actorId, actorRole, complaintId, createdAt: createdAt.toISOString(), payload: sortKeys(payload), seq, type, visibility });
  return chainedSha256(prevHash, body);
}

// One buffer reused for every hash input: a one-shot hash of prev || body costs about half of a Hash object fed twice,
// which matters when verification hashes millions of events. Synchronous use only, so sharing it is safe.
const scratch = Buffer.allocUnsafe(64 * 1024);

/** sha256(prev || data): the link every chain here uses (data as UTF-8 when it is text). */
export function chainedSha256(prev: Buffer | null, data: string | Buffer): Buffer {
  const prevLength = prev?.length ?? 0;
  const dataMax = typeof data === 'string' ? data.length * 3 : data.length;
  if (prevLength + dataMax > scratch.length) {
    return createHash('sha256').update(prev ?? Buffer.alloc(0)).update(data).digest();
  }
  prev?.copy(scratch, 0);
  const dataLength = typeof data === 'string' ? scratch.write(data, prevLength, 'utf8') : data.copy(scratch, prevLength);
  return hash('sha256', scratch.subarray(0, prevLength + dataLength), 'buffer');
}

/** JSON with object keys sorted at every depth, so equal values always serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) sorted[key] = sortKeys(v);
  }
  return sorted;
}

/** The first broken link of a chain of events in seq order, or null when the chain is intact. */
export function verifyChain(events: (HashedEventFields & { prevHash: Buffer | null; hash: Buffer })[]): number | null {
  let prev: Buffer | null = null;
  for (const event of events) {
    const expected = eventHash(prev, event);
    const linked = prev === null ? event.prevHash === null : event.prevHash !== null && event.prevHash.equals(prev);
    if (!linked || !expected.equals(event.hash)) return event.seq;
    prev = event.hash;
  }
  return null;
}

/** Where a complaint's chain stands: how many events it has and the hash of the last. */
export interface ChainHead {
  complaintId: string;
  eventCount: number;
  lastEventHash: Buffer | null;
}

/** The next event of a chain, with seq, prev_hash and hash filled in. */
export function chainEvent(
  head: ChainHead,
  event: Omit<HashedEventFields, 'complaintId' | 'seq'>,
): HashedEventFields & { prevHash: Buffer | null; hash: Buffer } {
  const fields: HashedEventFields = { ...event, complaintId: head.complaintId, seq: head.eventCount + 1 };
  return { ...fields, prevHash: head.lastEventHash, hash: eventHash(head.lastEventHash, fields) };
}
