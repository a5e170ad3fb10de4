import PgBoss from 'pg-boss';
import type { Logger } from '../logger.js';
import type { SlaService } from '../services/sla.service.js';
import { EscalateOverdueComplaintsTask } from './EscalateOverdueComplaintsTask.js';

/** The durable job runner of one process: pg-boss 10 on the same PostgreSQL (schema pgboss). */
export interface JobRunner {
  /** Queues a task now, outside its schedule (operations, tests). */
  runNow(task: typeof EscalateOverdueComplaintsTask.name): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss and registers the scheduled tasks. Every process may run this: pg-boss creates one job per
 * cron tick across all of them and hands each job to one worker, and jobs survive restarts in the database.
 */
export async function startJobs(options: { databaseUrl: string; sla: SlaService; log: Logger }): Promise<JobRunner> {
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
  return {
    runNow: async (name) => {
      await boss.send(name, {});
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
