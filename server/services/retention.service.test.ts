import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import type { SubmitComplaintInput } from './complaint-intake.service.js';
import { retentionCutoff, RetentionService } from './retention.service.js';

let database: TestDatabase;
let app: FastifyInstance;
let areaId: string;
let categoryId: string;

const NOW = new Date('2031-06-01T00:00:00Z');
const YEARS_AGO = (years: number, days = 0) => new Date(NOW.getTime() - years * 365.25 * 24 * 3600 * 1000 - days * 24 * 3600 * 1000);

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  areaId = (await database.db.query(`select area_id from offices where department_id = 'health' order by id limit 1`)).rows[0].area_id;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

// Files a complaint as the intake does, then places it in time: filed and (if given a state) closed back then.
async function complaint(name: string, state: string, closedAt: Date | null, filedAt = YEARS_AGO(6), extra: Partial<SubmitComplaintInput> = {}) {
  const { code } = await app.services.intake.submit({ categoryId, description: 'A complaint from some years ago.', location: { areaId, address: `${name}'s house` }, contact: { name, phone: '0300 1234567' }, timeZone: 'Asia/Karachi', ...extra }, null);
  const { rows } = await database.db.query(
    `update complaints set state = $2, closed_at = $3, created_at = $4 where code = $1 returning id, citizen_id`,
    [code, state, closedAt, filedAt],
  );
  await database.db.query('update citizens set created_at = $2 where id = $1', [rows[0].citizen_id, filedAt]);
  return { code, id: rows[0].id as string, citizenId: rows[0].citizen_id as string };
}

const citizen = async (id: string) => (await database.db.query('select * from citizens where id = $1', [id])).rows[0];
const complaintRow = async (id: string) => (await database.db.query('select * from complaints where id = $1', [id])).rows[0];

describe('retention', () => {
  it('anonymises exactly the citizens all of whose complaints closed before the cutoff, in any closed state, keeping the complaints', async () => {
    const due = await Promise.all([
      complaint('Satisfied Long Ago', 'closed', YEARS_AGO(5, 10)),
      complaint('Withdrew Long Ago', 'withdrawn', YEARS_AGO(5, 10)),
      complaint('Never Answered', 'closed_no_response', YEARS_AGO(5, 10)),
      complaint('Rejected Long Ago', 'rejected', YEARS_AGO(5, 10)),
      complaint('Merged Long Ago', 'duplicate', YEARS_AGO(5, 10)),
    ]);
    const kept = await Promise.all([
      complaint('Closed Recently', 'closed', YEARS_AGO(4)),
      complaint('Still Open', 'in_progress', null),
      complaint('Resolved Not Closed', 'resolved', null),
      complaint('Filed Recently', 'closed', YEARS_AGO(0, 30), YEARS_AGO(0, 60)),
    ]);
    // A citizen following an open complaint keeps their contact: they still hear of it.
    const follower = (await database.db.query(`select citizen_id from complaints where id = $1`, [due[0]!.id])).rows[0].citizen_id;
    await database.db.query('insert into complaint_followers (complaint_id, citizen_id, created_at) values ($1, $2, $3)', [kept[1]!.id, follower, YEARS_AGO(6)]);
    const service = new RetentionService(database.db);
    const cutoff = retentionCutoff(5, NOW);
    const before = await database.db.query('select count(*)::int as n from complaint_events');

    const dry = await service.anonymise({ cutoff, dryRun: true, batchSize: 2 }, NOW);
    expect(dry).toMatchObject({ citizens: 4, complaintAddresses: 4, eventsWithPersonalKeys: 0 });
    expect((await citizen(due[1]!.citizenId)).name).not.toBeNull();

    const progress: number[] = [];
    const result = await service.anonymise({ cutoff, dryRun: false, batchSize: 3, onProgress: (done) => progress.push(done) }, NOW);
    expect(result).toMatchObject({ citizens: 4, complaintAddresses: 4 });
    expect(progress).toEqual([3, 4]);
    for (const { citizenId, id } of due.slice(1)) {
      expect(await citizen(citizenId)).toMatchObject({ name: null, phone: null, phone_lookup: null, email: null, email_lookup: null, cnic: null, cnic_lookup: null, address: null, time_zone: null, anonymised_at: NOW, country_code: 'PK' });
      const c = await complaintRow(id);
      expect(c.address).toBeNull();
      // The complaint, its closure and its statistics stay.
      expect(c.closed_at).toEqual(YEARS_AGO(5, 10));
      expect(c.description).toBe('A complaint from some years ago.');
    }
    for (const { citizenId, id } of [due[0]!, ...kept]) {
      expect((await citizen(citizenId)).anonymised_at).toBeNull();
      expect((await citizen(citizenId)).name).toMatch(/^enc:/);
      expect((await complaintRow(id)).address).toMatch(/^enc:/);
    }
    expect((await database.db.query('select count(*)::int as n from complaint_events')).rows[0].n).toBe(before.rows[0].n);
    // The anonymised complaint still reads (an emptied address is simply absent).
    expect((await app.services.complaints.view(due[1]!.code, null)).complaint.address).toBeNull();
    // Run again: nothing more to do.
    expect(await service.anonymise({ cutoff, dryRun: false, batchSize: 3 }, NOW)).toMatchObject({ citizens: 0, complaintAddresses: 0 });
  });

  it("empties the answers to a category's extra fields with the address (an account number leads to a household), and only for due citizens", async () => {
    const billing = { categoryId: 'electricity-overbilling', attributes: { consumer_reference: '09 14124 0123400 U', billed_units: 940 } };
    const [old, recent] = [await complaint('Old Bill', 'closed', YEARS_AGO(6), YEARS_AGO(7), billing), await complaint('Recent Bill', 'closed', YEARS_AGO(1), YEARS_AGO(2), billing)];
    expect((await complaintRow(old.id)).attributes).toMatch(/^enc:/);
    const result = await new RetentionService(database.db).anonymise({ cutoff: retentionCutoff(5, NOW), dryRun: false, batchSize: 100 }, NOW);
    expect(result).toMatchObject({ citizens: 1, complaintAddresses: 1 });
    expect((await complaintRow(old.id)).attributes).toBeNull();
    expect((await app.services.complaints.view(old.code, null)).complaint.attributes).toBeNull();
    expect((await app.services.complaints.view(recent.code, null)).complaint.attributes).toEqual({ consumer_reference: '09 14124 0123400 U', billed_units: 940 });
  });

  it('reports events whose payload carries a personal field, and leaves the append-only events alone', async () => {
    const old = await complaint('Event Payload', 'closed', YEARS_AGO(7));
    // Such an event cannot be written by the code since 0009 (the store refuses it); simulate one written before.
    const head = await complaintRow(old.id);
    await database.db.query(
      `insert into complaint_events (complaint_id, seq, type, actor_role, visibility, payload, created_at, hash) values ($1, $2, 'legacy_note', 'system', 'internal', '{"phone": "+923001234567"}', now(), '\\x00')`,
      [old.id, head.event_count + 1],
    );
    const result = await new RetentionService(database.db).anonymise({ cutoff: retentionCutoff(5, NOW), dryRun: false, batchSize: 100 }, NOW);
    expect(result).toMatchObject({ citizens: 1, eventsWithPersonalKeys: 1 });
    expect((await database.db.query(`select payload from complaint_events where complaint_id = $1 and type = 'legacy_note'`, [old.id])).rows[0].payload).toEqual({ phone: '+923001234567' });
  });

  it('deletes citizen accounts not signed in since the cutoff, with their sessions, and keeps the others whatever their complaints', async () => {
    // An account is found by its contact's blind index; its complaints being anonymised does not touch it.
    const account = async (email: string, lastSignIn: Date) => {
      const id = randomUUID();
      await database.db.query(
        `insert into citizen_accounts (id, email, email_lookup, created_at, updated_at, last_sign_in_at) values ($1, $2, $3, $4, $4, $4)`,
        [id, `enc:test1:${email}`, `idx:test1:${email}`, lastSignIn],
      );
      await database.db.query(
        `insert into citizen_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at) values ($1, $2, 'csrf', $3, $3, $4)`,
        [randomBytes(32), id, lastSignIn, NOW],
      );
      return id;
    };
    const idle = [await account('idle-a', YEARS_AGO(5, 1)), await account('idle-b', YEARS_AGO(7))];
    const active = [await account('active-a', YEARS_AGO(4, 300)), await account('active-b', YEARS_AGO(0, 1))];
    const service = new RetentionService(database.db);
    const cutoff = retentionCutoff(5, NOW);
    const left = async (ids: string[]) => (await database.db.query('select count(*)::int as n from citizen_accounts where id = any($1::uuid[])', [ids])).rows[0].n;
    const sessions = async (ids: string[]) => (await database.db.query('select count(*)::int as n from citizen_sessions where account_id = any($1::uuid[])', [ids])).rows[0].n;

    expect(await service.anonymise({ cutoff, dryRun: true, batchSize: 1 }, NOW)).toMatchObject({ citizenAccounts: 2 });
    expect(await left(idle)).toBe(2);
    expect(await service.anonymise({ cutoff, dryRun: false, batchSize: 1 }, NOW)).toMatchObject({ citizenAccounts: 2 });
    expect(await left(idle)).toBe(0);
    expect(await sessions(idle)).toBe(0);
    expect(await left(active)).toBe(2);
    expect(await sessions(active)).toBe(2);
    expect(await service.anonymise({ cutoff, dryRun: false, batchSize: 1 }, NOW)).toMatchObject({ citizenAccounts: 0 });
  });

  it('counts years back from today by the calendar', () => {
    expect(retentionCutoff(3, new Date('2030-03-01T10:00:00Z')).toISOString()).toBe('2027-03-01T10:00:00.000Z');
  });
});
