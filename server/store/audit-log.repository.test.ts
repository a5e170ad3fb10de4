import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { auditEntryHash } from '../domain/audit/audit-log-hash.js';
import { ChainWalker } from '../domain/audit/chain-check.js';
import { appendAuditEntry, auditEntriesAfter, auditLogHead, listAuditEntries, type AuditEntry } from './audit-log.repository.js';
import { openPool, withTransaction } from './db.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const signIn = (actorId: string, extra: Record<string, unknown> = {}) => ({
  action: 'staff.sign_in',
  actorRole: 'officer',
  actorId,
  subjectType: 'staff_user',
  subjectId: actorId,
  payload: { method: 'password', ...extra },
  ip: '203.0.113.7',
});

async function wholeChain(): Promise<AuditEntry[]> {
  return auditEntriesAfter(database.db, 0, 100_000);
}

function firstBreak(entries: AuditEntry[], head: { lastId: number; lastHash: Buffer | null }) {
  const walker = new ChainWalker<AuditEntry>(auditEntryHash);
  for (const e of entries) walker.add(e.id, e);
  return walker.finish({ count: head.lastId, hash: head.lastHash });
}

describe('the audit log', () => {
  it('appends entries chained one after another, and moves the head with them', async () => {
    const first = await withTransaction(database.db, (tx) => appendAuditEntry(tx, signIn('u-1')));
    const second = await withTransaction(database.db, (tx) => appendAuditEntry(tx, { ...signIn('u-2'), createdAt: new Date('2026-02-01T10:00:00.123Z') }));
    expect(second.id).toBe(first.id + 1);
    expect(second.prevHash).toEqual(first.hash);
    expect(second.createdAt.toISOString()).toBe('2026-02-01T10:00:00.123Z');
    expect(await auditLogHead(database.db)).toEqual({ lastId: second.id, lastHash: second.hash });
    const chain = await wholeChain();
    expect(firstBreak(chain, await auditLogHead(database.db))).toBeNull();
  });

  it('rolls back with the action it records: a failed transaction leaves neither the entry nor a gap', async () => {
    const before = await auditLogHead(database.db);
    await expect(
      withTransaction(database.db, async (tx) => {
        await appendAuditEntry(tx, signIn('u-rolled-back'));
        throw new Error('the sign-in failed after all');
      }),
    ).rejects.toThrow('the sign-in failed');
    expect(await auditLogHead(database.db)).toEqual(before);
    const next = await withTransaction(database.db, (tx) => appendAuditEntry(tx, signIn('u-3')));
    expect(next.id).toBe(before.lastId + 1);
  });

  it('chains correctly when several connections append at once', async () => {
    const before = await auditLogHead(database.db);
    // Separate pools: separate sessions, as separate processes would have.
    const pools = await Promise.all([1, 2, 3, 4].map(() => openPool(database.url, 3)));
    try {
      await Promise.all(
        pools.flatMap((pool, p) =>
          Array.from({ length: 3 }, async (_, worker) => {
            for (let i = 0; i < 10; i++) {
              await withTransaction(pool, async (tx) => {
                // Work before and after the append widens the window in which appends overlap.
                await tx.query('select pg_sleep(0.001)');
                await appendAuditEntry(tx, { ...signIn(`p${p}-w${worker}`), payload: { i } });
              });
            }
          }),
        ),
      );
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const head = await auditLogHead(database.db);
    expect(head.lastId).toBe(before.lastId + 4 * 3 * 10);
    const chain = await wholeChain();
    expect(chain.map((e) => e.id)).toEqual(Array.from({ length: head.lastId }, (_, i) => i + 1));
    expect(firstBreak(chain, head)).toBeNull();
  }, 60_000);

  it('refuses to append outside a transaction, where the head lock would not hold', async () => {
    const before = await auditLogHead(database.db);
    const client = await database.db.connect();
    try {
      await expect(appendAuditEntry(client, signIn('u-autocommit'))).rejects.toThrow(/must run inside a transaction/);
    } finally {
      client.release();
    }
    expect(await auditLogHead(database.db)).toEqual(before);
  });

  it('stores the payload as JSON gives it back, so what was hashed verifies later', async () => {
    const entry = await withTransaction(database.db, (tx) =>
      appendAuditEntry(tx, { ...signIn('u-json'), payload: { at: new Date('2026-03-01T00:00:00Z'), missing: undefined, nested: { b: 1, a: [1, 'x', null] } } }),
    );
    expect(entry.payload).toEqual({ at: '2026-03-01T00:00:00.000Z', nested: { a: [1, 'x', null], b: 1 } });
    const [stored] = (await listAuditEntries(database.db, { actorId: 'u-json' })).entries;
    expect(stored?.payload).toEqual(entry.payload);
    expect(auditEntryHash(stored?.prevHash ?? null, stored!)).toEqual(stored?.hash);
  });

  it('refuses a malformed action or payload and writes nothing', async () => {
    const before = await auditLogHead(database.db);
    for (const bad of [{ ...signIn('u'), action: 'Sign In' }, { ...signIn('u'), actorRole: '' }, { ...signIn('u'), payload: [] as unknown as Record<string, unknown> }]) {
      await expect(withTransaction(database.db, (tx) => appendAuditEntry(tx, bad))).rejects.toThrow();
    }
    expect(await auditLogHead(database.db)).toEqual(before);
  });

  it('cannot be changed or deleted, even by its owner', async () => {
    await expect(database.db.query(`update audit_log set actor_id = 'someone-else' where id = 1`)).rejects.toThrow(/audit_log is append-only \(UPDATE refused\)/);
    await expect(database.db.query('delete from audit_log where id = 1')).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(database.db.query('truncate audit_log')).rejects.toThrow(/append-only \(TRUNCATE refused\)/);
    await expect(database.db.query('truncate audit_anchors')).rejects.toThrow(/audit_anchors is append-only/);
  });

  it('lists entries newest first by action, actor, subject and time, a page at a time', async () => {
    await withTransaction(database.db, async (tx) => {
      for (let i = 0; i < 5; i++) await appendAuditEntry(tx, { ...signIn('admin-1'), action: 'staff.role_changed', actorRole: 'administrator', subjectId: `user-${i % 2}`, createdAt: new Date(Date.UTC(2030, 0, 1 + i)) });
    });
    const all = await listAuditEntries(database.db, { action: 'staff.role_changed' });
    expect(all.entries.map((e) => e.createdAt.getUTCDate())).toEqual([5, 4, 3, 2, 1]);
    const subject = await listAuditEntries(database.db, { subjectType: 'staff_user', subjectId: 'user-1', actorId: 'admin-1' });
    expect(subject.entries.map((e) => e.subjectId)).toEqual(['user-1', 'user-1']);
    const range = await listAuditEntries(database.db, { actorRole: 'administrator', since: new Date(Date.UTC(2030, 0, 2)), until: new Date(Date.UTC(2030, 0, 4)) });
    expect(range.entries.map((e) => e.createdAt.getUTCDate())).toEqual([3, 2]);
    const pages: number[][] = [];
    let before: number | null = null;
    do {
      const page = await listAuditEntries(database.db, { action: 'staff.role_changed' }, { before, limit: 2 });
      pages.push(page.entries.map((e) => e.createdAt.getUTCDate()));
      before = page.nextBefore;
    } while (before !== null);
    expect(pages).toEqual([[5, 4], [3, 2], [1]]);
    expect((await listAuditEntries(database.db, { action: 'staff.never_happened' })).entries).toEqual([]);
  });
});
