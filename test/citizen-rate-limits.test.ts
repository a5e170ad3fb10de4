import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPool, type Db } from '../server/store/db.js';
import { buildTestApp } from './helpers/app.js';
import { lastTextedCode } from './helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { startFakeTwilio, type FakeTwilio } from './fakes/twilio.fake.js';

// Two app instances, each with its own connection pool, on one database: what two server processes are.
let database: TestDatabase;
let secondPool: Db;
let twilio: FakeTwilio;
let apps: [FastifyInstance, FastifyInstance];

const LIMITS = { EKHTYAR_SIGN_IN_CODES_PER_CONTACT: '3', EKHTYAR_SIGN_IN_CODES_PER_IP: '5', EKHTYAR_SIGN_IN_TRIES_PER_CONTACT: '4', EKHTYAR_SIGN_IN_TRIES_PER_IP: '6' };

beforeAll(async () => {
  database = await createTestDatabase();
  secondPool = await openPool(database.url, 5);
  twilio = await startFakeTwilio();
  apps = [await buildTestApp(database.db, { ...twilio.env(), ...LIMITS }), await buildTestApp(secondPool, { ...twilio.env(), ...LIMITS })];
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await secondPool.end();
  await twilio.close();
  await database.drop();
});

let counter = 0;
const newPhone = () => {
  const digits = String(2_000_000 + ++counter * 104_729);
  return { national: `0333${digits}`, e164: `+92333${digits}` };
};
const newIp = () => `10.${++counter % 250}.${Math.floor(counter / 250)}.${(counter * 7) % 250}`;
const requestCode = (app: FastifyInstance, phone: string, ip: string) => app.inject({ method: 'POST', url: '/api/v1/citizen/sign-in/code', payload: { phone }, remoteAddress: ip });
const signIn = (app: FastifyInstance, phone: string, code: string, ip: string) => app.inject({ method: 'POST', url: '/api/v1/citizen/sign-in', payload: { phone, code }, remoteAddress: ip });

describe('sign-in rate limits across processes', () => {
  it('limits codes per number whichever process answers, with 429 problem+json and Retry-After', async () => {
    const phone = newPhone();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await requestCode(apps[i % 2]!, phone.national, newIp()));
    expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 202, 429]);
    const refused = answers[3]!;
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'sign_in_rate_limited' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // The number written another way is the same number.
    expect((await requestCode(apps[0], phone.e164, newIp())).statusCode).toBe(429);
  });

  it('limits codes per IP address across numbers and processes', async () => {
    const ip = newIp();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await requestCode(apps[i % 2]!, newPhone().national, ip));
    expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202, 429]);
    expect((await requestCode(apps[0], newPhone().national, newIp())).statusCode).toBe(202);
  });

  it('counts requests arriving at the same moment at both processes exactly', async () => {
    const phone = newPhone();
    const sentBefore = twilio.messages.length;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => requestCode(apps[i % 2]!, phone.national, newIp())));
    expect(answers.filter((r) => r.statusCode === 202)).toHaveLength(3);
    expect(answers.filter((r) => r.statusCode === 429)).toHaveLength(7);
    expect(twilio.messages.length - sentBefore).toBe(3);
  });

  it('limits code tries per number, so even the right code waits once the limit is reached', async () => {
    const phone = newPhone();
    await requestCode(apps[0], phone.national, newIp());
    const code = lastTextedCode(twilio, phone.e164);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const tries = [];
    for (let i = 0; i < 4; i++) tries.push(await signIn(apps[i % 2]!, phone.national, wrong, newIp()));
    expect(tries.map((r) => r.statusCode)).toEqual([401, 401, 401, 401]);
    const right = await signIn(apps[1], phone.national, code, newIp());
    expect(right.statusCode).toBe(429);
    expect(right.cookies).toHaveLength(0);
  });

  it('limits code tries per IP address across numbers', async () => {
    const ip = newIp();
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(apps[i % 2]!, newPhone().national, '123456', ip)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
  });

  it('keeps no phone number or IP address in clear in its counters', async () => {
    const { rows } = await database.db.query("select bucket, encode(subject, 'hex') as subject from sign_in_rate_limits");
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.subject).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toMatch(/\+92|10\.\d/);
  });
});
