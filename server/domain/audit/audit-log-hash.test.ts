import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anchorHash, anchorText, EventsDigest, parseAnchorRef } from './anchor-hash.js';
import { AUDIT_ACTION_PATTERN, AUDIT_ACTIONS, auditEntryHash, chainAuditEntry, type HashedAuditFields } from './audit-log-hash.js';
import { canonicalJson } from './event-hash.js';

const entryArb = fc.record({
  id: fc.integer({ min: 1, max: 1_000_000 }),
  action: fc.constantFrom(...Object.values(AUDIT_ACTIONS)),
  actorRole: fc.constantFrom('administrator', 'officer', 'system'),
  actorId: fc.option(fc.string(), { nil: null }),
  subjectType: fc.option(fc.constantFrom('staff_user', 'complaint'), { nil: null }),
  subjectId: fc.option(fc.string(), { nil: null }),
  payload: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
  ip: fc.option(fc.ipV4(), { nil: null }),
  createdAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
});
const hashArb = fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b)), { nil: null });

describe('audit log hash chain', () => {
  it('hashes exactly sha256(prev || canonical JSON of the hashed fields), ignoring anything else the object carries', () => {
    fc.assert(
      fc.property(entryArb, hashArb, (entry, prev) => {
        const expected = createHash('sha256')
          .update(prev ?? Buffer.alloc(0))
          .update(canonicalJson({ ...entry, createdAt: entry.createdAt.toISOString() }))
          .digest();
        expect(auditEntryHash(prev, { ...entry, hash: 'ignored', prevHash: 'ignored' } as HashedAuditFields)).toEqual(expected);
      }),
    );
  });

  it('gives every field a say: changing any one changes the hash', () => {
    const base: HashedAuditFields = { id: 1, action: 'staff.sign_in', actorRole: 'officer', actorId: 'u1', subjectType: 'staff_user', subjectId: 'u1', payload: { method: 'password' }, ip: '10.0.0.1', createdAt: new Date('2026-01-01T00:00:00Z') };
    const changes: Partial<HashedAuditFields>[] = [{ id: 2 }, { action: 'staff.sign_in_failed' }, { actorRole: 'administrator' }, { actorId: null }, { subjectType: null }, { subjectId: 'u2' }, { payload: { method: 'totp' } }, { ip: null }, { createdAt: new Date('2026-01-01T00:00:00.001Z') }];
    const hashes = new Set([base, ...changes.map((c) => ({ ...base, ...c }))].map((e) => auditEntryHash(null, e).toString('hex')));
    expect(hashes.size).toBe(changes.length + 1);
  });

  it('chains the next entry one id after the head, linked to its hash', () => {
    const first = chainAuditEntry({ lastId: 0, lastHash: null }, { action: 'keys.rotated', actorRole: 'system', actorId: null, subjectType: null, subjectId: null, payload: {}, ip: null, createdAt: new Date(0) });
    const second = chainAuditEntry({ lastId: first.id, lastHash: first.hash }, { ...first, action: 'staff.sign_in' });
    expect([first.id, first.prevHash, second.id, second.prevHash]).toEqual([1, null, 2, first.hash]);
    expect(second.hash).toEqual(auditEntryHash(first.hash, second));
  });

  it('takes dotted lower-case action names only', () => {
    for (const action of Object.values(AUDIT_ACTIONS)) expect(AUDIT_ACTION_PATTERN.test(action)).toBe(true);
    for (const action of ['', 'Staff.SignIn', 'staff..sign_in', '.staff', 'staff.', 'staff sign in', 'staff.sign-in']) expect(AUDIT_ACTION_PATTERN.test(action)).toBe(false);
  });
});

describe('anchors', () => {
  it('digests event hashes as a running sha256, and carries on from a stored digest as if never stopped', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 20 }), fc.nat(), (hashes, cut) => {
        const all = new EventsDigest();
        let expected: Buffer | null = null;
        for (const h of hashes) {
          all.add(Buffer.from(h));
          expected = createHash('sha256').update(expected ?? Buffer.alloc(0)).update(h).digest();
        }
        expect([all.hash, all.count]).toEqual([expected, hashes.length]);
        const split = hashes.length === 0 ? 0 : cut % hashes.length;
        const first = new EventsDigest();
        for (const h of hashes.slice(0, split)) first.add(Buffer.from(h));
        const resumed = new EventsDigest(first.hash, first.count);
        for (const h of hashes.slice(split)) resumed.add(Buffer.from(h));
        expect([resumed.hash, resumed.count]).toEqual([all.hash, all.count]);
      }),
    );
  });

  it('hashes an anchor with the one before, so every field and the order count', () => {
    const a = { id: 1, createdAt: new Date('2026-01-01T00:05:00Z'), cutoffEventId: 10, eventCount: 9, eventsHash: Buffer.alloc(32, 1), auditLogId: 3, auditLogHash: Buffer.alloc(32, 2) };
    const h = anchorHash(null, a);
    expect(anchorHash(null, { ...a, eventCount: 10 })).not.toEqual(h);
    expect(anchorHash(null, { ...a, auditLogHash: null })).not.toEqual(h);
    expect(anchorHash(Buffer.alloc(32), a)).not.toEqual(h);
    const text = anchorText({ ...a, prevHash: null, hash: h });
    expect(text).toContain(`ekhtyar audit verify --anchor 1:${h.toString('hex')}`);
    expect(parseAnchorRef(`1:${h.toString('hex')}`)).toEqual({ id: 1, hash: h });
  });

  it('reads back exactly the <id>:<hash> it writes, and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (id, bytes) => {
        expect(parseAnchorRef(`${id}:${Buffer.from(bytes).toString('hex')}`)).toEqual({ id, hash: Buffer.from(bytes) });
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const parsed = parseAnchorRef(text);
        if (parsed) expect(`${parsed.id}:${parsed.hash.toString('hex')}`).toBe(text.trim().toLowerCase().replace(/^0+(?=\d)/, ''));
      }),
    );
    for (const bad of ['', '0:' + 'a'.repeat(64), '1:' + 'a'.repeat(63), '1:' + 'g'.repeat(64), 'x:' + 'a'.repeat(64), '1;' + 'a'.repeat(64)]) expect(parseAnchorRef(bad)).toBeNull();
  });
});
