import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { seedDemo } from '../cli/demo.js';
import { auditEntryHash } from '../domain/audit/audit-log-hash.js';
import { eventHash } from '../domain/audit/event-hash.js';
import { AppError } from '../errors.js';
import { appendAuditEntry } from '../store/audit-log.repository.js';
import { withTransaction } from '../store/db.js';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditVerifyService, type VerifyOptions, type VerifyProblem } from './audit-verify.service.js';
import { testCipher } from '../../test/helpers/keys.js';

const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.drop()));
});

// A database of its own per test: 30 demo complaints walked through the lifecycle (about 150 chained events) and a
// few audit log entries, so each test tampers with its own copy.
async function world(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  open.push(database);
  let seed = 42;
  await seedDemo(database.db, testCipher(), 30, new Date('2026-06-01T00:00:00Z'), () => ((seed = (seed * 16807) % 2147483647) / 2147483647));
  for (let i = 0; i < 5; i++) {
    await withTransaction(database.db, (tx) => appendAuditEntry(tx, { action: 'staff.sign_in', actorRole: 'officer', actorId: `officer-${i}`, subjectType: 'staff_user', subjectId: `officer-${i}`, payload: { method: 'password' }, ip: '198.51.100.4' }));
  }
  return database;
}

// Tampering as someone with the database superuser's rights would: replica mode skips the append-only triggers.
async function tamper(database: TestDatabase, sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica');
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

async function verify(database: TestDatabase, options: VerifyOptions = {}) {
  const problems: VerifyProblem[] = [];
  const report = await new AuditVerifyService(database.db).verify({ batchSize: 7, ...options, onProblem: (p) => problems.push(p) });
  return { report, problems };
}

// The complaint with the most events, and one of its event rows.
async function someEvent(database: TestDatabase, seq: 'middle' | 'last') {
  const { rows } = await database.db.query(`select c.id, c.code, c.event_count from complaints c order by c.event_count desc, c.id limit 1`);
  const complaint = rows[0] as { id: string; code: string; event_count: number };
  const target = seq === 'last' ? complaint.event_count : 2;
  return { complaintId: complaint.id, code: complaint.code, seq: target, eventCount: complaint.event_count };
}

describe('ekhtyar audit verify', () => {
  it('finds an untouched database intact, however the rows are paged', async () => {
    const database = await world();
    const events = Number((await database.db.query('select count(*) from complaint_events')).rows[0].count);
    for (const batchSize of [1, 2, 7, 5000]) {
      const { report, problems } = await verify(database, { batchSize });
      expect(problems).toEqual([]);
      expect(report).toMatchObject({ complaints: 30, events, auditEntries: 5, problems: 0 });
    }
  });

  it('catches an event edited in SQL and names its complaint and seq', async () => {
    const database = await world();
    const target = await someEvent(database, 'middle');
    await tamper(database, `update complaint_events set payload = payload || '{"officeId": "somewhere-else"}' where complaint_id = $1 and seq = $2`, [target.complaintId, target.seq]);
    const { problems } = await verify(database);
    expect(problems).toEqual([{ chain: 'complaint', subject: target.code, position: target.seq, message: `complaint ${target.code}: seq ${target.seq} was changed (its content no longer matches its hash)` }]);
  });

  it('catches a deleted event, in the middle of a chain or at its end (against the head on the complaints row)', async () => {
    const database = await world();
    const middle = await someEvent(database, 'middle');
    await tamper(database, 'delete from complaint_events where complaint_id = $1 and seq = $2', [middle.complaintId, middle.seq]);
    const { rows } = await database.db.query(`select id, code, event_count from complaints where id <> $1 order by id limit 1`, [middle.complaintId]);
    await tamper(database, 'delete from complaint_events where complaint_id = $1 and seq = $2', [rows[0].id, rows[0].event_count]);
    const { problems } = await verify(database);
    expect(problems.map((p) => [p.subject, p.position])).toEqual(expect.arrayContaining([[middle.code, middle.seq], [rows[0].code, rows[0].event_count]]));
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.subject === middle.code)?.message).toBe(`complaint ${middle.code}: seq ${middle.seq} is missing (deleted)`);
    expect(problems.find((p) => p.subject === rows[0].code)?.message).toContain(`seq ${rows[0].event_count} is missing (deleted): the recorded head says ${rows[0].event_count}`);
  });

  it('reports a row that can no longer be hashed at all as changed, and goes on', async () => {
    const database = await world();
    const target = await someEvent(database, 'middle');
    await tamper(database, `update complaint_events set created_at = 'infinity' where complaint_id = $1 and seq = $2`, [target.complaintId, target.seq]);
    await tamper(database, `update audit_log set created_at = '-infinity' where id = 2`);
    expect((await verify(database)).problems.map((p) => p.message)).toEqual([
      `complaint ${target.code}: seq ${target.seq} was changed (its content no longer matches its hash)`,
      'audit log: id 2 was changed (its content no longer matches its hash)',
    ]);
  });

  it('catches events whose complaint row was deleted', async () => {
    const database = await world();
    const target = await someEvent(database, 'middle');
    await tamper(database, 'delete from complaints where id = $1', [target.complaintId]);
    const { problems } = await verify(database);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe(`complaint id ${target.complaintId}: has events but no complaints row (the row was deleted)`);
  });

  it('catches an edited and a deleted audit log row, naming the id', async () => {
    const edited = await world();
    await tamper(edited, `update audit_log set actor_id = 'officer-9' where id = 3`);
    expect((await verify(edited)).problems).toEqual([{ chain: 'audit_log', subject: 'audit_log', position: 3, message: 'audit log: id 3 was changed (its content no longer matches its hash)' }]);
    const deleted = await world();
    await tamper(deleted, 'delete from audit_log where id = 4');
    expect((await verify(deleted)).problems.map((p) => p.message)).toEqual(['audit log: id 4 is missing (deleted)']);
    const lastGone = await world();
    await tamper(lastGone, 'delete from audit_log where id = 5');
    expect((await verify(lastGone)).problems.map((p) => p.message)).toEqual(['audit log: id 5 is missing (deleted): the recorded head says 5, the chain ends at 4']);
  });

  it('catches, through the anchor, a history rewritten with every hash recomputed', async () => {
    const database = await world();
    const anchors = new AuditAnchorService(database.db);
    const first = (await anchors.anchor(new Date('2026-06-01T00:05:00Z'))).anchor;
    // The event to rewrite is chosen now, among those the first anchor covers (chosen after the next seeding, it
    // could fall in the second anchor's stretch, and only that one would notice).
    const target = await someEvent(database, 'middle');
    // After the anchor: events that came later are fine; an old one rewritten and re-chained is not.
    await seedDemo(database.db, testCipher(), 3, new Date('2026-06-02T00:00:00Z'));
    const second = (await anchors.anchor(new Date('2026-06-02T00:05:00Z'))).anchor;
    expect((await verify(database)).problems).toEqual([]);
    await rewriteChain(database, target.complaintId, target.seq);
    const { problems } = await verify(database);
    // Every chain is consistent again, so only the anchors can tell: the first names the stretch of event ids that
    // changed, the second (whose own stretch is untouched) only inherits the change.
    expect(problems.map((p) => [p.chain, p.subject])).toEqual([['anchor', String(first.id)], ['anchor', String(second.id)]]);
    expect(problems[0]?.message).toMatch(new RegExp(`^anchor ${first.id} \\(2026-06-01T00:05:00.000Z\\): complaint events with ids 1 to ${first.cutoffEventId} no longer match it`));
    expect(problems[1]?.message).toBe(`anchor ${second.id} (2026-06-02T00:05:00.000Z): complaint events up to id ${second.cutoffEventId} no longer match it, through an earlier stretch reported above`);
  });

  it('catches an anchor row edited in SQL, an audit log rewritten after an anchor, and an anchor that differs from its kept copy', async () => {
    const database = await world();
    const anchors = new AuditAnchorService(database.db);
    const { anchor } = await anchors.anchor();
    await anchors.anchor();
    await tamper(database, `update audit_anchors set event_count = event_count - 1 where id = $1`, [anchor.id]);
    const edited = await verify(database);
    expect(edited.problems.map((p) => p.message)).toEqual([
      expect.stringContaining(`anchor ${anchor.id} (${anchor.createdAt.toISOString()}): complaint events with ids 1 to ${anchor.cutoffEventId} no longer match it`),
      `anchors: id ${anchor.id} was changed (its content no longer matches its hash)`,
    ]);
    const copy = { id: anchor.id, hash: Buffer.alloc(32, 7) };
    const missing = { id: 99, hash: anchor.hash };
    const withCopies = await verify(database, { expectedAnchors: [copy, missing] });
    expect(withCopies.problems.map((p) => p.message)).toEqual(expect.arrayContaining([`anchor ${anchor.id} differs from the copy given (0707070707070707…)`, 'anchor 99 is not in the database (deleted?)']));

    const other = await world();
    const written = (await new AuditAnchorService(other.db).anchor()).anchor;
    // The audit log rewritten consistently from id 2 on: its own chain verifies, the anchor's recorded head does not.
    await rewriteAuditLog(other, 2);
    const rewritten = await verify(other);
    expect(rewritten.problems.map((p) => p.message)).toEqual([`anchor ${written.id} (${written.createdAt.toISOString()}): audit log id ${written.auditLogId} no longer has the hash it recorded: the audit log was changed after it was taken`]);
  });

  it('verifies one complaint on request, and says when there is no such complaint', async () => {
    const database = await world();
    const target = await someEvent(database, 'middle');
    await tamper(database, `update complaint_events set actor_id = 'nobody' where complaint_id = $1 and seq = 1`, [target.complaintId]);
    const { rows } = await database.db.query(`select code, event_count from complaints where id <> $1 limit 1`, [target.complaintId]);
    const intact = await verify(database, { complaintCode: rows[0].code });
    expect(intact).toMatchObject({ problems: [], report: { complaints: 1, events: rows[0].event_count, auditEntries: 0 } });
    expect((await verify(database, { complaintCode: target.code })).problems.map((p) => p.position)).toEqual([1]);
    await expect(verify(database, { complaintCode: 'KP-0000-0000' })).rejects.toBeInstanceOf(AppError);
  });

  it('reads one consistent snapshot: appends made while it runs are not mistaken for tampering', async () => {
    const database = await world();
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        await seedDemo(database.db, testCipher(), 1, new Date('2026-06-01T00:00:00Z'));
        await withTransaction(database.db, (tx) => appendAuditEntry(tx, { action: 'personal_data.read', actorRole: 'officer', actorId: 'o-1', subjectType: 'citizen', subjectId: String(n++), payload: {} }));
      }
    })();
    try {
      for (let i = 0; i < 3; i++) expect((await verify(database, { batchSize: 1 })).problems).toEqual([]);
    } finally {
      writing = false;
      await writer;
    }
  });
});

// Rewrites a complaint's event `seq` and re-chains everything after it, head included, as a careful forger would.
async function rewriteChain(database: TestDatabase, complaintId: string, seq: number): Promise<void> {
  const { rows } = await database.db.query('select * from complaint_events where complaint_id = $1 order by seq', [complaintId]);
  let prev: Buffer | null = null;
  for (const r of rows) {
    const payload = r.seq === seq ? { ...r.payload, forged: true } : r.payload;
    const fields = { complaintId, seq: r.seq, type: r.type, actorRole: r.actor_role, actorId: r.actor_id, visibility: r.visibility, payload, createdAt: r.created_at };
    const hash = eventHash(prev, fields);
    await tamper(database, 'update complaint_events set payload = $3, prev_hash = $4, hash = $5 where complaint_id = $1 and seq = $2', [complaintId, r.seq, JSON.stringify(payload), prev, hash]);
    prev = hash;
  }
  await tamper(database, 'update complaints set last_event_hash = $2 where id = $1', [complaintId, prev]);
}

async function rewriteAuditLog(database: TestDatabase, fromId: number): Promise<void> {
  const { rows } = await database.db.query('select * from audit_log order by id');
  let prev: Buffer | null = null;
  for (const r of rows) {
    const entry = { id: Number(r.id), action: r.action, actorRole: r.actor_role, actorId: Number(r.id) >= fromId && r.action === 'staff.sign_in' ? 'someone-else' : r.actor_id, subjectType: r.subject_type, subjectId: r.subject_id, payload: r.payload, ip: r.ip, createdAt: r.created_at };
    const hash = auditEntryHash(prev, entry);
    await tamper(database, 'update audit_log set actor_id = $2, prev_hash = $3, hash = $4 where id = $1', [entry.id, entry.actorId, prev, hash]);
    prev = hash;
  }
  await tamper(database, 'update audit_log_head set last_hash = $1', [prev]);
}
