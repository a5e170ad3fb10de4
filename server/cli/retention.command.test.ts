import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ekhtyar } from '../../test/helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';

let database: TestDatabase;
let citizenId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  // A citizen whose one complaint closed (satisfied) eight years ago.
  citizenId = randomUUID();
  await database.db.query(`insert into citizens (id, name, phone, phone_lookup, language, created_at) values ($1, 'enc:x:y', 'enc:x:z', 'idx:x:w', 'ur', now() - interval '9 years')`, [citizenId]);
  const category = (await database.db.query('select id from categories limit 1')).rows[0].id;
  await database.db.query(
    `insert into complaints (id, code, state, category_id, citizen_id, channel, language, description, address, citizen_secret_hash, created_at, updated_at, closed_at)
     values ($1, 'KP-0000-0000', 'closed', $2, $3, 'web', 'ur', 'Long closed.', 'enc:x:a', '\\x00', now() - interval '9 years', now() - interval '8 years', now() - interval '8 years')`,
    [randomUUID(), category, citizenId],
  );
  // A citizen account last signed in six years ago.
  await database.db.query(
    `insert into citizen_accounts (id, phone, phone_lookup, created_at, updated_at, last_sign_in_at) values ($1, 'enc:x:p', 'idx:x:p', now() - interval '6 years', now() - interval '6 years', now() - interval '6 years')`,
    [randomUUID()],
  );
});
afterAll(() => database.drop());

const name = async () => (await database.db.query('select name from citizens where id = $1', [citizenId])).rows[0].name;

describe('ekhtyar retention anonymise', () => {
  it('counts on a dry run without changing anything, then anonymises', async () => {
    const dry = await ekhtyar(['retention', 'anonymise', '--closed-before-years', '5', '--dry-run'], { DATABASE_URL: database.url });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would anonymise 1 citizens');
    expect(dry.stdout).toContain('empty the address of 1 of their complaints');
    expect(dry.stdout).toContain('would delete 1 citizen accounts not signed in since');
    expect(await name()).toBe('enc:x:y');
    const real = await ekhtyar(['retention', 'anonymise', '--closed-before-years', '5'], { DATABASE_URL: database.url });
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('anonymised 1 citizens');
    expect(real.stdout).toContain('deleted 1 citizen accounts not signed in since');
    expect(await name()).toBeNull();
    expect((await database.db.query('select count(*)::int as n from citizen_accounts')).rows[0].n).toBe(0);
  });

  it('exits non-zero naming the option on bad input, changing nothing', async () => {
    const counts = async () => (await database.db.query('select count(*)::int as n from citizens where anonymised_at is not null')).rows[0].n;
    const before = await counts();
    for (const [args, message] of [
      [['retention', 'anonymise'], "required option '--closed-before-years <n>'"],
      [['retention', 'anonymise', '--closed-before-years', 'five'], '--closed-before-years must be a whole number from 1 to 100'],
      [['retention', 'anonymise', '--closed-before-years', '0'], '--closed-before-years must be a whole number from 1 to 100'],
      [['retention', 'anonymise', '--closed-before-years', '-3'], '--closed-before-years'],
      [['retention', 'anonymise', '--closed-before-years', '5', '--batch-size', '1.5'], '--batch-size must be a whole number'],
    ] as const) {
      const result = await ekhtyar([...args], { DATABASE_URL: database.url });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    expect(await counts()).toBe(before);
  });
});
