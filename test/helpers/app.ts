import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Db } from '../../server/store/db.js';

/** The real app on a test database, without logging; use app.inject() to call it. */
export async function buildTestApp(db: Db, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const app = await buildApp({ config, db, logger: false });
  await app.ready();
  return app;
}
