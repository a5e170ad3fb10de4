import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ekhtyar } from '../../test/helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { hashKey } from '../services/open311.service.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('ekhtyar open311 key', () => {
  it('prints a new key once and stores only its hash', async () => {
    const added = await ekhtyar(['open311', 'key', 'add', 'FixMyStreet Peshawar'], { DATABASE_URL: database.url });
    expect(added.code).toBe(0);
    const key = added.stdout.trim();
    expect(key).toMatch(/^o311_[\w-]{32}$/);
    const { rows } = await database.db.query('select name, key_hash from open311_api_keys');
    expect(rows).toEqual([{ name: 'FixMyStreet Peshawar', key_hash: hashKey(key) }]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('refuses a name already in use, and lists and revokes keys by name', async () => {
    const again = await ekhtyar(['open311', 'key', 'add', 'FixMyStreet Peshawar'], { DATABASE_URL: database.url });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('exists already');
    const revoked = await ekhtyar(['open311', 'key', 'revoke', 'FixMyStreet Peshawar'], { DATABASE_URL: database.url });
    expect(revoked.code).toBe(0);
    const listed = await ekhtyar(['open311', 'key', 'list'], { DATABASE_URL: database.url });
    expect(listed.stdout).toMatch(/FixMyStreet Peshawar .* never used {2}revoked /);
    expect((await ekhtyar(['open311', 'key', 'revoke', 'nobody'], { DATABASE_URL: database.url })).code).not.toBe(0);
  });
});
