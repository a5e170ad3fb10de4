import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ekhtyar } from '../../test/helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { TEST_DATA_KEYS } from '../../test/helpers/keys.js';
import { formatDataKey, generateDataKey, parseDataKeys } from '../domain/privacy/data-keys.js';

let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekhtyar-keys-cli-'));
  // A citizen written before encryption: clear values, clear lookup.
  await database.db.query(`insert into citizens (id, name, phone, phone_lookup, language) values ($1, 'Haji Sher Ali', '+923009998877', '+923009998877', 'ur')`, [randomUUID()]);
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await database.drop();
});

const clearRows = async () => (await database.db.query(`select count(*)::int as n from citizens where name = 'Haji Sher Ali' or phone_lookup = '+923009998877'`)).rows[0].n;

describe('ekhtyar keys', () => {
  it('generates a key that EKHTYAR_DATA_KEYS accepts', async () => {
    const result = await ekhtyar(['keys', 'generate']);
    expect(result.code).toBe(0);
    expect('keys' in parseDataKeys(result.stdout)).toBe(true);
  });

  it('seals values written before encryption on the first rotation, and reports what is under each key', async () => {
    const before = await ekhtyar(['keys', 'status'], { DATABASE_URL: database.url });
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/\(clear\)\s+2\s+1\s+written before encryption/);
    const rotated = await ekhtyar(['keys', 'rotate'], { DATABASE_URL: database.url });
    expect(rotated).toMatchObject({ code: 0 });
    expect(rotated.stdout).toContain('rotated to test1: 1 citizens');
    expect(await clearRows()).toBe(0);
    const after = await ekhtyar(['keys', 'status'], { DATABASE_URL: database.url });
    expect(after.stdout).toContain('current key: test1 (from EKHTYAR_DATA_KEYS)');
    expect(after.stdout).toMatch(/test1\s+2\s+1\s+in use/);
    expect(after.stdout).not.toContain('(clear)');
  });

  it('rotates to a new key put first in EKHTYAR_DATA_KEYS, retiring the old one; a process with only the old key is then refused', async () => {
    const next = formatDataKey(generateDataKey());
    const id = next.split(':')[0]!;
    const rotated = await ekhtyar(['keys', 'rotate', '--batch-size', '1'], { DATABASE_URL: database.url, EKHTYAR_DATA_KEYS: `${next},${TEST_DATA_KEYS}` });
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(`rotated to ${id}`);
    expect(rotated.stdout).toContain('retired test1');
    const old = await ekhtyar(['keys', 'rotate'], { DATABASE_URL: database.url });
    expect(old.code).not.toBe(0);
    expect(old.stderr).toContain(`EKHTYAR_DATA_KEYS lacks key "${id}"`);
    // Back to the test key, so later runs start from it.
    expect((await ekhtyar(['keys', 'rotate'], { DATABASE_URL: database.url, EKHTYAR_DATA_KEYS: `${TEST_DATA_KEYS},${next}` })).code).toBe(0);
  });

  it('adds a new key to a key file with --new-key and rotates to it', async () => {
    const file = path.join(dir, 'keys');
    fs.writeFileSync(file, `${TEST_DATA_KEYS}\n`, { mode: 0o600 });
    const result = await ekhtyar(['keys', 'rotate', '--new-key'], { DATABASE_URL: database.url, EKHTYAR_DATA_KEYS: '', EKHTYAR_DATA_KEY_FILE: file });
    expect(result.code).toBe(0);
    const keys = parseDataKeys(fs.readFileSync(file, 'utf8'));
    expect('keys' in keys && keys.keys.map((k) => k.id)).toEqual([expect.stringMatching(/^k\d{8}-/), 'test1']);
    expect(result.stdout).toContain(`rotated to ${'keys' in keys ? keys.keys[0]!.id : '?'}`);
    expect((await ekhtyar(['keys', 'rotate'], { DATABASE_URL: database.url, EKHTYAR_DATA_KEYS: '', EKHTYAR_DATA_KEY_FILE: file })).stdout).toContain('0 citizens');
    // Back to the test key, so later runs start from it.
    const added = 'keys' in keys ? formatDataKey(keys.keys[0]!) : '';
    expect((await ekhtyar(['keys', 'rotate'], { DATABASE_URL: database.url, EKHTYAR_DATA_KEYS: `${TEST_DATA_KEYS},${added}` })).code).toBe(0);
  });

  it('exits non-zero with a clear message on bad input, changing nothing', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [['keys', 'rotate', '--batch-size', 'lots'], {}, '--batch-size must be a whole number'],
      [['keys', 'rotate', '--batch-size', '0'], {}, '--batch-size must be a whole number'],
      [['keys', 'rotate', '--new-key'], {}, '--new-key adds a key to a key file'],
      [['keys', 'status'], { EKHTYAR_DATA_KEYS: 'k1:dG9vIHNob3J0' }, 'EKHTYAR_DATA_KEYS: key 1 ("k1") is not 32 bytes'],
      [['keys', 'status'], { EKHTYAR_DATA_KEYS: '', EKHTYAR_DATA_KEY_FILE: path.join(dir, 'missing') }, 'EKHTYAR_DATA_KEY_FILE: cannot read'],
      [['keys', 'retire', 'not an id'], {}, 'is not a key id'],
      [['keys', 'retire', 'test1'], {}, 'test1 is the current key'],
      [['keys', 'frobnicate'], {}, 'unknown command'],
    ];
    const state = async () => (await database.db.query(`select (select json_agg(k order by id) from data_keys k) as keys, (select json_agg(z order by id) from citizens z) as citizens`)).rows[0];
    const before = await state();
    for (const [args, env, message] of cases) {
      const result = await ekhtyar(args, { DATABASE_URL: database.url, ...env });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    expect(await state()).toEqual(before);
  });

  it('refuses to start in production without configured keys, naming the variables', async () => {
    const result = await ekhtyar(['start'], { DATABASE_URL: database.url, NODE_ENV: 'production', EKHTYAR_DATA_KEYS: '', PORT: '0' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('NODE_ENV=production needs the keys that seal personal data: set EKHTYAR_DATA_KEYS');
  });
});
