import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { AppError } from '../errors.js';

let database: TestDatabase;
let app: FastifyInstance;
let office: { id: string; area_id: string };
let otherOffice: { id: string };
let categoryId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  office = (await database.db.query(`select id, area_id from offices where department_id = 'health' order by id limit 1`)).rows[0];
  otherOffice = (await database.db.query(`select id from offices where department_id = 'health' and id <> $1 order by id limit 1`, [office.id])).rows[0];
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const officer: StaffActor = { id: 'officer-7', role: 'officer', officeIds: [], scope: [] };
const mine = (): StaffActor => ({ ...officer, officeIds: [office.id] });
const contact = { name: 'Bakht Zada', phone: '0312 5550101', email: 'bakht@example.pk', cnic: '15602-1234567-3' };
const file = async (extra: object = {}) =>
  app.services.intake.submit({ categoryId, description: 'The dispensary has had no medicines for weeks.', location: { areaId: office.area_id }, contact, ...extra }, null);
const reads = async () => (await database.db.query('select staff_id, staff_role, citizen_id, complaint_id, fields, purpose, read_at from personal_data_reads order by id')).rows;
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('revealing a citizen contact to staff', () => {
  it('opens the contact for an officer of the complaint office, and records who read which fields, why and when, in one go', async () => {
    const { code } = await file();
    const at = new Date('2026-12-01T09:30:00Z');
    const before = (await reads()).length;
    const revealed = await app.services.contacts.revealContact(code.toLowerCase(), mine(), '  Calling to arrange a visit  ', ['phone', 'name'], at);
    expect(revealed.contact).toEqual({ phone: '+923125550101', name: 'Bakht Zada' });
    const complaint = (await database.db.query('select id, citizen_id from complaints where code = $1', [code])).rows[0];
    expect(revealed).toMatchObject({ code, citizenId: complaint.citizen_id, anonymisedAt: null });
    const logged = (await reads()).slice(before);
    expect(logged).toEqual([{ staff_id: 'officer-7', staff_role: 'officer', citizen_id: complaint.citizen_id, complaint_id: complaint.id, fields: ['phone', 'name'], purpose: 'Calling to arrange a visit', read_at: at }]);
  });

  it('gives every field by default, CNIC and e-mail opened too', async () => {
    const { code } = await file();
    const revealed = await app.services.contacts.revealContact(code, mine(), 'Verifying identity for the refund');
    expect(revealed.contact).toEqual({ name: 'Bakht Zada', phone: '+923125550101', email: 'bakht@example.pk', cnic: '1560212345673', address: null });
  });

  it('refuses staff outside the jurisdiction (403), analysts and administrators too, and records nothing', async () => {
    const { code } = await file();
    const before = (await reads()).length;
    for (const staff of [{ ...officer, officeIds: [otherOffice.id] }, { ...officer, role: 'analyst' as const, scope: [{ departmentId: null, areaId: 'kp' }] }, { ...officer, role: 'administrator' as const }]) {
      const error = await refusal(app.services.contacts.revealContact(code, staff, 'Just looking'));
      expect([error.status, error.code]).toEqual([403, 'outside_jurisdiction']);
    }
    expect((await reads()).length).toBe(before);
  });

  it('refuses to unmask a citizen who filed anonymously', async () => {
    const { code } = await file({ anonymous: true });
    const error = await refusal(app.services.contacts.revealContact(code, mine(), 'Calling the citizen'));
    expect([error.status, error.code]).toEqual([403, 'citizen_anonymous']);
  });

  it('needs a stated purpose and known fields (422 naming them), and a real tracking code (400, 404), writing nothing', async () => {
    const { code } = await file();
    const before = (await reads()).length;
    const blank = await refusal(app.services.contacts.revealContact(code, mine(), '  ', ['phone', 'passport' as 'phone']));
    expect(blank.status).toBe(422);
    expect(blank.errors.map((e) => e.pointer)).toEqual(['/purpose', '/fields']);
    expect((await refusal(app.services.contacts.revealContact(code, mine(), 'x'.repeat(501)))).status).toBe(422);
    expect((await refusal(app.services.contacts.revealContact(code, mine(), 'Calling', []))).status).toBe(422);
    expect((await refusal(app.services.contacts.revealContact('KP-0000-000', mine(), 'Calling'))).status).toBe(400);
    expect((await refusal(app.services.contacts.revealContact('KP-0000-0000', mine(), 'Calling'))).status).toBe(404);
    expect((await reads()).length).toBe(before);
  });

  it('keeps the record of reads append-only', async () => {
    const { code } = await file();
    await app.services.contacts.revealContact(code, mine(), 'Calling back');
    await expect(database.db.query(`update personal_data_reads set purpose = 'nothing'`)).rejects.toThrow(/append-only/);
    await expect(database.db.query('delete from personal_data_reads')).rejects.toThrow(/append-only/);
  });
});

describe('pseudonyms', () => {
  it('gives one citizen the same pseudonym on each complaint, another a different one, and none of it reversible from the value', async () => {
    const a = await file();
    const b = await file();
    const other = await app.services.intake.submit({ categoryId, description: 'Someone else entirely, about the same clinic.', location: { areaId: office.area_id }, contact: { phone: '0300 1112223' } }, null);
    const ids = (await database.db.query('select code, citizen_id from complaints where code = any($1)', [[a.code, b.code, other.code]])).rows;
    const id = (code: string) => ids.find((r) => r.code === code).citizen_id as string;
    const pseudonyms = await app.services.pseudonyms.pseudonyms([id(a.code), id(b.code), id(other.code)]);
    expect(pseudonyms.get(id(a.code))).toMatch(/^P-[0-9A-Z]{16}$/);
    expect(pseudonyms.get(id(a.code))).toBe(pseudonyms.get(id(b.code)));
    expect(pseudonyms.get(id(other.code))).not.toBe(pseudonyms.get(id(a.code)));
    // The secret behind them is made once, kept sealed, and the same for the next process.
    const secret = (await database.db.query(`select value from privacy_secrets where name = 'pseudonym'`)).rows;
    expect(secret).toHaveLength(1);
    expect(secret[0].value).toMatch(/^enc:test1:/);
    const fresh = await buildTestApp(database.db);
    expect((await fresh.services.pseudonyms.pseudonyms([id(a.code)])).get(id(a.code))).toBe(pseudonyms.get(id(a.code)));
    await fresh.close();
  });
});
