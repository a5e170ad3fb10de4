import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openPool, type Db } from '../../server/store/db.js';
import { adminQuery, withDatabase } from '../global-setup.js';

/** A database of one's own, copied from the migrated and seeded template. */
export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** Creates a fresh copy of the seeded template database for one test file (or an empty one, for migrations). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `ekhtyar_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name} template ${options.empty ? 'template0' : inject('templateDatabase')}`);
  const url = withDatabase(adminUrl, name);
  const db = await openPool(url, 10);
  return {
    db,
    url,
    drop: async () => {
      await db.end();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
