import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import type { SubmitComplaintInput } from './complaint-intake.service.js';

let database: TestDatabase;
let app: FastifyInstance;
let input: SubmitComplaintInput;
let slaDays: number;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  const category = (await database.db.query(`select id, sla_days from categories where sla_days = 3 limit 1`)).rows[0];
  slaDays = category.sla_days;
  const district = (await database.db.query(`select id from areas where level = 'district' limit 1`)).rows[0].id;
  input = { categoryId: category.id, description: 'Water supply has been cut for a week.', location: { areaId: district }, anonymous: true };
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

// Wednesday 2026-11-25 10:00 Pakistan time; a 3-day SLA (24 office hours) falls due Monday 30 November 10:00.
const filedAt = new Date('2026-11-25T10:00:00+05:00');
const file = async (at = filedAt) => (await app.services.intake.submit(input, null, at)).code;
const row = async (code: string) => (await database.db.query('select * from complaints where code = $1', [code])).rows[0];
const events = async (code: string) =>
  (await database.db.query('select e.type, e.payload from complaint_events e join complaints c on c.id = e.complaint_id where c.code = $1 order by seq', [code])).rows;

describe('the SLA sweep', () => {
  it('reminds at 50% and 90% once each, then escalates at breach with a fresh deadline, once', async () => {
    const code = await file();
    expect((await row(code)).due_at.toISOString()).toBe(new Date('2026-11-30T10:00:00+05:00').toISOString());
    const sweep = (local: string) => app.services.sla.sweep(new Date(`${local}+05:00`));

    expect((await sweep('2026-11-26T14:00:00')).reminded).toBeGreaterThanOrEqual(1); // 12 of 24 hours used
    await sweep('2026-11-26T14:00:00');
    expect((await events(code)).filter((e) => e.type === 'sla_reminder').map((e) => e.payload.alarm)).toEqual(['reminder_50']);

    await sweep('2026-11-27T16:00:00'); // 22 of 24 hours used
    expect((await events(code)).filter((e) => e.type === 'sla_reminder').map((e) => e.payload.alarm)).toEqual(['reminder_50', 'reminder_90']);

    await sweep('2026-11-30T10:00:00');
    await sweep('2026-11-30T10:05:00');
    const after = await row(code);
    expect(after.escalation_level).toBe(1);
    expect((await events(code)).filter((e) => e.type === 'escalated')).toHaveLength(1);
    // The head of office gets 3 business days of their own: Monday 10:00 → Thursday 10:00.
    expect(after.due_at.toISOString()).toBe(new Date('2026-12-03T10:00:00+05:00').toISOString());
    expect(after.sla_alarms_sent).toBe(0);
    const outbox = await database.db.query(`select topic from outbox where complaint_id = $1 order by id`, [after.id]);
    expect(outbox.rows.map((r) => r.topic)).toEqual(['complaint.submitted', 'complaint.sla_reminder', 'complaint.sla_reminder', 'complaint.escalated']);
  });

  it('escalates a long-ignored complaint straight up, one level per sweep, skipping reminders it missed', async () => {
    const code = await file(new Date('2026-06-01T10:00:00+05:00'));
    await app.services.sla.sweep(new Date('2026-06-20T10:00:00+05:00'));
    expect((await row(code)).escalation_level).toBe(1);
    expect((await events(code)).map((e) => e.type)).not.toContain('sla_reminder');
  });

  it('records a breach at the top level once and then stops raising alarms', async () => {
    const code = await file(new Date('2026-01-05T10:00:00+05:00'));
    await database.db.query('update complaints set escalation_level = 3 where code = $1', [code]);
    const first = await app.services.sla.sweep(new Date('2026-02-20T10:00:00+05:00'));
    await app.services.sla.sweep(new Date('2026-03-20T10:00:00+05:00'));
    expect(first.exhausted).toBeGreaterThanOrEqual(1);
    expect((await events(code)).filter((e) => e.type === 'sla_breached')).toHaveLength(1);
    expect((await row(code)).sla_alarm_at).toBeNull();
  });

  it('never escalates a complaint waiting on the citizen', async () => {
    const code = await file(new Date('2025-03-03T10:00:00+05:00'));
    await database.db.query(`update complaints set state = 'awaiting_citizen', sla_paused_at = sla_started_at, sla_alarm_at = null where code = $1`, [code]);
    await app.services.sla.sweep(new Date('2025-06-01T10:00:00+05:00'));
    expect((await row(code)).escalation_level).toBe(0);
  });

  it('lets several sweeps run at once without escalating anything twice', async () => {
    const codes = await Promise.all(Array.from({ length: 40 }, () => file(new Date('2025-09-01T10:00:00+05:00'))));
    const at = new Date('2025-09-10T10:00:00+05:00');
    await Promise.all([1, 2, 3].map(() => app.services.sla.sweep(at, { batchSize: 7 })));
    const { rows } = await database.db.query('select escalation_level, event_count from complaints where code = any($1)', [codes]);
    expect(rows.every((r) => r.escalation_level === 1)).toBe(true);
    const escalations = await database.db.query(`select count(*)::int as n from complaint_events e join complaints c on c.id = e.complaint_id where c.code = any($1) and e.type = 'escalated'`, [codes]);
    expect(escalations.rows[0].n).toBe(40);
  });

  it('loses and repeats nothing when a sweep dies halfway through a batch', async () => {
    const codes = await Promise.all(Array.from({ length: 12 }, () => file(new Date('2025-10-01T10:00:00+05:00'))));
    const at = new Date('2025-10-10T10:00:00+05:00');
    const eventCounts = async () =>
      new Map((await database.db.query('select id, event_count from complaints')).rows.map((r) => [r.id as string, r.event_count as number]));
    const before = await eventCounts();
    const processed: string[] = [];
    const dying = app.services.sla.sweep(at, {
      batchSize: 5,
      afterEach: (id) => {
        processed.push(id);
        if (processed.length === 8) throw new Error('worker killed');
      },
    });
    await expect(dying).rejects.toThrow('worker killed');
    const midway = await eventCounts();
    // The first batch of five committed; the second died after three and left no trace.
    for (const id of processed.slice(0, 5)) expect(midway.get(id)).toBe((before.get(id) ?? 0) + 1);
    for (const id of processed.slice(5)) expect(midway.get(id)).toBe(before.get(id));
    await app.services.sla.sweep(at, { batchSize: 5 });
    const after = await database.db.query(
      `select c.escalation_level, (select count(*)::int from complaint_events e where e.complaint_id = c.id and e.type = 'escalated') as n from complaints c where code = any($1)`,
      [codes],
    );
    expect(after.rows.every((r) => r.escalation_level === 1 && r.n === 1)).toBe(true);
  });

  it('touches only the complaints that are due', async () => {
    const fresh = await file(new Date('2026-11-26T10:00:00+05:00'));
    const before = await row(fresh);
    await app.services.sla.sweep(new Date('2026-11-26T11:00:00+05:00'));
    const after = await row(fresh);
    expect(after.updated_at).toEqual(before.updated_at);
    expect(after.event_count).toBe(before.event_count);
    expect(slaDays).toBe(3);
  });
});

describe('waiting for the citizen after a resolution', () => {
  // As the staff "resolve" action will: resolved, with its time and the first feedback alarm two days on.
  const resolve = (code: string, at: Date) =>
    database.db.query(`update complaints set state = 'resolved', resolved_at = $2, sla_alarms_sent = 0, sla_alarm_at = $2::timestamptz + interval '2 days' where code = $1`, [code, at]);

  it('reminds the citizen after 2 and 5 days, then closes as no response, counted apart from satisfied closures', async () => {
    const code = await file(new Date('2026-08-03T10:00:00+05:00'));
    const resolvedAt = new Date('2026-08-04T10:00:00+05:00');
    await resolve(code, resolvedAt);
    const days = (n: number) => new Date(resolvedAt.getTime() + n * 24 * 3600 * 1000);
    await app.services.sla.sweep(days(1));
    expect((await events(code)).map((e) => e.type)).not.toContain('feedback_reminder');
    await app.services.sla.sweep(days(2.5));
    await app.services.sla.sweep(days(5.5));
    await app.services.sla.sweep(days(6));
    expect((await events(code)).filter((e) => e.type === 'feedback_reminder')).toHaveLength(2);
    expect((await row(code)).state).toBe('resolved');
    await app.services.sla.sweep(days(10.5));
    const closed = await row(code);
    expect(closed.state).toBe('closed_no_response');
    expect(closed.closed_at).not.toBeNull();
    expect((await events(code)).at(-1)).toMatchObject({ type: 'closed_no_response' });
  });

  it('stops waiting the moment the citizen answers', async () => {
    const { code, citizenSecret } = await app.services.intake.submit(input, null, new Date('2026-08-03T10:00:00+05:00'));
    await resolve(code, new Date('2026-08-04T10:00:00+05:00'));
    await app.services.complaints.act(code, citizenSecret, { type: 'feedback', satisfied: true, rating: 4, comment: 'Fixed quickly.' });
    const closed = await row(code);
    expect(closed).toMatchObject({ state: 'closed', feedback_rating: 4, sla_alarm_at: null });
    await app.services.sla.sweep(new Date('2026-09-30T10:00:00+05:00'));
    expect((await events(code)).map((e) => e.type)).not.toContain('feedback_reminder');
  });
});
