import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { prepareDatabase, type Running } from '../main.js';

/** Workers in a row that may die before listening before the cluster gives up. */
const MAX_FAILED_STARTS = 5;

/**
 * Runs `config.workers` server processes sharing one port. This process prepares the database (and owns the
 * embedded PostgreSQL, if any), then forks workers that connect to it by URL; a worker that dies is replaced.
 * The app keeps no state in process memory that another process needs, so any worker can serve any request.
 */
export async function startCluster(config: Config, log: Logger): Promise<Running> {
  const database = await prepareDatabase(config, log);
  let stopping = false;
  const env = { DATABASE_URL: database.url, EKHTYAR_WORKERS: '1', EKHTYAR_SEED_ON_START: 'false' };
  const fork = (): Worker => cluster.fork(env);
  let failedStarts = 0;
  let giveUp: (error: Error) => void = () => undefined;
  const listened = new WeakSet<Worker>();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // A worker that dies before it ever listened is failing to start; replacing it for ever would only hide that.
    failedStarts = listened.has(worker) ? 0 : failedStarts + 1;
    if (failedStarts >= MAX_FAILED_STARTS) return giveUp(new Error(`server processes failed to start ${failedStarts} times in a row; see the log above`));
    log.error({ pid: worker.process.pid, code, signal }, 'server process died; starting another');
    // Not unref'd: while every worker is dead this timer is what keeps the primary alive. Unref'd, a busy machine
    // could see the database pool go idle in the gap, the event loop empty, and the primary exit 0 with no server.
    setTimeout(() => stopping || fork(), 1000);
  });
  // Ready once as many workers listen as asked for, counting a replacement for one that died while starting.
  const ready = new Promise<void>((resolve, reject) => {
    giveUp = reject;
    let listening = 0;
    cluster.on('listening', (worker) => {
      listened.add(worker);
      listening += 1;
      if (listening === config.workers) resolve();
    });
  });
  for (let i = 0; i < config.workers; i++) fork();
  try {
    await ready;
  } catch (error) {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    await database.close().catch(() => undefined);
    throw error;
  }
  log.info({ workers: config.workers, port: config.port, database: database.where }, 'Ekhtyar is running');
  return {
    stop: async () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        w.once('exit', () => resolve());
        w.process.kill('SIGTERM');
      })));
      await database.close().catch(() => undefined);
    },
  };
}
