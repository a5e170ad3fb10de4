import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { ConfigError } from '../config.js';
import type { DataKey } from '../domain/privacy/data-keys.js';
import { FieldCipher, FieldDecryptError } from '../domain/privacy/field-cipher.js';
import { generateTrackingCode } from '../domain/tracking-code.js';
import { CitizenRepository } from '../store/citizen.repository.js';
import { DataKeyRepository } from '../store/data-key.repository.js';
import { DataKeyService } from './data-key.service.js';

const k1: DataKey = { id: 'k1', material: randomBytes(32) };
const k2: DataKey = { id: 'k2', material: randomBytes(32) };
const k3: DataKey = { id: 'k3', material: randomBytes(32) };
const ring = (...keys: DataKey[]) => new FieldCipher(keys);

let database: TestDatabase;
let app: FastifyInstance;
let areaId: string;
let categoryId: string;
const filed: { code: string; phone: string; email: string }[] = [];
const legacyCode = generateTrackingCode();

beforeAll(async () => {
  database = await createTestDatabase();
  await new DataKeyService(database.db, ring(k1)).checkAndRegister('test keys');
  app = await buildTestApp(database.db, {}, ring(k1));
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  areaId = (await database.db.query(`select area_id from offices where department_id = 'health' order by id limit 1`)).rows[0].area_id;
  for (let i = 0; i < 7; i++) {
    const phone = `0300 55500${10 + i}`;
    const email = `citizen${i}@example.pk`;
    // Three of them answer their category's extra fields, sealed in a second column of the complaint.
    const answers = i < 3 ? { categoryId: 'doctor-staff-absent', attributes: { facility_type: 'bhu', facility_name: `BHU Number ${i}` } } : {};
    const { code } = await app.services.intake.submit(
      { categoryId, description: 'No doctor at the BHU for three days.', location: { areaId, address: `House ${i}, Street 9` }, contact: { name: `Citizen ${i}`, phone, email, cnic: `17301-00000${10 + i}-1` }, ...answers },
      null,
    );
    filed.push({ code, phone, email });
  }
  // Rows written before encryption: clear values, clear lookups.
  const legacy = randomUUID();
  await database.db.query(`insert into citizens (id, name, phone, phone_lookup, email, email_lookup, language) values ($1, 'Old Timer', '+923005550999', '+923005550999', 'Old@Example.pk', 'old@example.pk', 'ur')`, [legacy]);
  await database.db.query(
    `insert into complaints (id, code, state, category_id, citizen_id, channel, language, description, address, citizen_secret_hash, created_at, updated_at)
     values ($1, $4, 'triage', $2, $3, 'web', 'ur', 'Filed before encryption.', 'Old address, Mardan', '\\x00', now(), now())`,
    [randomUUID(), categoryId, legacy, legacyCode],
  );
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const sealedValues = async () =>
  (await database.db.query(`select v from citizens, lateral (values (name), (phone), (email), (cnic), (address)) x(v) where v is not null
                            union all select address from complaints where address is not null union all select attributes from complaints where attributes is not null
                            union all select value from privacy_secrets`)).rows.map((r) => r.v as string);
const lookups = async () => (await database.db.query(`select l from citizens, lateral (values (phone_lookup), (email_lookup), (cnic_lookup)) y(l) where l is not null`)).rows.map((r) => r.l as string);
const citizenOf = async (code: string) => (await database.db.query('select citizen_id from complaints where code = $1', [code])).rows[0].citizen_id as string;

describe('key rotation', () => {
  it('reads and finds rows written before encryption as they are, before any rotation', async () => {
    const citizens = new CitizenRepository(ring(k1));
    const [legacy] = await citizens.idsByContact(database.db, { phone: '0300 5550999' });
    expect(legacy).toBeDefined();
    expect(await citizens.idsByContact(database.db, { email: 'OLD@example.pk' })).toEqual([legacy]);
    expect(await citizens.contact(database.db, legacy!)).toMatchObject({ name: 'Old Timer', phone: '+923005550999', email: 'Old@Example.pk' });
    expect((await app.services.complaints.view(legacyCode, null)).complaint.address).toBe('Old address, Mardan');
  });

  it('re-seals every value and recomputes every lookup under the new key, in batches with progress; lookups still find citizens and pseudonyms stay', async () => {
    const ids = await Promise.all(filed.map((f) => citizenOf(f.code)));
    const pseudonymsBefore = await app.services.pseudonyms.pseudonyms(ids);
    expect((await sealedValues()).some((v) => !v.startsWith('enc:'))).toBe(true);
    const service = new DataKeyService(database.db, ring(k2, k1));
    await service.checkAndRegister('test keys');
    const progress: number[] = [];
    const result = await service.rotate({ batchSize: 3, onProgress: (p) => p.table === 'citizens' && progress.push(p.done) });
    expect(result).toMatchObject({ keyId: 'k2', rewritten: { citizens: 8, complaints: 8, complaint_attributes: 3, privacy_secrets: 1 }, remaining: 0, retired: ['k1'] });
    expect(progress).toEqual([3, 6, 8]);
    expect((await sealedValues()).every((v) => v.startsWith('enc:k2:'))).toBe(true);
    expect((await lookups()).every((l) => l.startsWith('idx:k2:'))).toBe(true);
    // Only the new key is needed from now on: values open, exact lookups find, pseudonyms are the same.
    const only = ring(k2);
    const citizens = new CitizenRepository(only);
    expect(await citizens.idsByContact(database.db, { phone: filed[3]!.phone })).toEqual([ids[3]]);
    expect(await citizens.idsByContact(database.db, { email: 'CITIZEN5@example.pk' })).toEqual([ids[5]]);
    expect(await citizens.idsByContact(database.db, { cnic: '1730100000121' })).toEqual([ids[2]]);
    expect((await citizens.idsByContact(database.db, { email: 'old@example.pk' })).length).toBe(1);
    expect((await citizens.contact(database.db, ids[4]!))?.name).toBe('Citizen 4');
    const after = await buildTestApp(database.db, {}, only);
    expect(await after.services.pseudonyms.pseudonyms(ids)).toEqual(pseudonymsBefore);
    const own = await after.services.complaints.view(legacyCode, null);
    expect(own.complaint.address).toBe('Old address, Mardan');
    expect((await after.services.complaints.view(filed[1]!.code, null)).complaint.attributes).toEqual({ facility_type: 'bhu', facility_name: 'BHU Number 1' });
    await after.close();
    const registry = await service.status();
    expect(registry.registered.map((k) => [k.id, k.retiredAt === null])).toEqual([['k1', false], ['k2', true]]);
    expect(registry.counts.map((c) => c.keyId)).toEqual(['k2']);
  });

  it('does nothing the second time (idempotent)', async () => {
    const before = await sealedValues();
    const result = await new DataKeyService(database.db, ring(k2, k1)).rotate({ batchSize: 3 });
    expect(result.rewritten).toEqual({ citizens: 0, citizen_accounts: 0, complaints: 0, complaint_attributes: 0, privacy_secrets: 0 });
    expect(await sealedValues()).toEqual(before);
  });

  it('picks up where an interrupted rotation stopped, and two rotations at once share the work', async () => {
    const service = new DataKeyService(database.db, ring(k3, k2));
    await service.checkAndRegister('test keys');
    const interrupted = service.rotate({ batchSize: 2, onProgress: () => { throw new Error('killed'); } });
    await expect(interrupted).rejects.toThrow('killed');
    const halfway = await sealedValues();
    expect(halfway.filter((v) => v.startsWith('enc:k3:')).length).toBeGreaterThan(0);
    expect(halfway.filter((v) => v.startsWith('enc:k2:')).length).toBeGreaterThan(0);
    const left = await new DataKeyRepository().pending(database.db, 'k3');
    const [a, b] = await Promise.all([service.rotate({ batchSize: 1 }), new DataKeyService(database.db, ring(k3, k2)).rotate({ batchSize: 1 })]);
    // Each row is rewritten once, by whichever rotation locked it first.
    expect(a.rewritten.citizens + b.rewritten.citizens).toBe(left.citizens);
    expect(a.rewritten.complaints + b.rewritten.complaints).toBe(left.complaints);
    expect(a.rewritten.complaint_attributes + b.rewritten.complaint_attributes).toBe(left.complaint_attributes);
    expect((await sealedValues()).every((v) => v.startsWith('enc:k3:'))).toBe(true);
    expect((await lookups()).every((l) => l.startsWith('idx:k3:'))).toBe(true);
  });

  it('runs while intake writes, and leaves everything under the current key', async () => {
    const writer = await buildTestApp(database.db, {}, ring(k3, k2));
    const submissions = Array.from({ length: 20 }, (_, i) =>
      writer.services.intake.submit({ categoryId, description: 'Filed while the keys rotate.', location: { areaId, address: `Plot ${i}` }, contact: { phone: `0333 44400${10 + i}` } }, null),
    );
    const rotation = new DataKeyService(database.db, ring(k3, k2)).rotate({ batchSize: 2 });
    const [codes] = await Promise.all([Promise.all(submissions), rotation]);
    expect((await sealedValues()).every((v) => v.startsWith('enc:k3:'))).toBe(true);
    const view = await writer.services.complaints.view(codes[7]!.code, codes[7]!.citizenSecret);
    expect(view.complaint.address).toBe('Plot 7');
    await writer.close();
  });

  it('stops at a value that does not open (its tag is broken), writing nothing of that batch', async () => {
    const id = await citizenOf(filed[0]!.code);
    const { rows } = await database.db.query('select phone from citizens where id = $1', [id]);
    const body = Buffer.from(rows[0].phone.slice('enc:k3:'.length), 'base64');
    body[body.length - 1] = body[body.length - 1]! ^ 1;
    await database.db.query('update citizens set phone = $2 where id = $1', [id, `enc:k3:${body.toString('base64')}`]);
    const k4: DataKey = { id: 'k4', material: randomBytes(32) };
    const service = new DataKeyService(database.db, ring(k4, k3));
    await service.checkAndRegister('test keys');
    await expect(service.rotate({ batchSize: 500 })).rejects.toThrow(FieldDecryptError);
    expect((await sealedValues()).some((v) => v.startsWith('enc:k4:'))).toBe(false);
    await database.db.query('update citizens set phone = $2 where id = $1', [id, rows[0].phone]);
    expect((await service.rotate({ batchSize: 500 })).remaining).toBe(0);
  });
});

describe('the key registry', () => {
  it('refuses a key under a known id with other material, naming where it came from', async () => {
    const impostor = new DataKeyService(database.db, ring({ id: 'k3', material: randomBytes(32) }));
    const error = await impostor.checkAndRegister('EKHTYAR_DATA_KEYS').then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('EKHTYAR_DATA_KEYS: key "k3" is not the key "k3"');
  });

  it('refuses a ring without a key the database still holds data under, and registers nothing of it', async () => {
    const stranger = new DataKeyService(database.db, ring({ id: 'k9', material: randomBytes(32) }));
    await expect(stranger.checkAndRegister('the generated key file')).rejects.toThrow(/lacks key "k4"/);
    expect((await stranger.status()).registered.map((k) => k.id)).not.toContain('k9');
  });

  it('retires a key only when nothing is under it', async () => {
    const service = new DataKeyService(database.db, null);
    expect(await service.retire('k4')).toBe(false);
    expect(await service.retire('never-used')).toBe(true);
  });
});
