import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { connectDatabase } from './store/connect.js';
import { migrate } from './store/migrate.js';
import { isSeeded, readProvinceSeed, writeProvinceSeed } from './store/seed.repository.js';

/** Starts Ekhtyar: database (embedded unless DATABASE_URL), migrations, first-start seed, then the HTTP server. */
export async function startServer(config: Config, log: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  const database = await connectDatabase(config, log);
  try {
    await migrate(database.db, log);
    if (config.seedOnStart && !(await isSeeded(database.db))) {
      const counts = await writeProvinceSeed(database.db, await readProvinceSeed());
      log.info(counts, 'seeded the Khyber Pakhtunkhwa configuration');
    }
    const app = await buildApp({ config, db: database.db, logger: log });
    const url = await app.listen({ host: config.host, port: config.port });
    log.info({ url, database: database.where }, 'Ekhtyar is running');
    return {
      url,
      stop: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}
