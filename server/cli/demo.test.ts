import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { testCipher } from '../../test/helpers/keys.js';
import { verifyChain } from '../domain/audit/event-hash.js';
import { ComplaintRepository } from '../store/complaint.repository.js';
import { seedDemo } from './demo.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('demo data', () => {
  it('adds a year of complaints walked through the real lifecycle, with intact event chains', async () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(await seedDemo(database.db, testCipher(), 400, now)).toBe(400);
    const { rows } = await database.db.query(`select state, count(*)::int as n, min(created_at) as first from complaints group by state`);
    const states: Record<string, number> = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    expect(Object.values(states).reduce((a, b) => a + b, 0)).toBe(400);
    expect(states.closed).toBeGreaterThan(100);
    expect(Object.keys(states).length).toBeGreaterThanOrEqual(4);
    const first = new Date(Math.min(...rows.map((r) => r.first.getTime())));
    expect(now.getTime() - first.getTime()).toBeGreaterThan(300 * 24 * 3600 * 1000);
    // Only the citizen's "satisfied" closes: every closed demo complaint ends with that event.
    const closedEnds = await database.db.query(
      `select e.type from complaints c join complaint_events e on e.complaint_id = c.id and e.seq = c.event_count where c.state = 'closed'`,
    );
    expect(new Set(closedEnds.rows.map((r) => r.type))).toEqual(new Set(['citizen_satisfied']));
    const repo = new ComplaintRepository(testCipher());
    const sample = await database.db.query('select id from complaints order by random() limit 20');
    for (const { id } of sample.rows) expect(verifyChain(await repo.events(database.db, id, true))).toBeNull();
  });
});
