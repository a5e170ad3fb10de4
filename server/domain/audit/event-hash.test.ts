import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainedSha256, chainEvent, eventHash, verifyChain, type HashedEventFields } from './event-hash.js';

const eventArb = fc.record({
  complaintId: fc.uuid(),
  seq: fc.integer({ min: 1, max: 1000 }),
  type: fc.string({ minLength: 1, maxLength: 20 }),
  actorRole: fc.constantFrom('citizen', 'officer', 'system'),
  actorId: fc.option(fc.string(), { nil: null }),
  visibility: fc.constantFrom('public' as const, 'internal' as const),
  payload: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
  createdAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
});

describe('event hash chain', () => {
  it('hashes exactly sha256(prev || canonical JSON of the hashed fields), ignoring anything else the object carries', () => {
    fc.assert(
      fc.property(eventArb, fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }), { nil: null }), (event, prev) => {
        const prevHash = prev ? Buffer.from(prev) : null;
        const expected = createHash('sha256')
          .update(prevHash ?? Buffer.alloc(0))
          .update(canonicalJson({ ...event, createdAt: event.createdAt.toISOString() }))
          .digest();
        expect(eventHash(prevHash, { ...event, id: 'ignored', hash: 'ignored' } as HashedEventFields)).toEqual(expected);
      }),
    );
  });

  it('finds the first edited, dropped or reordered event of a chain', () => {
    const head = { complaintId: '00000000-0000-4000-8000-000000000001', eventCount: 0, lastEventHash: null as Buffer | null };
    const events = [];
    for (let i = 0; i < 4; i++) {
      const e = chainEvent(head, { type: `e${i}`, actorRole: 'system', actorId: null, visibility: 'public', payload: { i }, createdAt: new Date(1_700_000_000_000 + i) });
      events.push(e);
      head.eventCount = e.seq;
      head.lastEventHash = e.hash;
    }
    expect(verifyChain(events)).toBeNull();
    expect(verifyChain(events.map((e) => (e.seq === 3 ? { ...e, payload: { i: 99 } } : e)))).toBe(3);
    expect(verifyChain([events[0]!, events[2]!, events[3]!])).toBe(3);
    expect(verifyChain([events[1]!, events[0]!, events[2]!, events[3]!])).toBe(2);
  });

  it('links with sha256(prev || data) for text and bytes of any size, the same as a Hash object fed twice', () => {
    const reference = (prev: Buffer | null, data: string | Buffer) => createHash('sha256').update(prev ?? Buffer.alloc(0)).update(data).digest();
    fc.assert(
      fc.property(
        fc.option(fc.uint8Array({ minLength: 0, maxLength: 200 }).map((b) => Buffer.from(b)), { nil: null }),
        fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), fc.constantFrom('ب'.repeat(30_000), 'x'.repeat(70_000))),
        (prev, data) => {
          expect(chainedSha256(prev, data)).toEqual(reference(prev, data));
        },
      ),
    );
  });
});
