import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Db } from '../../server/store/db.js';

// Abuse limits are off unless a test sets them: most tests file many complaints from one address and one phone.
const NO_LIMITS = { EKHTYAR_RATE_LIMIT_IP: 'off', EKHTYAR_RATE_LIMIT_CITIZEN: 'off', EKHTYAR_DAILY_CAP: 'off' };

/** The real app on a test database, without logging; use app.inject() to call it. Rate limits are off unless set in `env`. */
export async function buildTestApp(db: Db, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', ...NO_LIMITS, ...env });
  const app = await buildApp({ config, db, logger: false });
  await app.ready();
  return app;
}
