import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { createLogger } from '../logger.js';
import { AnchorAuditChainsTask } from './AnchorAuditChainsTask.js';
import { EscalateOverdueComplaintsTask } from './EscalateOverdueComplaintsTask.js';
import { JudgeSpikeAlertsTask } from './JudgeSpikeAlertsTask.js';
import { PruneIdempotencyKeysTask } from './PruneIdempotencyKeysTask.js';
import { PruneRateCountersTask } from './PruneRateCountersTask.js';
import { TrainBreachRiskModelTask } from './TrainBreachRiskModelTask.js';
import { startJobs, type JobRunner } from './job-runner.js';

let database: TestDatabase;
let app: FastifyInstance;
let jobs: JobRunner;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  jobs = await startJobs({ databaseUrl: database.url, db: database.db, sla: app.services.sla, notifications: app.services.notifications, anchors: app.services.anchors, log: createLogger({ logLevel: 'silent' }) });
});
afterAll(async () => {
  await jobs.stop();
  await app.close();
  await database.drop();
});

describe('durable jobs', () => {
  it('schedules the SLA sweep every minute in the database, where it survives restarts', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('select name, cron from pgboss.schedule');
    await client.end();
    expect(rows).toContainEqual(expect.objectContaining({ name: EscalateOverdueComplaintsTask.name, cron: '* * * * *' }));
    expect(rows).toContainEqual(expect.objectContaining({ name: PruneIdempotencyKeysTask.name }));
    expect(rows).toContainEqual(expect.objectContaining({ name: PruneRateCountersTask.name }));
    expect(rows).toContainEqual(expect.objectContaining({ name: AnchorAuditChainsTask.name, cron: '5 0 * * *' }));
    expect(rows).toContainEqual(expect.objectContaining({ name: JudgeSpikeAlertsTask.name, cron: '30 6 * * *' }));
    expect(rows).toContainEqual(expect.objectContaining({ name: TrainBreachRiskModelTask.name, cron: '30 2 * * *' }));
  });

  it('forgets Idempotency-Keys (and the secret copies) after a day, keeping recent ones', async () => {
    const category = (await database.db.query('select id from categories limit 1')).rows[0].id;
    const input = { categoryId: category, description: 'Idempotent submission for pruning.', anonymous: true };
    await app.services.intake.submit(input, 'old-key-123456');
    await app.services.intake.submit({ ...input, description: 'Another idempotent submission.' }, 'new-key-123456');
    await database.db.query(`update idempotency_keys set created_at = now() - interval '2 days' where key = 'old-key-123456'`);
    expect(await PruneIdempotencyKeysTask.run(database.db)).toBe(1);
    const { rows } = await database.db.query('select key from idempotency_keys order by key');
    expect(rows.map((r) => r.key)).toEqual(['new-key-123456']);
  });

  it('runs the sweep as a job: an overdue complaint is escalated by a worker', async () => {
    const category = (await database.db.query('select id from categories limit 1')).rows[0].id;
    const area = (await database.db.query(`select id from areas where level = 'district' limit 1`)).rows[0].id;
    const { code } = await app.services.intake.submit({ categoryId: category, description: 'Overdue for the job runner.', location: { areaId: area }, anonymous: true }, null, new Date('2024-01-08T10:00:00+05:00'));
    await jobs.runNow(EscalateOverdueComplaintsTask.name);
    let level = 0;
    for (let i = 0; i < 100 && level === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      level = (await database.db.query('select escalation_level from complaints where code = $1', [code])).rows[0].escalation_level;
    }
    expect(level).toBe(1);
  });

  it('writes an audit anchor as a job', async () => {
    await jobs.runNow(AnchorAuditChainsTask.name);
    let anchors = 0;
    for (let i = 0; i < 100 && anchors === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      anchors = (await database.db.query('select count(*)::int as n from audit_anchors')).rows[0].n;
    }
    expect(anchors).toBe(1);
  });

  it('starts side by side with another process on a database that has no job tables yet', async () => {
    const fresh = await createTestDatabase();
    const log = createLogger({ logLevel: 'silent' });
    const freshApp = await buildTestApp(fresh.db);
    try {
      const runners = await Promise.all([1, 2, 3].map(() => startJobs({ databaseUrl: fresh.url, db: fresh.db, sla: freshApp.services.sla, notifications: freshApp.services.notifications, anchors: freshApp.services.anchors, log })));
      await Promise.all(runners.map((r) => r.stop()));
    } finally {
      await freshApp.close();
      await fresh.drop();
    }
  }, 60_000);
});
