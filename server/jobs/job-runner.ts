import PgBoss from 'pg-boss';
import type { Logger } from '../logger.js';
import type { CitizenAuthService } from '../services/citizen-auth.service.js';
import type { NotificationService } from '../services/notification.service.js';
import type { SlaService } from '../services/sla.service.js';
import type { SpikeAlertService } from '../services/spike-alert.service.js';
import type { AuditAnchorService } from '../services/audit-anchor.service.js';
import type { BreachRiskService } from '../services/breach-risk.service.js';
import type { FilingBotService } from '../services/filing-bot.service.js';
import type { SmsInboundService } from '../services/sms-inbound.service.js';
import type { EmailInboundService } from '../services/email-inbound.service.js';
import type { WhatsAppInboundService } from '../services/whatsapp-inbound.service.js';
import { withAdvisoryLock, type Db } from '../store/db.js';
import { AnchorAuditChainsTask } from './AnchorAuditChainsTask.js';
import { EscalateOverdueComplaintsTask } from './EscalateOverdueComplaintsTask.js';
import { JudgeSpikeAlertsTask } from './JudgeSpikeAlertsTask.js';
import { PruneBotFilesTask } from './PruneBotFilesTask.js';
import { PruneCitizenSignInTask } from './PruneCitizenSignInTask.js';
import { PruneIdempotencyKeysTask } from './PruneIdempotencyKeysTask.js';
import { PruneRateCountersTask } from './PruneRateCountersTask.js';
import { TrainBreachRiskModelTask } from './TrainBreachRiskModelTask.js';
import { RetrainRoutingModelTask } from './RetrainRoutingModelTask.js';
import type { RouterModelService } from '../services/router-model.service.js';

const JOBS_SETUP_LOCK = 0x656b6a62; // "ekjb"

/** The durable job runner of one process: pg-boss 10 on the same PostgreSQL (schema pgboss). */
export interface JobRunner {
  /** Queues a task now, outside its schedule (operations, tests). */
  runNow(task: typeof EscalateOverdueComplaintsTask.name | typeof PruneIdempotencyKeysTask.name | typeof PruneRateCountersTask.name | typeof PruneCitizenSignInTask.name | typeof AnchorAuditChainsTask.name | typeof PruneBotFilesTask.name | typeof JudgeSpikeAlertsTask.name | typeof TrainBreachRiskModelTask.name | typeof RetrainRoutingModelTask.name): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss and registers the scheduled tasks. Every process may run this: pg-boss creates one job per
 * cron tick across all of them and hands each job to one worker, and jobs survive restarts in the database.
 */
export async function startJobs(options: { databaseUrl: string; db: Db; sla: SlaService; notifications: NotificationService; citizenAuth?: CitizenAuthService; anchors: AuditAnchorService; whatsappInbound?: WhatsAppInboundService; smsInbound?: SmsInboundService; emailInbound?: EmailInboundService; filingBot?: FilingBotService; spikeAlerts?: SpikeAlertService; breachRisk?: BreachRiskService; routerModels?: { service: RouterModelService; cron: string | null }; log: Logger; deliveryIntervalMs?: number }): Promise<JobRunner> {
  const task = EscalateOverdueComplaintsTask;
  const prune = PruneIdempotencyKeysTask;
  const pruneCounters = PruneRateCountersTask;
  const pruneSignIn = PruneCitizenSignInTask;
  const anchor = AnchorAuditChainsTask;
  const pruneBotFiles = PruneBotFilesTask;
  const judgeSpikes = JudgeSpikeAlertsTask;
  const trainRisk = TrainBreachRiskModelTask;
  const retrain = RetrainRoutingModelTask;
  // Processes starting together race to create pg-boss's tables and deadlock creating the same queues: they take turns.
  const boss = await withAdvisoryLock(options.db, JOBS_SETUP_LOCK, async () => {
    const started = await startBoss(options.databaseUrl, options.log);
    await started.createQueue(task.name, { name: task.name, policy: 'standard', retryLimit: task.retryLimit, retryBackoff: true });
    await started.schedule(task.name, task.cron, {}, { tz: 'Asia/Karachi' });
    await started.createQueue(prune.name, { name: prune.name, policy: 'standard', retryLimit: prune.retryLimit, retryBackoff: true });
    await started.schedule(prune.name, prune.cron, {}, { tz: 'Asia/Karachi' });
    await started.createQueue(pruneCounters.name, { name: pruneCounters.name, policy: 'standard', retryLimit: pruneCounters.retryLimit, retryBackoff: true });
    await started.schedule(pruneCounters.name, pruneCounters.cron, {}, { tz: 'Asia/Karachi' });
    await started.createQueue(pruneSignIn.name, { name: pruneSignIn.name, policy: 'standard', retryLimit: pruneSignIn.retryLimit, retryBackoff: true });
    await started.schedule(pruneSignIn.name, pruneSignIn.cron, {}, { tz: 'Asia/Karachi' });
    await started.createQueue(anchor.name, { name: anchor.name, policy: 'standard', retryLimit: anchor.retryLimit, retryBackoff: true });
    await started.schedule(anchor.name, anchor.cron, {}, { tz: 'Asia/Karachi' });
    await started.createQueue(pruneBotFiles.name, { name: pruneBotFiles.name, policy: 'standard', retryLimit: pruneBotFiles.retryLimit, retryBackoff: true });
    await started.schedule(pruneBotFiles.name, pruneBotFiles.cron, {}, { tz: 'Asia/Karachi' });
    await started.createQueue(judgeSpikes.name, { name: judgeSpikes.name, policy: 'standard', retryLimit: judgeSpikes.retryLimit, retryBackoff: true });
    await started.schedule(judgeSpikes.name, judgeSpikes.cron, {}, { tz: 'Asia/Karachi' });
    await started.createQueue(trainRisk.name, { name: trainRisk.name, policy: 'standard', retryLimit: trainRisk.retryLimit, retryBackoff: true });
    await started.schedule(trainRisk.name, trainRisk.cron, {}, { tz: 'Asia/Karachi' });
    await started.createQueue(retrain.name, { name: retrain.name, policy: 'standard', retryLimit: retrain.retryLimit });
    // EKHTYAR_RETRAIN_CRON=off: no schedule (and one set before is taken away); `ekhtyar model retrain` still works.
    if (options.routerModels?.cron) await started.schedule(retrain.name, options.routerModels.cron, {}, { tz: 'Asia/Karachi' });
    else await started.unschedule(retrain.name);
    return started;
  });
  await boss.work(task.name, async () => {
    const result = await task.run(options.sla);
    if (result.reminded + result.escalated + result.exhausted > 0) options.log.info(result, 'SLA sweep');
  });
  await boss.work(prune.name, async () => {
    const removed = await prune.run(options.db);
    if (removed > 0) options.log.info({ removed }, 'idempotency keys pruned');
  });
  await boss.work(pruneCounters.name, async () => {
    const removed = await pruneCounters.run(options.db);
    if (removed > 0) options.log.info({ removed }, 'rate counters pruned');
  });
  await boss.work(pruneSignIn.name, async () => {
    if (!options.citizenAuth) return;
    const removed = await pruneSignIn.run(options.citizenAuth);
    if (removed.codes + removed.sessions + removed.counters > 0) options.log.info(removed, 'citizen sign-in data pruned');
  });
  await boss.work(anchor.name, async () => {
    const { anchor: written, mailed } = await anchor.run(options.anchors);
    options.log.info({ anchor: written.id, hash: written.hash.toString('hex'), events: written.eventCount, mailed: mailed?.ok ?? false }, 'audit anchor written');
  });
  await boss.work(pruneBotFiles.name, async () => {
    if (!options.filingBot) return;
    const removed = await pruneBotFiles.run(options.db, options.filingBot);
    if (removed > 0) options.log.info({ removed }, 'abandoned filing bot files pruned');
  });
  await boss.work(judgeSpikes.name, async () => {
    if (!options.spikeAlerts) return;
    const judged = await judgeSpikes.run(options.spikeAlerts);
    options.log.info(judged, 'spike alerts judged');
  });
  await boss.work(trainRisk.name, async () => {
    if (!options.breachRisk) return;
    const { id, result } = await trainRisk.run(options.breachRisk);
    options.log.info({ model: id, kind: result.model.kind, episodes: result.episodes, fallback: result.fallback, ece: result.heldOut?.ece ?? null, brierRatio: result.heldOut?.brierRatio ?? null }, 'breach-risk model trained');
  });
  await boss.work(retrain.name, async () => {
    if (!options.routerModels) return;
    const result = await retrain.run(options.routerModels.service);
    if (result.outcome !== 'refused') options.log.info({ version: result.model.version, outcome: result.outcome, macroF1: result.model.macroF1, comparedMacroF1: result.model.comparedMacroF1 }, 'routing model retrained');
  });
  const delivery = startDeliveryLoop(options.notifications, options.log, options.deliveryIntervalMs ?? 2000);
  // Inbound messages are their own durable queue too (rows not yet processed): this picks up whatever a webhook
  // stored but could not process, because its process died after answering or processes only on this loop.
  const { whatsappInbound } = options;
  const inbound = whatsappInbound
    ? startLoop(() => whatsappInbound.processPending(), (round) => round.processed + round.retried > 0 && options.log.info(round, 'WhatsApp inbound processed'), 'WhatsApp inbound processing failed', options.log, options.deliveryIntervalMs ?? 2000)
    : null;
  const { smsInbound } = options;
  const sms = smsInbound
    ? startLoop(() => smsInbound.processPending(), (round) => round.processed + round.retried > 0 && options.log.info(round, 'SMS inbound processed'), 'SMS inbound processing failed', options.log, options.deliveryIntervalMs ?? 2000)
    : null;
  const { emailInbound } = options;
  const mail = emailInbound
    ? startLoop(() => emailInbound.processPending(), (round) => round.processed + round.retried > 0 && options.log.info(round, 'e-mail inbound processed'), 'e-mail inbound processing failed', options.log, options.deliveryIntervalMs ?? 2000)
    : null;
  return {
    runNow: async (name) => {
      await boss.send(name, {});
    },
    stop: async () => {
      await delivery.stop();
      await inbound?.stop();
      await sms?.stop();
      await mail?.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

// Processes starting together on a new database race to create pg-boss's schema, and the loser's start fails;
// by the next try (with a fresh instance) the schema is there.
async function startBoss(databaseUrl: string, log: Logger, attempts = 5): Promise<PgBoss> {
  for (let attempt = 1; ; attempt++) {
    const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', application_name: 'ekhtyar-jobs', max: 4 });
    boss.on('error', (error) => log.error({ err: error }, 'job runner error'));
    try {
      return await boss.start();
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      if (attempt >= attempts) throw error;
      log.warn({ err: error, attempt }, 'job runner did not start; trying again');
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/**
 * Delivers the outbox every few seconds. The outbox itself is the durable queue (rows committed with the change
 * that caused them), so this loop holds no state: any process may run it, and a restarted one carries on.
 */
function startDeliveryLoop(notifications: NotificationService, log: Logger, intervalMs: number) {
  return startLoop(() => notifications.deliverDue(), (round) => round.sent + round.failed + round.retried > 0 && log.info(round, 'outbox delivered'), 'outbox delivery failed', log, intervalMs);
}

/** Runs `work` every `intervalMs`, never two at once; stop() waits for the round in flight. */
function startLoop<T>(work: () => Promise<T>, report: (result: T) => unknown, failure: string, log: Logger, intervalMs: number) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = work()
      .then(report)
      .catch((error: unknown) => log.error({ err: error }, failure))
      .finally(() => (busy = false));
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
