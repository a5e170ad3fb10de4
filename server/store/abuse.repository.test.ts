import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { hit, windowStartOf, type WindowCounter } from '../domain/abuse/rate-limit.js';
import { AbuseRepository, RateCounterWriter } from './abuse.repository.js';

let database: TestDatabase;
const repository = new AbuseRepository();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const counterHit = (keyHash: Buffer, at: Date, windowSeconds: number, offsetSeconds = 0, scope = 'test') => ({ scope, keyHash, windowSeconds, windowStart: windowStartOf(at, windowSeconds, offsetSeconds) });

describe('rate counters in PostgreSQL', () => {
  it('count exactly as the model in domain/abuse/rate-limit.ts does, over any sequence of requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 7200 }),
        fc.constantFrom(0, 5 * 3600),
        fc.array(fc.integer({ min: 0, max: 4 * 7200 }), { minLength: 1, maxLength: 25 }),
        async (windowSeconds, offsetSeconds, offsets) => {
          const keyHash = randomBytes(32);
          const base = Date.UTC(2026, 2, 10, 8);
          let model: WindowCounter | null = null;
          for (const offset of [...offsets].sort((a, b) => a - b)) {
            const at = new Date(base + offset * 1000);
            model = hit(model, at, windowSeconds, offsetSeconds);
            const counters = await repository.hit(database.db, [counterHit(keyHash, at, windowSeconds, offsetSeconds)], [], at);
            expect(counters).toHaveLength(1);
            const { windowStart, hits, previousHits } = counters[0]!;
            expect({ windowStart, hits, previousHits }).toEqual(model);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('counts several keys in one statement, and a request from a process whose clock lags stays in the current window', async () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const at = new Date('2026-03-10T10:30:00Z');
    await repository.hit(database.db, [counterHit(a, at, 3600), counterHit(b, at, 3600, 0, 'other')], [], at);
    const lagging = new Date('2026-03-10T09:59:59Z');
    const counters = await repository.hit(database.db, [counterHit(a, lagging, 3600), counterHit(b, at, 3600, 0, 'other')], [], lagging);
    expect(counters.map((c) => [c.scope, c.hits, c.windowStart.toISOString()]).sort()).toEqual([
      ['other', 2, '2026-03-10T10:00:00.000Z'],
      ['test', 2, '2026-03-10T10:00:00.000Z'],
    ]);
  });

  it('takes back a hit only in the window it was counted in', async () => {
    const key = randomBytes(32);
    const at = new Date('2026-03-10T10:30:00Z');
    await repository.hit(database.db, [counterHit(key, at, 3600)], [], at);
    await repository.hit(database.db, [counterHit(key, at, 3600)], [], at);
    await repository.unhit(database.db, [counterHit(key, at, 3600)]);
    await repository.unhit(database.db, [counterHit(key, new Date('2026-03-10T09:30:00Z'), 3600)]);
    const { rows } = await database.db.query('select hits from rate_counters where key_hash = $1', [key]);
    expect(rows).toEqual([{ hits: 1 }]);
  });

  it('prunes counters once their window and the next have passed', async () => {
    const [old, recent] = [randomBytes(32), randomBytes(32)];
    const now = new Date('2026-03-10T12:30:00Z');
    await repository.hit(database.db, [counterHit(old, new Date('2026-03-10T10:20:00Z'), 3600, 0, 'prune')], [], now);
    await repository.hit(database.db, [counterHit(recent, new Date('2026-03-10T11:20:00Z'), 3600, 0, 'prune')], [], now);
    expect(await repository.pruneCounters(database.db, now)).toBeGreaterThanOrEqual(1);
    const { rows } = await database.db.query(`select key_hash from rate_counters where scope = 'prune'`);
    expect(rows.map((r) => Buffer.from(r.key_hash).toString('hex'))).toEqual([recent.toString('hex')]);
  });
});

describe('counting with group commit', () => {
  it('gives each of many concurrent requests on one key the count it would have had alone, in fewer statements', async () => {
    const key = { scope: 'writer', keyHash: randomBytes(32), windowSeconds: 3600, offsetSeconds: 0 };
    const other = { scope: 'writer', keyHash: randomBytes(32), windowSeconds: 3600, offsetSeconds: 0 };
    const statements = { count: 0 };
    const counting = { hit: (...args: Parameters<AbuseRepository['hit']>) => ((statements.count += 1), repository.hit(...args)) } as AbuseRepository;
    const writer = new RateCounterWriter(database.db, counting);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => writer.count(i % 3 === 0 ? [key, other] : [key], [])));
    expect(results.map((r) => r.counters[0]!.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(results.filter((_, i) => i % 3 === 0).map((r) => r.counters[1]!.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(statements.count).toBeLessThan(60);
    const { rows } = await database.db.query('select hits from rate_counters where key_hash = $1', [key.keyHash]);
    expect(rows).toEqual([{ hits: 60 }]);
  });

  it('says which requests hold an exempt key, and only those', async () => {
    const exemptKey = randomBytes(32);
    await database.db.query(`insert into abuse_exemptions (key_hash, key_kind, reason, granted_by, granted_at) values ($1, 'phone', 'test', 'monitor-1', now())`, [exemptKey]);
    const writer = new RateCounterWriter(database.db, repository);
    const key = (hash: Buffer) => ({ scope: 'citizen-test', keyHash: hash, windowSeconds: 3600, offsetSeconds: 0 });
    const plain = randomBytes(32);
    const [exempt, notExempt, notAsked] = await Promise.all([writer.count([key(exemptKey)], [exemptKey]), writer.count([key(plain)], [plain]), writer.count([key(exemptKey)], [])]);
    expect([exempt.exempt, notExempt.exempt, notAsked.exempt]).toEqual([true, false, false]);
  });

  it('fails every request of a batch whose statement fails, and carries on with the next', async () => {
    let fail = true;
    const flaky = { hit: (...args: Parameters<AbuseRepository['hit']>) => (fail ? Promise.reject(new Error('connection lost')) : repository.hit(...args)) } as AbuseRepository;
    const writer = new RateCounterWriter(database.db, flaky);
    const key = { scope: 'flaky', keyHash: randomBytes(32), windowSeconds: 60, offsetSeconds: 0 };
    await expect(writer.count([key], [])).rejects.toThrow('connection lost');
    fail = false;
    expect((await writer.count([key], [])).counters[0]!.hits).toBe(1);
  });
});

describe('abuse flags', () => {
  it('keeps one open flag per contact, counting refusals, and opens a new one after a review', async () => {
    const key = { kind: 'phone' as const, keyHash: randomBytes(32), lookup: '+923009999999' };
    const first = await repository.flag(database.db, key, 10, new Date('2026-03-10T10:00:00Z'));
    expect(await repository.flag(database.db, key, 10, new Date('2026-03-10T11:00:00Z'))).toBe(first);
    const [flag] = (await repository.listFlags(database.db, ['open'], 100)).filter((f) => f.id === first);
    expect(flag).toMatchObject({ refusedCount: 2, status: 'open', cap: 10, citizenId: null, recentComplaintCodes: [] });
    expect(await repository.clearFlag(database.db, first, 'staff-1', 'spoke to them', new Date())).toBe(true);
    expect(await repository.clearFlag(database.db, first, 'staff-1', 'again', new Date())).toBe(false);
    const second = await repository.flag(database.db, key, 10, new Date('2026-03-11T10:00:00Z'));
    expect(second).not.toBe(first);
  });
});
