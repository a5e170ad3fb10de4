import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import type * as TrackingCode from '../domain/tracking-code.js';
import { seedDemo } from './demo.js';
import { testCipher } from '../../test/helpers/keys.js';

// The next codes the generator hands out, before it goes back to random ones.
const forced = vi.hoisted(() => ({ codes: [] as string[] }));
vi.mock('../domain/tracking-code.js', async (importOriginal) => {
  const original = await importOriginal<typeof TrackingCode>();
  return { ...original, generateTrackingCode: (...args: Parameters<typeof original.generateTrackingCode>) => forced.codes.shift() ?? original.generateTrackingCode(...args) };
});

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('demo data at scale', () => {
  it('writes a batch again with new codes when a random code is already taken', async () => {
    await seedDemo(database.db, testCipher(), 1);
    const taken = (await database.db.query('select code from complaints')).rows[0].code as string;
    forced.codes.push(taken);
    expect(await seedDemo(database.db, testCipher(), 3)).toBe(3);
    const { rows } = await database.db.query('select count(*)::int as n, count(distinct code)::int as codes from complaints');
    expect(rows[0]).toEqual({ n: 4, codes: 4 });
  });
});
