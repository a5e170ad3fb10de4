import { buildApp } from './app.js';
import type { Config } from './config.js';
import { startJobs } from './jobs/job-runner.js';
import type { Logger } from './logger.js';
import { connectDatabase, type Database } from './store/connect.js';
import { openAppPools, type AppPools } from './store/db.js';
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
  let pools: AppPools | null = null;
  try {
    // Migrations, seeding and the job queue use the owner's pool; everything the app does goes through the
    // row-level-security pools.
    pools = await openAppPools(database.url, config.dbPoolSize, log);
    const app = await buildApp({ config, db: pools.service, staffDb: pools.staff, logger: log });
    const jobs = config.jobs ? await startJobs({ databaseUrl: database.url, db: database.db, sla: app.services.sla, notifications: app.services.notifications, log }) : null;
    const url = await app.listen({ host: config.host, port: config.port });
    log.info({ url, database: database.where, pid: process.pid, jobs: config.jobs }, 'Ekhtyar is running');
    return {
      url,
      stop: async () => {
        await jobs?.stop();
        await app.close();
        await pools?.close();
        await database.close();
      },
    };
  } catch (error) {
    await pools?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
