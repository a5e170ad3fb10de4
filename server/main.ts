import { buildApp } from './app.js';
import type { Config } from './config.js';
import { startJobs } from './jobs/job-runner.js';
import type { Logger } from './logger.js';
import { connectDatabase, type Database } from './store/connect.js';
import { migrate } from './store/migrate.js';
import { isSeeded, readProvinceSeed, writeProvinceSeed } from './store/seed.repository.js';

/** A running part of Ekhtyar that can be stopped. */
export interface Running {
  stop(): Promise<void>;
}

/** Opens the database (embedded unless DATABASE_URL), applies migrations and seeds KP on the first start. */
export async function prepareDatabase(config: Config, log: Logger): Promise<Database> {
  const database = await connectDatabase(config, log);
  try {
    await migrate(database.db, log);
    if (config.seedOnStart && !(await isSeeded(database.db))) {
      const counts = await writeProvinceSeed(database.db, await readProvinceSeed());
      log.info(counts, 'seeded the Khyber Pakhtunkhwa configuration');
    }
    return database;
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** Starts Ekhtyar in this process: the database, then the HTTP server. */
export async function startServer(config: Config, log: Logger): Promise<Running & { url: string }> {
  const database = await prepareDatabase(config, log);
  try {
    const app = await buildApp({ config, db: database.db, logger: log });
    const jobs = config.jobs ? await startJobs({ databaseUrl: database.url, db: database.db, sla: app.services.sla, notifications: app.services.notifications, anchors: app.services.anchors, log }) : null;
    const url = await app.listen({ host: config.host, port: config.port });
    log.info({ url, database: database.where, pid: process.pid, jobs: config.jobs }, 'Ekhtyar is running');
    return {
      url,
      stop: async () => {
        await jobs?.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
