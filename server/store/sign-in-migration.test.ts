import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { readMigrations } from './migrate.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('migration 0014', () => {
  it('deletes sign-in codes keyed by a clear contact and counters keyed by its plain sha256, keeping keyed ones and per-address counters', async () => {
    const sha = (v: string) => createHash('sha256').update(v).digest();
    const code = (lookup: string) =>
      database.db.query(
        `insert into citizen_sign_in_codes (contact_kind, contact_lookup, code_hash, salt, channel, created_at, expires_at) values ('phone', $1, '\\x00', '\\x00', 'sms', now(), now() + interval '10 minutes')`,
        [lookup],
      );
    const counter = (bucket: string, subject: Buffer) => database.db.query('insert into sign_in_rate_limits (bucket, subject, window_start, hits) values ($1, $2, now(), 1)', [bucket, subject]);
    await code('+923001234567');
    await code('idx:test1:abc');
    await counter('code_request:phone', sha('+923001234567'));
    await counter('code_try:email', sha('a@example.pk'));
    await counter('code_request:ip', sha('10.0.0.1'));

    const migration = (await readMigrations()).find((m) => m.version.startsWith('0014_'))!;
    await database.db.query(migration.sql);

    expect((await database.db.query('select contact_lookup from citizen_sign_in_codes')).rows).toEqual([{ contact_lookup: 'idx:test1:abc' }]);
    expect((await database.db.query('select bucket from sign_in_rate_limits')).rows).toEqual([{ bucket: 'code_request:ip' }]);
  });
});
