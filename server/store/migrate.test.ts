import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { openPool } from './db.js';
import { migrate, readMigrations } from './migrate.js';
import { isSeeded, readProvinceSeed, writeProvinceSeed } from './seed.repository.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
});
afterAll(() => database.drop());

describe('migrations and seed on an empty database', () => {
  it('applies every migration once even when several processes start together', async () => {
    const pools = await Promise.all([1, 2, 3].map(() => openPool(database.url, 2)));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool)));
      const all = (await readMigrations()).map((m) => m.version);
      expect(applied.flat().sort()).toEqual(all.sort());
      expect(await migrate(database.db)).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('seeds the province on first start, and a second seed adds nothing', async () => {
    expect(await isSeeded(database.db)).toBe(false);
    const seed = await readProvinceSeed();
    const first = await writeProvinceSeed(database.db, seed);
    expect(first.areas).toBe(seed.areas.length);
    expect(first.categories).toBe(seed.categories.length);
    const districtLevel = seed.departments.filter((d) => d.officeLevel === 'district').length;
    expect(first.offices).toBeGreaterThanOrEqual(districtLevel * 35);
    expect(await isSeeded(database.db)).toBe(true);
    expect(await writeProvinceSeed(database.db, seed)).toEqual({ areas: 0, departments: 0, offices: 0, categories: 0, holidays: 0, categoryAttributes: 0 });
    expect(first.holidays).toBe(seed.holidays.length);
    const { rows } = await database.db.query(`select count(*)::int as n from areas where level = 'district' and boundary is not null`);
    expect(rows[0].n).toBe(35);
  });

  it("a re-seed brings categories' extra-field definitions up to the seed's, and keeps an administrator's other edits", async () => {
    const seed = await readProvinceSeed();
    const asking = seed.categories.filter((c) => (c.attributes ?? []).length > 0);
    // As a database seeded before the definitions existed (or with older ones) would be, with a renamed category.
    await database.db.query(`update categories set attributes = '[]', name_en = 'Renamed by an administrator' where id = $1`, [asking[0]!.id]);
    await database.db.query(`update categories set attributes = '[]' where id = any($1::text[])`, [asking.slice(1, 3).map((c) => c.id)]);
    expect(await writeProvinceSeed(database.db, seed)).toEqual({ areas: 0, departments: 0, offices: 0, categories: 0, holidays: 0, categoryAttributes: 3 });
    const { rows } = await database.db.query('select name_en, attributes from categories where id = $1', [asking[0]!.id]);
    expect(rows[0]).toEqual({ name_en: 'Renamed by an administrator', attributes: asking[0]!.attributes });
    expect((await writeProvinceSeed(database.db, seed)).categoryAttributes).toBe(0);
  });
});
