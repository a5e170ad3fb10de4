import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { startTestSmtp, type TestSmtp } from '../../test/helpers/smtp.js';
import type { SubmitComplaintInput } from './complaint-intake.service.js';

let database: TestDatabase;
let app: FastifyInstance;
let smtp: TestSmtp;
let base: SubmitComplaintInput;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtp();
  app = await buildTestApp(database.db, { SMTP_URL: smtp.url, EKHTYAR_PUBLIC_URL: 'https://ekhtyar.example.pk' });
  const category = (await database.db.query('select id from categories limit 1')).rows[0].id;
  const area = (await database.db.query(`select id from areas where level = 'district' limit 1`)).rows[0].id;
  base = { categoryId: category, description: 'No water in the street for a week.', location: { areaId: area } };
});
afterAll(async () => {
  await app.close();
  await smtp.close();
  await database.drop();
});
beforeEach(async () => {
  // Each test starts with nothing left to deliver from the one before.
  await app.services.notifications.deliverDue();
  smtp.received.length = 0;
  smtp.refuseWith = null;
});

const statuses = async (code: string) =>
  (await database.db.query('select o.topic, o.status, o.channel, o.attempts, o.last_error from outbox o join complaints c on c.id = o.complaint_id where c.code = $1 order by o.id', [code])).rows;

describe('notifications', () => {
  it('e-mails the citizen in their language over real SMTP, once', async () => {
    const { code } = await app.services.intake.submit({ ...base, contact: { email: 'ayesha@example.pk' }, language: 'ur' }, null);
    const round = await app.services.notifications.deliverDue();
    expect(round.sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toMatchObject({ text: 'ayesha@example.pk' });
    expect(mail.subject).toContain(code);
    expect(mail.text).toContain('آپ کی شکایت موصول ہو گئی ہے');
    expect(mail.text).toContain(`https://ekhtyar.example.pk/api/v1/complaints/${code}`);
    expect(mail.messageId).toMatch(/^<outbox-\d+@ekhtyar\.example\.pk>$/);
    expect(await statuses(code)).toEqual([expect.objectContaining({ status: 'sent', channel: 'email', attempts: 1 })]);
    await app.services.notifications.deliverDue();
    expect(smtp.received).toHaveLength(1);
  });

  it('retries with back-off when the server says try later, then delivers', async () => {
    const { code } = await app.services.intake.submit({ ...base, contact: { email: 'later@example.pk' }, language: 'en' }, null);
    smtp.refuseWith = 450;
    const first = await app.services.notifications.deliverDue();
    expect(first.retried).toBe(1);
    expect(await statuses(code)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1 })]);
    smtp.refuseWith = null;
    expect((await app.services.notifications.deliverDue()).sent).toBe(0); // not before its back-off has passed
    const later = await app.services.notifications.deliverDue(new Date(Date.now() + 2 * 60_000));
    expect(later.sent).toBe(1);
    expect(smtp.received.map((m) => m.subject)).toEqual([expect.stringContaining(code)]);
  });

  it('gives up on an address the server refuses for good', async () => {
    const { code } = await app.services.intake.submit({ ...base, contact: { email: 'nobody@example.pk' } }, null);
    smtp.refuseWith = 550;
    expect((await app.services.notifications.deliverDue()).failed).toBe(1);
    expect(await statuses(code)).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
  });

  it('sets aside, with the reason, what it cannot deliver yet', async () => {
    const { code } = await app.services.intake.submit({ ...base, contact: { phone: '03001234567' } }, null);
    expect((await app.services.notifications.deliverDue()).skipped).toBe(1);
    expect((await statuses(code))[0]).toMatchObject({ status: 'skipped', last_error: expect.stringContaining('SMS') });
    expect(smtp.received).toHaveLength(0);
  });

  it('tells the citizen of later public events too, with the staff-written words', async () => {
    const { code, citizenSecret } = await app.services.intake.submit({ ...base, contact: { email: 'follow@example.pk' }, language: 'ps' }, null);
    await database.db.query(`update complaints set state = 'resolved' where code = $1`, [code]);
    await app.services.complaints.act(code, citizenSecret, { type: 'feedback', satisfied: true });
    await app.services.notifications.deliverDue();
    expect(smtp.received.map((m) => m.text)).toEqual([expect.stringContaining('ستاسو شکایت ترلاسه شوه'), expect.stringContaining('مننه')]);
  });

  it('tells followers what the citizen is told, each by their own message', async () => {
    const { code, citizenSecret } = await app.services.intake.submit({ ...base, contact: { email: 'owner@example.pk' }, language: 'en' }, null);
    await app.services.duplicates.follow(code, { email: 'neighbour@example.pk', language: 'ur' });
    await app.services.notifications.deliverDue();
    smtp.received.length = 0;
    await app.services.complaints.act(code, citizenSecret, { type: 'withdraw' });
    await app.services.notifications.deliverDue();
    await app.services.notifications.deliverDue();
    const byRecipient = Object.fromEntries(smtp.received.map((m) => [(m.to as { text: string }).text, m.text ?? '']));
    expect(Object.keys(byRecipient).sort()).toEqual(['neighbour@example.pk', 'owner@example.pk']);
    expect(byRecipient['neighbour@example.pk']).toContain('شکایت واپس لے لی گئی');
  });
});
