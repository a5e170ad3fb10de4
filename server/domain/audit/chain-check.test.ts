import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChainWalker, describeBreak } from './chain-check.js';
import { chainEvent, eventHash, type HashedEventFields } from './event-hash.js';

type Event = HashedEventFields & { prevHash: Buffer | null; hash: Buffer };

function chain(length: number): Event[] {
  const head = { complaintId: '00000000-0000-4000-8000-000000000001', eventCount: 0, lastEventHash: null as Buffer | null };
  const events: Event[] = [];
  for (let i = 0; i < length; i++) {
    const e = chainEvent(head, { type: `e${i}`, actorRole: 'officer', actorId: 'o-1', visibility: 'internal', payload: { i }, createdAt: new Date(1_700_000_000_000 + i * 1000) });
    events.push(e);
    head.eventCount = e.seq;
    head.lastEventHash = e.hash;
  }
  return events;
}

function walk(events: Event[], head?: { count: number; hash: Buffer | null }) {
  const walker = new ChainWalker<Event>(eventHash);
  for (const e of events) walker.add(e.seq, e);
  return walker.finish(head);
}

const headOf = (events: Event[]) => ({ count: events.length, hash: events[events.length - 1]?.hash ?? null });

describe('walking a stored chain', () => {
  it('accepts an intact chain that ends where its head says', () => {
    const events = chain(5);
    expect(walk(events, headOf(events))).toBeNull();
    expect(walk([], { count: 0, hash: null })).toBeNull();
  });

  it('names the first broken link, whatever was done to the chain', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.nat(), fc.constantFrom('edit', 'delete', 'rehash', 'delete-last', 'truncate-head'), (length, pick, tamper) => {
        const events = chain(length);
        const head = headOf(events);
        const k = pick % length; // index of the row tampered with; its seq is k + 1
        let rows = events;
        let expected: { kind: string; position: number };
        if (tamper === 'edit') {
          rows = events.map((e, i) => (i === k ? { ...e, payload: { i: 'changed' } } : e));
          expected = { kind: 'edited', position: k + 1 };
        } else if (tamper === 'delete') {
          rows = events.filter((_, i) => i !== k);
          expected = k === length - 1 ? { kind: 'head', position: length } : { kind: 'missing', position: k + 1 };
        } else if (tamper === 'rehash') {
          // Edited and re-hashed consistently with its predecessor: the next link (or the head) gives it away.
          rows = events.map((e, i) => (i === k ? { ...e, payload: { i: 'changed' }, hash: eventHash(e.prevHash, { ...e, payload: { i: 'changed' } }) } : e));
          expected = k === length - 1 ? { kind: 'head', position: length } : { kind: 'relinked', position: k + 2 };
        } else if (tamper === 'delete-last') {
          rows = events.slice(0, -1);
          expected = { kind: 'head', position: length };
        } else {
          expected = { kind: 'head', position: length + 1 };
          head.count = length + 1;
        }
        expect(walk(rows, head)).toMatchObject(expected);
      }),
    );
  });

  it('reports only the first break of a chain broken in several places', () => {
    const events = chain(6);
    const rows = events.filter((e) => e.seq !== 2).map((e) => (e.seq === 5 ? { ...e, type: 'forged' } : e));
    expect(walk(rows, headOf(events))).toEqual({ kind: 'missing', position: 2, through: 2 });
  });

  it('says in words which seq or id to look at', () => {
    expect(describeBreak({ kind: 'missing', position: 3, through: 3 }, 'seq')).toBe('seq 3 is missing (deleted)');
    expect(describeBreak({ kind: 'missing', position: 3, through: 5 }, 'id')).toBe('id 3 to 5 are missing (deleted)');
    expect(describeBreak({ kind: 'edited', position: 7 }, 'id')).toBe('id 7 was changed (its content no longer matches its hash)');
    expect(describeBreak({ kind: 'head', position: 4, headCount: 4, chainCount: 3 }, 'seq')).toContain('seq 4 is missing (deleted)');
    expect(describeBreak({ kind: 'relinked', position: 4 }, 'seq')).toContain('seq 4 does not link to seq 3');
  });
});
