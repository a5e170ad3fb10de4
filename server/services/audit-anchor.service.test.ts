import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { startTestSmtp, type TestSmtp } from '../../test/helpers/smtp.js';
import { EmailChannel } from '../channels/email/email.channel.js';
import { seedDemo } from '../cli/demo.js';
import { EventsDigest } from '../domain/audit/anchor-hash.js';
import { chainEvent } from '../domain/audit/event-hash.js';
import { AnchorAuditChainsTask } from '../jobs/AnchorAuditChainsTask.js';
import { auditLogHead, listAuditEntries } from '../store/audit-log.repository.js';
import { ComplaintRepository } from '../store/complaint.repository.js';
import { withTransaction } from '../store/db.js';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditVerifyService } from './audit-verify.service.js';
import { testCipher } from '../../test/helpers/keys.js';

let database: TestDatabase;
let smtp: TestSmtp;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtp();
  await seedDemo(database.db, testCipher(), 20);
});
afterAll(async () => {
  await smtp.close();
  await database.drop();
});

async function digestFromScratch(throughId: number) {
  const { rows } = await database.db.query('select hash from complaint_events where id <= $1 order by id', [throughId]);
  const digest = new EventsDigest();
  for (const r of rows) digest.add(r.hash);
  return digest;
}

const problems = async () => {
  const found: string[] = [];
  await new AuditVerifyService(database.db).verify({ onProblem: (p) => found.push(p.message) });
  return found;
};

describe('audit anchors', () => {
  it('fixes every chain at a cut-off, carries on from the anchor before, and records itself in the audit log', async () => {
    const service = new AuditAnchorService(database.db);
    const auditBefore = await auditLogHead(database.db);
    const { anchor: first, mailed } = await service.anchor();
    expect(mailed).toBeNull();
    const maxId = Number((await database.db.query('select max(id) from complaint_events')).rows[0].max);
    expect(first).toMatchObject({ cutoffEventId: maxId, auditLogId: auditBefore.lastId, prevHash: null });
    const scratch = await digestFromScratch(maxId);
    expect([first.eventCount, first.eventsHash]).toEqual([scratch.count, scratch.hash]);

    await seedDemo(database.db, testCipher(), 5);
    const { anchor: second } = await service.anchor();
    // Written from the first anchor's digest and the new events only, yet equal to a digest from the very first event.
    const again = await digestFromScratch(second.cutoffEventId);
    expect([second.id, second.prevHash, second.eventCount, second.eventsHash]).toEqual([first.id + 1, first.hash, again.count, again.hash]);
    const entries = (await listAuditEntries(database.db, { action: 'audit.anchor' })).entries;
    expect(entries.map((e) => e.subjectId)).toEqual([String(second.id), String(first.id)]);
    expect(second.auditLogId).toBe(entries[1]?.id);
    expect(await problems()).toEqual([]);
  });

  it('waits for events still being written below its cut-off, so an anchor never misses an event committed later', async () => {
    const complaints = (await database.db.query('select id, event_count, last_event_hash from complaints order by created_at desc limit 2')).rows;
    const noteOn = (c: { id: string; event_count: number; last_event_hash: Buffer }) =>
      chainEvent({ complaintId: c.id, eventCount: c.event_count, lastEventHash: c.last_event_hash }, { type: 'note_added', actorRole: 'officer', actorId: 'o-1', visibility: 'internal', payload: { text: 'slow' }, createdAt: new Date() });
    // A slow transaction takes an event id and has not committed; a quick one takes the next id and commits.
    const slow = await database.db.connect();
    try {
      await slow.query('begin');
      await new ComplaintRepository(testCipher()).appendEvent(slow, noteOn(complaints[0]));
      const slowId = Number((await slow.query('select max(id) from complaint_events')).rows[0].max);
      await withTransaction(database.db, (tx) => new ComplaintRepository(testCipher()).appendEvent(tx, noteOn(complaints[1])));
      const anchoring = new AuditAnchorService(database.db).anchor();
      const early = await Promise.race([anchoring.then(() => 'anchored'), new Promise((r) => setTimeout(() => r('waiting'), 500))]);
      expect(early).toBe('waiting');
      await slow.query('commit');
      const { anchor } = await anchoring;
      expect(anchor.cutoffEventId).toBeGreaterThan(slowId);
    } finally {
      slow.release();
    }
    // Had the anchor left out the slow event below its cut-off, recomputing it from the rows would not match.
    expect(await problems()).toEqual([]);
  });

  it('takes turns when two anchors are written at once (the daily job and the command)', async () => {
    const service = new AuditAnchorService(database.db);
    const [a, b] = (await Promise.all([service.anchor(), service.anchor()])).map((r) => r.anchor).sort((x, y) => x.id - y.id);
    expect(b?.id).toBe((a?.id ?? 0) + 1);
    expect(b?.prevHash).toEqual(a?.hash);
    expect(await problems()).toEqual([]);
  });

  it('mails the anchor to the configured address, with everything needed to check it later', async () => {
    const channel = new EmailChannel(smtp.url, 'Ekhtyar <no-reply@ekhtyar.test>', 'ekhtyar.test');
    try {
      const { anchor, mailed } = await new AuditAnchorService(database.db, { channel, to: 'audit-cell@example.gov.pk' }).anchor();
      expect(mailed).toEqual({ ok: true });
      const mail = smtp.received[smtp.received.length - 1];
      expect(mail?.to).toMatchObject({ text: 'audit-cell@example.gov.pk' });
      expect(mail?.subject).toBe(`Ekhtyar audit anchor ${anchor.id}: ${anchor.hash.toString('hex').slice(0, 16)}`);
      expect(mail?.text).toContain(`ekhtyar audit verify --anchor ${anchor.id}:${anchor.hash.toString('hex')}`);
      expect(mail?.text).toContain(`events hash         ${anchor.eventsHash?.toString('hex')}`);
    } finally {
      channel.close();
    }
  });

  it('fails the daily job when the mail cannot go, so it is retried, while the anchor itself stays written', async () => {
    const channel = new EmailChannel(smtp.url, 'Ekhtyar <no-reply@ekhtyar.test>', 'ekhtyar.test');
    smtp.refuseWith = 550;
    try {
      const before = Number((await database.db.query('select count(*) from audit_anchors')).rows[0].count);
      await expect(AnchorAuditChainsTask.run(new AuditAnchorService(database.db, { channel, to: 'audit-cell@example.gov.pk' }))).rejects.toThrow(/was written but could not be mailed/);
      expect(Number((await database.db.query('select count(*) from audit_anchors')).rows[0].count)).toBe(before + 1);
    } finally {
      smtp.refuseWith = null;
      channel.close();
    }
    expect(await problems()).toEqual([]);
  });
});
