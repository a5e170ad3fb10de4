import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { PNG_1X1, tableCounts } from '../../test/helpers/fixtures.js';
import { createStaff } from '../../test/helpers/staff.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { AppError } from '../errors.js';
import { testCipher } from '../../test/helpers/keys.js';

let database: TestDatabase;
let app: FastifyInstance;
let office: { id: string; department_id: string; area_id: string };
let otherOffice: { id: string };
let categoryId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  const category = (await database.db.query(`select id, department_id from categories where department_id = 'health' limit 1`)).rows[0];
  categoryId = category.id;
  office = (await database.db.query(`select id, department_id, area_id from offices where department_id = 'health' order by id limit 1`)).rows[0];
  otherOffice = (await database.db.query(`select id from offices where department_id = 'health' and id <> $1 order by id limit 1`, [office.id])).rows[0];
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const officer: () => StaffActor = () => ({ id: 'officer-1', role: 'officer', officeIds: [office.id], scope: [] });
const head: () => StaffActor = () => ({ id: 'head-1', role: 'head_of_office', officeIds: [office.id], scope: [{ departmentId: 'health', areaId: office.area_id }] });
const stranger: () => StaffActor = () => ({ id: 'officer-2', role: 'officer', officeIds: [otherOffice.id], scope: [] });

const file = async (contact: object = { email: 'citizen@example.pk' }) =>
  app.services.intake.submit({ categoryId, description: 'No doctor at the BHU for three days.', location: { areaId: office.area_id }, contact }, null);
const row = async (code: string) => (await database.db.query('select * from complaints where code = $1', [code])).rows[0];
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('staff actions', () => {
  it('lets the office acknowledge and records who did it, publicly', async () => {
    const { code } = await file();
    const after = await app.services.staffActions.act(code, officer(), { type: 'acknowledge' }, 2);
    expect(after.state).toBe('in_progress');
    const { rows } = await database.db.query(`select e.type, e.actor_role, e.actor_id, e.visibility from complaint_events e where e.complaint_id = $1 order by seq desc limit 1`, [after.id]);
    expect(rows[0]).toEqual({ type: 'acknowledged', actor_role: 'officer', actor_id: 'officer-1', visibility: 'public' });
  });

  it('refuses an officer of another office with 403 and writes nothing', async () => {
    const { code } = await file();
    const before = await tableCounts(database.db);
    expect((await refusal(app.services.staffActions.act(code, stranger(), { type: 'acknowledge' }, null))).status).toBe(403);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('lets one of two officers acting at once win; the other gets 409', async () => {
    const { code } = await file();
    const results = await Promise.allSettled([
      app.services.staffActions.act(code, officer(), { type: 'add_note', text: 'Called the BHU in charge.' }, 2),
      app.services.staffActions.act(code, head(), { type: 'add_note', text: 'Asked the DHO to visit.' }, 2),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409, code: 'version_conflict' });
    expect((await row(code)).event_count).toBe(3);
  });

  it('transfers to the right office without resetting the deadline, and never to the same office', async () => {
    const { code } = await file();
    const before = await row(code);
    expect((await refusal(app.services.staffActions.act(code, officer(), { type: 'transfer', toOfficeId: office.id, reason: 'x' }, null))).code).toBe('transfer_to_same_office');
    expect((await refusal(app.services.staffActions.act(code, officer(), { type: 'transfer', toOfficeId: 'nowhere', reason: 'x' }, null))).status).toBe(422);
    await app.services.staffActions.act(code, officer(), { type: 'transfer', toOfficeId: otherOffice.id, reason: 'The BHU is in the next district.' }, null);
    const after = await row(code);
    expect(after).toMatchObject({ office_id: otherOffice.id, state: 'assigned' });
    expect(after.due_at).toEqual(before.due_at);
    // Now it is the other office's: the first officer may no longer act on it.
    expect((await refusal(app.services.staffActions.act(code, officer(), { type: 'acknowledge' }, null))).status).toBe(403);
  });

  it('pauses the clock while asking the citizen and resumes it on their answer', async () => {
    const { code, citizenSecret } = await file();
    await app.services.staffActions.act(code, officer(), { type: 'acknowledge' }, null);
    await app.services.staffActions.act(code, officer(), { type: 'ask_information', question: 'Which BHU exactly?' }, null);
    expect(await row(code)).toMatchObject({ state: 'awaiting_citizen', due_at: null });
    await app.services.complaints.act(code, citizenSecret, { type: 'provide_information', text: 'BHU Tangi, near the bazaar.' });
    const resumed = await row(code);
    expect(resumed.state).toBe('in_progress');
    expect(resumed.due_at).not.toBeNull();
  });

  it('resolves with an outcome, never closes, and waits for the citizen; no relief needs a reason', async () => {
    const { code, citizenSecret } = await file();
    await app.services.staffActions.act(code, officer(), { type: 'acknowledge' }, null);
    expect((await refusal(app.services.staffActions.act(code, officer(), { type: 'resolve', outcome: 'no_relief' }, null))).status).toBe(422);
    await app.services.staffActions.act(code, officer(), { type: 'resolve', outcome: 'full_relief', reason: 'A doctor is posted at night.' }, null);
    const resolved = await row(code);
    expect(resolved).toMatchObject({ state: 'resolved', outcome: 'full_relief', closed_at: null });
    expect(resolved.sla_alarm_at.getTime() - resolved.resolved_at.getTime()).toBe(2 * 24 * 3600 * 1000);
    expect((await refusal(app.services.staffActions.act(code, head(), { type: 'resolve', outcome: 'full_relief' }, null))).status).toBe(409);
    await app.services.complaints.act(code, citizenSecret, { type: 'feedback', satisfied: false, reason: 'Nobody came at night.' });
    expect(await row(code)).toMatchObject({ state: 'assigned', escalation_level: 1, outcome: null });
  });

  it('lets only the head of office reject, and the citizen contest it', async () => {
    const { code, citizenSecret } = await file();
    expect((await refusal(app.services.staffActions.act(code, officer(), { type: 'reject', reason: 'Not a health matter.' }, null))).status).toBe(403);
    await app.services.staffActions.act(code, officer(), { type: 'propose_rejection', reason: 'Not a health matter.' }, null);
    await app.services.staffActions.act(code, head(), { type: 'reject', reason: 'Not a health matter.' }, null);
    expect((await row(code)).state).toBe('rejected');
    await app.services.complaints.act(code, citizenSecret, { type: 'contest', reason: 'It is: the BHU is a health facility.' });
    expect(await row(code)).toMatchObject({ state: 'assigned', escalation_level: 1 });
  });

  it('merges a duplicate into its master, whose updates its citizen then follows', async () => {
    const master = await file();
    const duplicate = await file({ email: 'second@example.pk' });
    await app.services.staffActions.act(duplicate.code, officer(), { type: 'merge_duplicate', masterCode: master.code.toLowerCase() }, null);
    const dup = await row(duplicate.code);
    expect(dup.state).toBe('duplicate');
    expect(dup.master_complaint_id).toBe((await row(master.code)).id);
    const followers = await database.db.query('select z.id, z.email from complaint_followers f join citizens z on z.id = f.citizen_id join complaints c on c.id = f.complaint_id where c.code = $1', [master.code]);
    expect(followers.rows.map((r) => testCipher().open('citizens.email', r.id, r.email))).toEqual(['second@example.pk']);
    expect((await refusal(app.services.staffActions.act(master.code, officer(), { type: 'merge_duplicate', masterCode: master.code }, null))).status).toBe(422);
  });

  it('bulk-assigns for a head of office, reporting each refusal without undoing the rest', async () => {
    const mine = [await file(), await file()];
    const theirs = await app.services.intake.submit({ categoryId, description: 'Another district entirely.', location: { areaId: otherOffice.id.split('@')[1] }, anonymous: true }, null);
    const colleague = await createStaff(app, 'officer', { officeIds: [office.id] });
    const results = await app.services.staffActions.bulk([...mine.map((c) => c.code), theirs.code], head(), { type: 'assign_officer', officerId: colleague.id });
    expect(results).toEqual([
      { code: mine[0]!.code, ok: true },
      { code: mine[1]!.code, ok: true },
      { code: theirs.code, ok: false, error: 'outside_jurisdiction' },
    ]);
    expect((await row(mine[0]!.code)).assigned_officer_id).toBe(colleague.id);
    expect((await refusal(app.services.staffActions.bulk([mine[0]!.code], officer(), { type: 'assign_officer', officerId: 'x' }))).status).toBe(403);
  });

  it('assigns only to an active officer of the complaint’s own office', async () => {
    const { code } = await file();
    const elsewhere = await createStaff(app, 'officer', { officeIds: [otherOffice.id] });
    const gone = await createStaff(app, 'officer', { officeIds: [office.id] });
    await app.services.staffUsers.update({ role: 'system', id: 'test' }, gone.id, { disabled: true });
    for (const officerId of [elsewhere.id, gone.id, 'not-an-account']) {
      const error = await refusal(app.services.staffActions.act(code, head(), { type: 'assign_officer', officerId }, null));
      expect(error).toMatchObject({ status: 422, errors: [{ pointer: '/officerId' }] });
    }
    expect((await row(code)).assigned_officer_id).toBeNull();
  });

  it('attaches evidence photos to a resolution', async () => {
    const { code } = await file();
    await app.services.staffActions.act(code, officer(), { type: 'acknowledge' }, null);
    const after = await app.services.staffActions.act(code, officer(), { type: 'resolve', outcome: 'full_relief', photos: [{ filename: 'repaired.png', data: PNG_1X1.toString('base64') }] }, null);
    const { rows } = await database.db.query('select a.event_seq, a.content_type, e.payload from attachments a join complaint_events e on e.complaint_id = a.complaint_id and e.seq = a.event_seq where a.complaint_id = $1', [after.id]);
    expect(rows).toEqual([{ event_seq: after.eventCount, content_type: 'image/png', payload: { outcome: 'full_relief', attachments: 1 } }]);
    const before = await tableCounts(database.db);
    const bad = await refusal(app.services.staffActions.act(code, officer(), { type: 'public_update', text: 'x', photos: [{ data: Buffer.from('<svg/>').toString('base64') }] }, null));
    expect(bad.status).toBe(415);
    expect(await tableCounts(database.db)).toEqual(before);
  });
});
