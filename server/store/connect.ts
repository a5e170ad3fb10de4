import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openPool, type Db } from './db.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** An open database and how to let it go. */
export interface Database {
  db: Db;
  /** Where it is, without the password, for logs. */
  where: string;
  /** How to connect to it (with credentials), for worker processes. */
  url: string;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL under the data folder when it is not set. */
export async function connectDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'embeddedPgPort' | 'dbPoolSize'>, log: Logger): Promise<Database> {
  if (config.databaseUrl) {
    const db = await openPool(config.databaseUrl, config.dbPoolSize, log).catch((error: Error) => {
      throw new Error(`cannot connect to DATABASE_URL (${redact(config.databaseUrl ?? '')}): ${error.message}`);
    });
    return { db, where: redact(config.databaseUrl), url: config.databaseUrl, close: () => db.end() };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: 'ekhtyar', log });
  const db = await openPool(embedded.url, config.dbPoolSize, log);
  return {
    db,
    where: `embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort} (${config.dataDir})`,
    url: embedded.url,
    close: async () => {
      await db.end();
      await embedded.stop();
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
