import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { PgListener } from './listener.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe('PgListener', () => {
  it('hears notices, survives its connection being killed (reconnects once, tells its owner), and closes cleanly', async () => {
    const heard: string[] = [];
    let reconnects = 0;
    const listener = new PgListener(database.db, 'listener_test', (p) => heard.push(p), () => (reconnects += 1));
    await listener.start();
    await database.db.query(`select pg_notify('listener_test', 'one')`);
    await until(() => heard.includes('one'), 'the first notice');
    // Kill the listening backend twice in a row: each loss gives the client back once and reconnects.
    for (let round = 1; round <= 2; round++) {
      await database.db.query(`select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen listener_test' and pid <> pg_backend_pid()`);
      await until(() => reconnects === round, `reconnection ${round}`);
    }
    await database.db.query(`select pg_notify('listener_test', 'two')`);
    await until(() => heard.includes('two'), 'a notice after reconnecting');
    await listener.close();
    expect(reconnects).toBe(2);
    expect(database.db.totalCount - database.db.idleCount).toBe(0);
  }, 30_000);
});
