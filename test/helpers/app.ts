import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { FieldCipher } from '../../server/domain/privacy/field-cipher.js';
import { openAppPools, type Db } from '../../server/store/db.js';
import { testCipher } from './keys.js';

// Abuse limits are off unless a test sets them: most tests file many complaints from one address and one phone.
const NO_LIMITS = { EKHTYAR_RATE_LIMIT_IP: 'off', EKHTYAR_RATE_LIMIT_CITIZEN: 'off', EKHTYAR_DAILY_CAP: 'off' };

/**
 * The real app on a test database, without logging, sealing personal data with the test keys; use app.inject() to
 * call it. Rate limits are off unless set in `env`. `db` is the test's own (owner) pool, for its assertions; the app
 * gets the row-level-security pools production uses, opened on the same database and closed with the app.
 */
export async function buildTestApp(db: Db, env: Record<string, string> = {}, cipher: FieldCipher = testCipher(), options: { webRoot?: string } = {}): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', ...NO_LIMITS, ...env });
  const url = (db as unknown as { options: { connectionString: string } }).options.connectionString;
  const pools = await openAppPools(url, 4);
  const app = await buildApp({ config, db: pools.service, staffDb: pools.staff, cipher, logger: false, onClosed: () => pools.close(), ...options });
  await app.ready();
  return app;
}
