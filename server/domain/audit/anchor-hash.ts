import { canonicalJson, chainedSha256 } from './event-hash.js';

/**
 * A running hash over complaint event hashes in id order: digest_n = sha256(digest_{n-1} || hash of event n), from
 * nothing. Each event's hash already covers its complaint, seq, content and predecessor, so the digest at a cut-off
 * commits to every complaint chain as it stood then; an anchor stores it, and the next anchor carries on from it.
 */
export class EventsDigest {
  constructor(
    private current: Buffer | null = null,
    private counted = 0,
  ) {}

  /** Folds in the next event's hash. */
  add(eventHash: Buffer): void {
    this.current = chainedSha256(this.current, eventHash);
    this.counted += 1;
  }

  /** The digest so far (null before any event). */
  get hash(): Buffer | null {
    return this.current;
  }

  /** Events folded in so far, including those of the digest it started from. */
  get count(): number {
    return this.counted;
  }
}

/** What an anchor records: where the chains stood at its cut-off. */
export interface AnchorFields {
  id: number;
  createdAt: Date;
  /** Complaint events with id up to and including this are covered. */
  cutoffEventId: number;
  eventCount: number;
  eventsHash: Buffer | null;
  /** The audit log's head at the time (0 and null when it was empty). */
  auditLogId: number;
  auditLogHash: Buffer | null;
}

/** An anchor's own hash, chained to the anchor before it, so a deleted or rewritten anchor shows too. */
export function anchorHash(prevHash: Buffer | null, anchor: AnchorFields): Buffer {
  const hex = (b: Buffer | null) => b?.toString('hex') ?? null;
  const body = canonicalJson({
    id: anchor.id,
    createdAt: anchor.createdAt.toISOString(),
    cutoffEventId: anchor.cutoffEventId,
    eventCount: anchor.eventCount,
    eventsHash: hex(anchor.eventsHash),
    auditLogId: anchor.auditLogId,
    auditLogHash: hex(anchor.auditLogHash),
  });
  return chainedSha256(prevHash, body);
}

/** An anchor written out for keeping elsewhere (the e-mailed copy): every field, and how to check it later. */
export function anchorText(anchor: AnchorFields & { hash: Buffer; prevHash: Buffer | null }): string {
  return [
    `Ekhtyar audit anchor ${anchor.id}`,
    '',
    `created at          ${anchor.createdAt.toISOString()}`,
    `complaint events    ${anchor.eventCount} (ids up to ${anchor.cutoffEventId})`,
    `events hash         ${anchor.eventsHash?.toString('hex') ?? '-'}`,
    `audit log head      id ${anchor.auditLogId}, hash ${anchor.auditLogHash?.toString('hex') ?? '-'}`,
    `previous anchor     ${anchor.prevHash?.toString('hex') ?? '-'}`,
    `anchor hash         ${anchor.hash.toString('hex')}`,
    '',
    'Keep this message where the database administrators cannot change it. To check that the database still holds',
    'the history this anchor fixed, run:',
    '',
    `  ekhtyar audit verify --anchor ${anchor.id}:${anchor.hash.toString('hex')}`,
    '',
  ].join('\n');
}

/** Reads an anchor as written on its kept copy, `<id>:<64 hex digits>`; null when it is not one. */
export function parseAnchorRef(text: string): { id: number; hash: Buffer } | null {
  const match = /^\s*(\d{1,20}):([0-9a-fA-F]{64})\s*$/.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const id = Number(match[1]);
  return id >= 1 && Number.isSafeInteger(id) ? { id, hash: Buffer.from(match[2], 'hex') } : null;
}
