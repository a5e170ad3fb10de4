import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { prepareDatabase, type Running } from '../main.js';

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
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, 'server process died; starting another');
    setTimeout(() => stopping || fork(), 1000).unref();
  });
  await Promise.all(Array.from({ length: config.workers }, () => new Promise((resolve) => fork().once('listening', resolve))));
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
