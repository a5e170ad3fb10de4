import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PruneBotFilesTask } from '../jobs/PruneBotFilesTask.js';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db, { EKHTYAR_BOT_TIMEOUT_HOURS: '24' });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const keep = (createdAt: Date) =>
  database.db.query(`insert into bot_media (id, channel, conversation_id, kind, filename, content_type, size_bytes, sha256, data, created_at) values ($1, 'whatsapp', $2, 'photo', 'photo-1.jpg', 'image/jpeg', 3, '\\x00', '\\x010203', $3)`, [randomUUID(), randomUUID(), createdAt]);

describe('abandoned files of the filing bot', () => {
  it('are deleted once their conversation has timed out with a day to spare, and no sooner', async () => {
    const now = new Date('2025-03-10T12:00:00Z');
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    for (const hours of [1, 47, 49, 400]) await keep(hoursAgo(hours));
    expect(await PruneBotFilesTask.run(database.db, app.services.filingBot, now)).toBe(2);
    const left = (await database.db.query('select created_at from bot_media order by created_at')).rows.map((r) => r.created_at.getTime());
    expect(left).toEqual([hoursAgo(47).getTime(), hoursAgo(1).getTime()]);
    // Safe to run twice.
    expect(await PruneBotFilesTask.run(database.db, app.services.filingBot, now)).toBe(0);
  });
});
