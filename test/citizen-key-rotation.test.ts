import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataKey } from '../server/domain/privacy/data-keys.js';
import { FieldCipher } from '../server/domain/privacy/field-cipher.js';
import { DataKeyService } from '../server/services/data-key.service.js';
import { buildTestApp } from './helpers/app.js';
import { completeSignIn, lastMailedCode, signInByEmail } from './helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { startTestSmtp, type TestSmtp } from './helpers/smtp.js';

// One database, served first by a process holding k1, then (after `keys rotate`) by one holding k2 and k1.
const k1: DataKey = { id: 'k1', material: randomBytes(32) };
const k2: DataKey = { id: 'k2', material: randomBytes(32) };

let database: TestDatabase;
let smtp: TestSmtp;
let before: FastifyInstance;
let after: FastifyInstance;

const profile = (on: FastifyInstance, headers: Record<string, string>) => on.inject({ method: 'GET', url: '/api/v1/citizen/profile', headers });
const accounts = async () => (await database.db.query('select id, name, phone, email, cnic, phone_lookup, email_lookup, cnic_lookup from citizen_accounts order by id')).rows as Record<string, string | null>[];

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtp();
  await new DataKeyService(database.db, new FieldCipher([k1])).checkAndRegister('test keys');
  before = await buildTestApp(database.db, { SMTP_URL: smtp.url }, new FieldCipher([k1]));
  after = await buildTestApp(database.db, { SMTP_URL: smtp.url }, new FieldCipher([k2, k1]));
});
afterAll(async () => {
  await Promise.all([before.close(), after.close()]);
  await smtp.close();
  await database.drop();
});

describe('citizen accounts across a key rotation', () => {
  it('re-seals accounts (and accounts written before encryption) under the new key; sign-in, profiles and a code asked for before the rotation still work', async () => {
    // An account written before encryption: every field and lookup in clear.
    await database.db.query(
      `insert into citizen_accounts (id, email, email_lookup, name, cnic, cnic_lookup, created_at, updated_at, last_sign_in_at)
       values ($1, 'old.timer@example.pk', 'old.timer@example.pk', 'Old Timer', '1730111111111', '1730111111111', now(), now(), now())`,
      [randomUUID()],
    );
    const signedIn = await signInByEmail(before, smtp, 'amna@example.pk');
    expect((await before.inject({ method: 'PATCH', url: '/api/v1/citizen/profile', payload: { name: 'Amna Yousaf', cnic: '17301-2222222-2' }, headers: signedIn.headers })).statusCode).toBe(200);
    // The account from before encryption signs in as itself (found by its clear lookup), not as a new account.
    const old = await signInByEmail(before, smtp, 'Old.Timer@example.pk');
    expect((await profile(before, old.headers)).json()).toMatchObject({ name: 'Old Timer', cnic: '17301-1111111-1' });
    expect(await accounts()).toHaveLength(2);
    // A code asked for just before the rotation, under k1.
    expect((await before.inject({ method: 'POST', url: '/api/v1/citizen/sign-in/code', payload: { email: 'late@example.pk' } })).statusCode).toBe(202);
    const lateCode = lastMailedCode(smtp, 'late@example.pk');

    const service = new DataKeyService(database.db, new FieldCipher([k2, k1]));
    await service.checkAndRegister('test keys');
    // Status and the retirement check see the accounts (this database has no citizens rows): 3 values and 2 lookups
    // under k1 (Amna's e-mail, name and CNIC), and the old account's 3 values and 2 lookups in clear.
    expect((await service.status()).counts).toEqual([
      { keyId: 'k1', values: 3, lookups: 2 },
      { keyId: null, values: 3, lookups: 2 },
    ]);
    expect(await service.retire('k1')).toBe(false);
    const result = await service.rotate({ batchSize: 1 });
    expect(result.rewritten.citizen_accounts).toBe(2);
    expect(result.remaining).toBe(0);
    expect(result.retired).toEqual(['k1']);
    for (const row of await accounts()) {
      for (const field of ['name', 'email', 'cnic']) expect(row[field], field).toMatch(/^enc:k2:/);
      for (const lookup of ['email_lookup', 'cnic_lookup']) expect(row[lookup], lookup).toMatch(/^idx:k2:/);
      expect(row.phone).toBeNull();
    }
    expect((await service.status()).counts.every((c) => c.keyId === 'k2')).toBe(true);
    expect((await service.rotate({ batchSize: 10 })).rewritten.citizen_accounts).toBe(0);

    // The sessions go on; a new sign-in finds the same account under the new key; the profile opens.
    expect((await profile(after, signedIn.headers)).json()).toMatchObject({ email: 'amna@example.pk', name: 'Amna Yousaf', cnic: '17301-2222222-2' });
    const again = await signInByEmail(after, smtp, 'amna@example.pk');
    expect((await profile(after, again.headers)).json()).toMatchObject({ name: 'Amna Yousaf', cnic: '17301-2222222-2' });
    const oldAgain = await signInByEmail(after, smtp, 'old.timer@example.pk');
    expect((await profile(after, oldAgain.headers)).json()).toMatchObject({ email: 'old.timer@example.pk', name: 'Old Timer' });
    const late = await completeSignIn(after, { email: 'late@example.pk' }, lateCode);
    expect((await profile(after, late.headers)).json()).toMatchObject({ email: 'late@example.pk' });
    expect(await accounts()).toHaveLength(3);
    expect(JSON.stringify(await accounts())).not.toMatch(/example\.pk|Amna|Timer|1730/);
  });
});
