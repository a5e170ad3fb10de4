import PgBoss from 'pg-boss';
import type { Logger } from '../logger.js';
import type { NotificationService } from '../services/notification.service.js';
import type { SlaService } from '../services/sla.service.js';
import type { Db } from '../store/db.js';
import { EscalateOverdueComplaintsTask } from './EscalateOverdueComplaintsTask.js';
import { PruneIdempotencyKeysTask } from './PruneIdempotencyKeysTask.js';

/** The durable job runner of one process: pg-boss 10 on the same PostgreSQL (schema pgboss). */
export interface JobRunner {
  /** Queues a task now, outside its schedule (operations, tests). */
  runNow(task: typeof EscalateOverdueComplaintsTask.name | typeof PruneIdempotencyKeysTask.name): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss and registers the scheduled tasks. Every process may run this: pg-boss creates one job per
 * cron tick across all of them and hands each job to one worker, and jobs survive restarts in the database.
 */
export async function startJobs(options: { databaseUrl: string; db: Db; sla: SlaService; notifications: NotificationService; log: Logger; deliveryIntervalMs?: number }): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: options.databaseUrl, schema: 'pgboss', application_name: 'ekhtyar-jobs', max: 4 });
  boss.on('error', (error) => options.log.error({ err: error }, 'job runner error'));
  await boss.start();
  const task = EscalateOverdueComplaintsTask;
  await boss.createQueue(task.name, { name: task.name, policy: 'standard', retryLimit: task.retryLimit, retryBackoff: true });
  await boss.schedule(task.name, task.cron, {}, { tz: 'Asia/Karachi' });
  await boss.work(task.name, async () => {
    const result = await task.run(options.sla);
    if (result.reminded + result.escalated + result.exhausted > 0) options.log.info(result, 'SLA sweep');
  });
  const prune = PruneIdempotencyKeysTask;
  await boss.createQueue(prune.name, { name: prune.name, policy: 'standard', retryLimit: prune.retryLimit, retryBackoff: true });
  await boss.schedule(prune.name, prune.cron, {}, { tz: 'Asia/Karachi' });
  await boss.work(prune.name, async () => {
    const removed = await prune.run(options.db);
    if (removed > 0) options.log.info({ removed }, 'idempotency keys pruned');
  });
  const delivery = startDeliveryLoop(options.notifications, options.log, options.deliveryIntervalMs ?? 2000);
  return {
    runNow: async (name) => {
      await boss.send(name, {});
    },
    stop: async () => {
      await delivery.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/**
 * Delivers the outbox every few seconds. The outbox itself is the durable queue (rows committed with the change
 * that caused them), so this loop holds no state: any process may run it, and a restarted one carries on.
 */
function startDeliveryLoop(notifications: NotificationService, log: Logger, intervalMs: number) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = notifications
      .deliverDue()
      .then((round) => round.sent + round.failed + round.retried > 0 && log.info(round, 'outbox delivered'))
      .catch((error: unknown) => log.error({ err: error }, 'outbox delivery failed'))
      .finally(() => (busy = false));
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
