/**
 * `npm run bench:signin`: staff sign-in latency (argon2id verify, lockout bookkeeping, session row, audit entry)
 * through the real app, one attempt at a time and four at once, against two references measured in the same run:
 * a bare argon2id verify of the same hash (the cost we choose to pay) and a plain `select 1` round trip.
 * Goal (issue 4): under 100 ms per attempt. Options: --attempts N (default 200).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { verify } from '@node-rs/argon2';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { generateDataKey } from '../server/domain/privacy/data-keys.js';
import { FieldCipher } from '../server/domain/privacy/field-cipher.js';
import { openAppPools, openPool } from '../server/store/db.js';
import { migrate } from '../server/store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';
import { Cleanups } from './lib/cleanups.js';
import { provisionDatabase } from './lib/database.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { attempts: { type: 'string', default: '200' } } });
const ATTEMPTS = Number(values.attempts);
const PASSWORD = 'a long bench passphrase';

async function main(): Promise<void> {
  const cleanups = new Cleanups();
  try {
    const database = await provisionDatabase(process.env.DATABASE_URL);
    cleanups.add(() => database.release());
    const db = await openPool(database.url, 10);
    cleanups.add(() => db.end());
    await migrate(db);
    await writeProvinceSeed(db, await readProvinceSeed());
    const pools = await openAppPools(database.url, 10);
    cleanups.add(() => pools.close());
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), db: pools.service, staffDb: pools.staff, cipher: new FieldCipher([generateDataKey()]), logger: false });
    cleanups.add(() => app.close());
    const { user } = await app.services.staffUsers.create({ role: 'system', id: 'bench' }, { username: 'bench-officer', displayName: 'Benchmark Analyst', role: 'analyst', password: PASSWORD });

    const signIn = async () => {
      const started = performance.now();
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'bench-officer', password: PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
      return performance.now() - started;
    };
    await signIn();
    const serial = await repeat(ATTEMPTS, signIn);
    const startedParallel = performance.now();
    const parallel = (await Promise.all(Array.from({ length: 4 }, () => repeat(ATTEMPTS / 4, signIn)))).flatMap((x) => [...x]).sort((a, b) => a - b);
    const parallelSeconds = (performance.now() - startedParallel) / 1000;
    const argon = await repeat(ATTEMPTS, async () => {
      const started = performance.now();
      if (!(await verify(user.passwordHash, PASSWORD))) throw new Error('verify failed');
      return performance.now() - started;
    });
    const query = await repeat(ATTEMPTS, async () => {
      const started = performance.now();
      await db.query('select 1');
      return performance.now() - started;
    });
    const p = (xs: Float64Array | number[], q: number) => (percentile(Float64Array.from(xs), q) ?? NaN).toFixed(1);
    console.log('\nEkhtyar staff sign-in (argon2id m=19 MiB, t=2, p=1)');
    console.log('-'.repeat(72));
    console.log(`sign-in, one at a time   p50 / p99        ${p(serial, 50)} ms / ${p(serial, 99)} ms  (goal < 100 ms)`);
    console.log(`sign-in, four at once    p50 / p99        ${p(parallel, 50)} ms / ${p(parallel, 99)} ms  (${(parallel.length / parallelSeconds).toFixed(0)} sign-ins/s)`);
    console.log(`reference: argon2id verify alone p50      ${p(argon, 50)} ms`);
    console.log(`reference: select 1 round trip p50        ${(percentile(query, 50) ?? NaN).toFixed(2)} ms`);
    console.log(`ratio sign-in / argon2id verify (p50)     ${(Number(p(serial, 50)) / Number(p(argon, 50))).toFixed(2)}x`);
    console.log(`database                                  ${database.where}`);
  } finally {
    await cleanups.run();
  }
}

async function repeat(n: number, fn: () => Promise<number>): Promise<Float64Array> {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = await fn();
  return out.sort();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
