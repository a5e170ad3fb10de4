import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { seedDemo } from '../cli/demo.js';
import { eventsInChainOrder, type ChainedEvent } from './audit-chain.repository.js';
import { KeysetReader } from './keyset-reader.js';
import { testCipher } from '../../test/helpers/keys.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, testCipher(), 12);
});
afterAll(() => database.drop());

describe('reading the chains for verification', () => {
  it('reads event times as epoch milliseconds that give the very Date pg parses from the timestamp text', async () => {
    // Microseconds, times before 1970 and far ahead: the verifier must rebuild exactly the Date that was hashed.
    const micros = fc.bigInt({ min: -2_208_988_800_000_000n, max: 7_258_118_400_000_000n });
    await fc.assert(
      fc.asyncProperty(fc.array(micros, { minLength: 1, maxLength: 50 }), async (values) => {
        const { rows } = await database.db.query(
          `select t, floor(extract(epoch from t) * 1000)::float8 as ms
             from unnest($1::bigint[]) as u(us), lateral (select to_timestamp(0) + u.us * interval '1 microsecond' as t) x`,
          [values.map(String)],
        );
        for (const r of rows) expect(new Date(r.ms).toISOString()).toBe((r.t as Date).toISOString());
      }),
      { numRuns: 30 },
    );
  });

  it('pages through every event once, in chain order, whatever the page size', async () => {
    const { rows } = await database.db.query('select complaint_id, seq from complaint_events order by complaint_id, seq');
    const expected = rows.map((r) => `${r.complaint_id}/${r.seq}`);
    for (const size of [1, 3, 50, 10_000]) {
      const reader = new KeysetReader<ChainedEvent>((last) => eventsInChainOrder(database.db, last, size), size);
      const seen: string[] = [];
      while (reader.hasRow() || (await reader.loadMore())) {
        seen.push(`${reader.row.complaintId}/${reader.row.seq}`);
        reader.advance();
      }
      expect(seen).toEqual(expected);
    }
  });
});
