import { buildApp } from './app.js';
import type { Config } from './config.js';
import { loadDataKeys } from './data-keys.js';
import type { FieldCipher } from './domain/privacy/field-cipher.js';
import { startJobs } from './jobs/job-runner.js';
import { DataKeyService } from './services/data-key.service.js';
import type { Logger } from './logger.js';
import { connectDatabase, type Database } from './store/connect.js';
import { openAppPools, type AppPools } from './store/db.js';
import { migrate } from './store/migrate.js';
import { isSeeded, readProvinceSeed, writeProvinceSeed } from './store/seed.repository.js';

/** A running part of Ekhtyar that can be stopped. */
export interface Running {
  stop(): Promise<void>;
}

/**
 * Loads the data keys (before anything else: a process without usable keys must not start), opens the database
 * (embedded unless DATABASE_URL), applies migrations, checks the keys against the database's key registry, and
 * seeds KP on the first start.
 */
export async function prepareDatabase(config: Config, log: Logger): Promise<Database & { cipher: FieldCipher }> {
  const keys = loadDataKeys(config, log);
  const database = await connectDatabase(config, log);
  try {
    await migrate(database.db, log);
    // Keys that would misread the database (another key under a known id, a key it still needs missing) stop here.
    await new DataKeyService(database.db, keys.cipher).checkAndRegister(keys.source);
    if (config.seedOnStart && !(await isSeeded(database.db))) {
      const counts = await writeProvinceSeed(database.db, await readProvinceSeed());
      log.info(counts, 'seeded the Khyber Pakhtunkhwa configuration');
    }
    return { ...database, cipher: keys.cipher };
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
    const app = await buildApp({ config, db: pools.service, staffDb: pools.staff, cipher: database.cipher, logger: log });
    const jobs = config.jobs ? await startJobs({ databaseUrl: database.url, db: database.db, sla: app.services.sla, notifications: app.services.notifications, citizenAuth: app.services.citizenAuth, anchors: app.services.anchors, whatsappInbound: app.services.whatsappInbound, smsInbound: app.services.smsInbound, emailInbound: config.emailIntake ? app.services.emailInbound : undefined, filingBot: app.services.filingBot, spikeAlerts: app.services.spikeAlerts, breachRisk: app.services.breachRisk, routerModels: { service: app.services.routerModels, cron: config.routing.retrainCron }, log }) : null;
    const url = await app.listen({ host: config.host, port: config.port });
    const { emailIntake } = config;
    const smtp = emailIntake
      ? await app.services.emailInbound.listen({ ...emailIntake, serverName: new URL(config.publicUrl).hostname }).catch(async (error: unknown) => {
          // The SMTP port taken: stop what started, so the process exits instead of serving without its mail intake.
          await jobs?.stop();
          await app.close();
          throw error;
        })
      : null;
    if (smtp) log.info({ port: smtp.port, addresses: emailIntake?.addresses.length }, 'taking complaints by e-mail (SMTP)');
    log.info({ url, database: database.where, pid: process.pid, jobs: config.jobs }, 'Ekhtyar is running');
    return {
      url,
      stop: async () => {
        // Mail first: no new message is accepted that the closing app could not store.
        await smtp?.close();
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
