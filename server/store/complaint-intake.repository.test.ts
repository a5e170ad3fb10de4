import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { testCipher } from '../../test/helpers/keys.js';
import { chainEvent } from '../domain/audit/event-hash.js';
import { generateTrackingCode } from '../domain/tracking-code.js';
import { PostgresAttachmentStorage } from './attachment.storage.js';
import { IdempotencyKeyTaken, IntakeWriter, type NewComplaint } from './complaint-intake.repository.js';

let database: TestDatabase;
let categoryId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  categoryId = (await database.db.query('select id from categories limit 1')).rows[0].id;
});
afterAll(() => database.drop());

function newComplaint(code = generateTrackingCode(), description = 'A complaint written straight to the store.'): NewComplaint {
  const id = randomUUID();
  const now = new Date();
  const event = chainEvent({ complaintId: id, eventCount: 0, lastEventHash: null }, { type: 'submitted', actorRole: 'citizen', actorId: null, visibility: 'public', payload: {}, createdAt: now });
  return {
    citizen: null,
    complaint: {
      id, code, state: 'triage', departmentId: null, areaId: null, officeId: null, categoryId, citizenId: null, anonymous: true, channel: 'web', language: 'en',
      description, address: null, latitude: null, longitude: null, citizenSecretHash: createHash('sha256').update(id).digest(), slaDays: 5, dueAt: null,
      createdAt: now, eventCount: 1, lastEventHash: event.hash,
    },
    events: [event],
    attachments: [],
    outbox: [],
    idempotency: null,
  };
}

const writer = (maxBatch = 100) => new IntakeWriter(database.db, { maxBatch, maxInFlight: 2, regenerateCode: generateTrackingCode, storage: new PostgresAttachmentStorage(), cipher: testCipher() });

describe('IntakeWriter', () => {
  it('commits concurrent submissions together, in fewer transactions than complaints', async () => {
    const w = writer();
    const items = Array.from({ length: 200 }, () => newComplaint());
    await Promise.all(items.map((item) => w.write(item)));
    const { rows } = await database.db.query('select count(*)::int as n from complaints where id = any($1)', [items.map((i) => i.complaint.id)]);
    expect(rows[0].n).toBe(200);
    expect(w.stats.complaints).toBe(200);
    expect(w.stats.transactions).toBeLessThan(20);
  });

  it('writes a lone submission at once, without waiting for company', async () => {
    const w = writer();
    await w.write(newComplaint());
    expect(w.stats).toEqual({ transactions: 1, complaints: 1 });
  });

  it('gives a complaint whose code collides a new code, without failing the others in its batch', async () => {
    const taken = newComplaint();
    await writer().write(taken);
    const w = writer();
    const colliding = newComplaint(taken.complaint.code, 'This one drew a code already in use.');
    const neighbours = Array.from({ length: 5 }, () => newComplaint());
    await Promise.all([colliding, ...neighbours].map((item) => w.write(item)));
    expect(colliding.complaint.code).not.toBe(taken.complaint.code);
    const { rows } = await database.db.query('select code, description from complaints where id = $1', [colliding.complaint.id]);
    expect(rows[0]).toEqual({ code: colliding.complaint.code, description: 'This one drew a code already in use.' });
    const others = await database.db.query('select count(*)::int as n from complaints where id = any($1)', [neighbours.map((n) => n.complaint.id)]);
    expect(others.rows[0].n).toBe(5);
  });

  it('refuses the second of two submissions with one Idempotency-Key, writing only the first', async () => {
    const key = `key-${randomUUID()}`;
    const first = { ...newComplaint(), idempotency: { key, requestHash: Buffer.alloc(32), citizenSecret: 'cs_a' } };
    const second = { ...newComplaint(), idempotency: { key, requestHash: Buffer.alloc(32), citizenSecret: 'cs_b' } };
    const w = writer();
    const results = await Promise.allSettled([w.write(first), w.write(second)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(IdempotencyKeyTaken);
    const { rows } = await database.db.query('select count(*)::int as n from complaints where id = any($1)', [[first.complaint.id, second.complaint.id]]);
    expect(rows[0].n).toBe(1);
  });
});
