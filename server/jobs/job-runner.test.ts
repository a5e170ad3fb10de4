import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { createLogger } from '../logger.js';
import { EscalateOverdueComplaintsTask } from './EscalateOverdueComplaintsTask.js';
import { startJobs, type JobRunner } from './job-runner.js';

let database: TestDatabase;
let app: FastifyInstance;
let jobs: JobRunner;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  jobs = await startJobs({ databaseUrl: database.url, sla: app.services.sla, notifications: app.services.notifications, log: createLogger({ logLevel: 'silent' }) });
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
});
