import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { FieldCipher } from '../../server/domain/privacy/field-cipher.js';
import type { Db } from '../../server/store/db.js';
import { testCipher } from './keys.js';

/** The real app on a test database, without logging, sealing personal data with the test keys; use app.inject() to call it. */
export async function buildTestApp(db: Db, env: Record<string, string> = {}, cipher: FieldCipher = testCipher()): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const app = await buildApp({ config, db, cipher, logger: false });
  await app.ready();
  return app;
}
