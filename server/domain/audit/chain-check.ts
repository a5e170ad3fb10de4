/**
 * Walking a stored hash chain row by row (complaint events by seq, the audit log by id) and naming its first
 * broken link. Positions start at 1 and have no gaps, so a deleted row shows as a missing position, an edited
 * row as a hash that no longer matches its content, and a row rewritten with a fresh hash as a broken link to
 * the row after it. Pure: the caller streams the rows in, so memory stays bounded however long the chain.
 */

/** One stored link: the hash it says came before, and its own hash. */
export interface StoredLink {
  prevHash: Buffer | null;
  hash: Buffer;
}

/** Where the chain's owner says it ends: the complaints row (event_count, last_event_hash) or the audit log head. */
export interface StoredHead {
  count: number;
  hash: Buffer | null;
}

/** The first broken link of a chain, in words an operator can act on. */
export type ChainBreak =
  | { kind: 'missing'; position: number; through: number }
  | { kind: 'relinked'; position: number }
  | { kind: 'edited'; position: number }
  | { kind: 'out_of_order'; position: number }
  | { kind: 'head'; position: number; headCount: number; chainCount: number };

/** Follows one chain; after the first break it ignores the rest (the first break is what the report needs). */
export class ChainWalker<Row extends StoredLink> {
  private last: { position: number; hash: Buffer } | null = null;
  private found: ChainBreak | null = null;

  /** `recompute(prev, row)` is the hash the row should have, chained to `prev`. */
  constructor(private readonly recompute: (prevHash: Buffer | null, row: Row) => Buffer) {}

  /** Checks the next row of the chain at its position (seq or id); rows must come in position order. */
  add(position: number, row: Row): void {
    if (this.found) return;
    const expected = (this.last?.position ?? 0) + 1;
    if (position < expected) this.found = { kind: 'out_of_order', position };
    else if (position > expected) this.found = { kind: 'missing', position: expected, through: position - 1 };
    else if (!sameHash(row.prevHash, this.last?.hash ?? null)) this.found = { kind: 'relinked', position };
    else if (!this.matches(row)) this.found = { kind: 'edited', position };
    else this.last = { position, hash: row.hash };
  }

  // A row whose content cannot even be hashed (a time out of range, say) was changed too.
  private matches(row: Row): boolean {
    try {
      return this.recompute(this.last?.hash ?? null, row).equals(row.hash);
    } catch {
      return false;
    }
  }

  /** Whether a break has been found (the rest of the chain need not be read). */
  get broken(): boolean {
    return this.found !== null;
  }

  /** How many rows were checked and found linked. */
  get verified(): number {
    return this.last?.position ?? 0;
  }

  /** The first break, comparing the end of the chain with its stored head when one is given. */
  finish(head?: StoredHead): ChainBreak | null {
    if (this.found || !head) return this.found;
    const chainCount = this.last?.position ?? 0;
    if (head.count !== chainCount || !sameHash(head.hash, this.last?.hash ?? null)) {
      // Deleted last rows leave the head ahead of the chain: name the first missing one. Equal counts with another
      // hash: the last row (or the head) was rewritten.
      const position = head.count === chainCount ? Math.max(chainCount, 1) : Math.min(head.count, chainCount) + 1;
      return { kind: 'head', position, headCount: head.count, chainCount };
    }
    return null;
  }
}

/** A break as one line, with the chain's own name for a position ("seq", "id"). */
export function describeBreak(chainBreak: ChainBreak, unit: 'seq' | 'id'): string {
  const at = `${unit} ${chainBreak.position}`;
  switch (chainBreak.kind) {
    case 'missing':
      return chainBreak.through > chainBreak.position ? `${at} to ${chainBreak.through} are missing (deleted)` : `${at} is missing (deleted)`;
    case 'relinked':
      return `${at} does not link to ${unit} ${chainBreak.position - 1} (one of them was rewritten, or ${at} inserted)`;
    case 'edited':
      return `${at} was changed (its content no longer matches its hash)`;
    case 'out_of_order':
      return `${at} appears twice or out of order`;
    case 'head':
      if (chainBreak.headCount > chainBreak.chainCount) return `${at} is missing (deleted): the recorded head says ${chainBreak.headCount}, the chain ends at ${chainBreak.chainCount}`;
      if (chainBreak.headCount < chainBreak.chainCount) return `${at} is beyond the recorded head (${chainBreak.headCount}): the head was rolled back or rows were added around it`;
      return `${at} is not the recorded head (its hash differs): the last row or the head was rewritten`;
  }
}

/** Two stored hashes are equal (both absent counts as equal). */
export function sameHash(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
