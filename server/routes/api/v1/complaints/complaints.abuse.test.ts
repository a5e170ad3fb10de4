import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { tableCounts } from '../../../../../test/helpers/fixtures.js';
import type { StaffActor } from '../../../../domain/permissions/jurisdiction.js';
import { sha256Key } from '../../../../services/abuse.service.js';
import { openPool, type Db } from '../../../../store/db.js';
import { testCipher } from '../../../../../test/helpers/keys.js';

// Counters key contacts through the data key's blind index, never the number itself.
const contactKey = (phone: string) => sha256Key('phone', testCipher().lookup('phone', phone)!);

// Two app instances on one database, each with its own connection pool, as two server processes (or hosts) are.
let database: TestDatabase;
let secondPool: Db;
const apps: FastifyInstance[] = [];
let categoryId: string;
let districtId: string;

const LIMITS = { EKHTYAR_RATE_LIMIT_IP: '4/1h', EKHTYAR_RATE_LIMIT_CITIZEN: '3/1h', EKHTYAR_DAILY_CAP: 'off' };
const monitor: StaffActor = { id: 'monitor-1', role: 'provincial_monitor', officeIds: [], scope: [{ departmentId: null, areaId: 'kp' }] };

beforeAll(async () => {
  database = await createTestDatabase();
  secondPool = await openPool(database.url, 4);
  apps.push(await buildTestApp(database.db, LIMITS), await buildTestApp(secondPool, LIMITS));
  categoryId = (await database.db.query('select id from categories order by id limit 1')).rows[0].id;
  districtId = (await database.db.query(`select id from areas where level = 'district' order by id limit 1`)).rows[0].id;
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await secondPool.end();
  await database.drop();
});

let before: Awaited<ReturnType<typeof tableCounts>>;
beforeEach(async () => {
  before = await tableCounts(database.db);
});

const complaint = (extra: Record<string, unknown> = {}) => ({ categoryId, description: 'Garbage has not been collected for two weeks.', location: { areaId: districtId }, ...extra });
const file = (app: FastifyInstance, payload: unknown, remoteAddress = '192.0.2.1', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/complaints', payload: payload as object, remoteAddress, headers });
const written = async () => {
  const now = await tableCounts(database.db);
  return now.complaints - before.complaints;
};

describe('the per-network limit', () => {
  it('holds across two app instances on one database, with a 429 problem and Retry-After', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await file(apps[i % 2]!, complaint({ anonymous: true }), '198.51.100.7')).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201]);
    const counts = await tableCounts(database.db);
    const refused = await file(apps[0]!, complaint({ anonymous: true }), '198.51.100.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2 * 3600);
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited', retryAfter });
    expect(await tableCounts(database.db)).toEqual(counts);
    expect((await file(apps[1]!, complaint({ anonymous: true }), '198.51.100.7')).statusCode).toBe(429);
    // Another network is not affected.
    expect((await file(apps[1]!, complaint({ anonymous: true }), '198.51.100.8')).statusCode).toBe(201);
  });

  it('counts a large body (photos) before reading it, and a small one once it is a valid submission', async () => {
    for (let i = 0; i < 4; i++) expect((await file(apps[i % 2]!, complaint({ anonymous: true }), '198.51.100.20')).statusCode).toBe(201);
    // Over the limit, a large body is refused unread: the same answer whether or not it is even JSON.
    const large = (payload: string) => apps[0]!.inject({ method: 'POST', url: '/api/v1/complaints', payload, headers: { 'content-type': 'application/json' }, remoteAddress: '198.51.100.20' });
    expect((await large(`{not json${' '.repeat(70_000)}`)).statusCode).toBe(429);
    // A small invalid body is answered for what it is, and not counted.
    const small = await apps[0]!.inject({ method: 'POST', url: '/api/v1/complaints', payload: '{not json', headers: { 'content-type': 'application/json' }, remoteAddress: '198.51.100.21' });
    expect(small.statusCode).toBe(400);
    const hash = sha256Key('network', 'v4:198.51.100.21');
    expect((await database.db.query('select count(*)::int as n from rate_counters where key_hash = $1', [hash])).rows[0].n).toBe(0);
  });

  it('does not count a citizen refused for their network', async () => {
    for (let i = 0; i < 4; i++) expect((await file(apps[i % 2]!, complaint({ anonymous: true }), '198.51.100.30')).statusCode).toBe(201);
    const refused = await file(apps[1]!, complaint({ contact: { phone: '0300 5550099' } }), '198.51.100.30');
    expect(refused.json().code).toBe('rate_limited');
    const { rows } = await database.db.query(`select scope, hits from rate_counters where key_hash = $1 order by scope`, [contactKey('+923005550099')]);
    expect(rows).toEqual([{ scope: 'citizen', hits: 0 }]);
  });

  it('counts an IPv6 client by its /64', async () => {
    for (let i = 0; i < 4; i++) expect((await file(apps[i % 2]!, complaint({ anonymous: true }), `2001:db8:5:6::${i + 1}`)).statusCode).toBe(201);
    expect((await file(apps[0]!, complaint({ anonymous: true }), '2001:db8:5:6:ffff::9')).statusCode).toBe(429);
  });

  it('ignores X-Forwarded-For unless the proxy is trusted (EKHTYAR_TRUST_PROXY)', async () => {
    // Not trusted: a client cannot escape the limit by inventing addresses.
    for (let i = 0; i < 4; i++) expect((await file(apps[0]!, complaint({ anonymous: true }), '192.0.2.50', { 'x-forwarded-for': `203.0.113.${i}` })).statusCode).toBe(201);
    expect((await file(apps[0]!, complaint({ anonymous: true }), '192.0.2.50', { 'x-forwarded-for': '203.0.113.99' })).statusCode).toBe(429);
    // Trusted proxy: each client behind it is counted on its own.
    const behindProxy = await buildTestApp(database.db, { ...LIMITS, EKHTYAR_RATE_LIMIT_IP: '2/1h', EKHTYAR_TRUST_PROXY: '192.0.2.60' });
    try {
      const viaProxy = (client: string) => file(behindProxy, complaint({ anonymous: true }), '192.0.2.60', { 'x-forwarded-for': client });
      expect([(await viaProxy('203.0.113.1')).statusCode, (await viaProxy('203.0.113.1')).statusCode, (await viaProxy('203.0.113.1')).statusCode]).toEqual([201, 201, 429]);
      expect((await viaProxy('203.0.113.2')).statusCode).toBe(201);
    } finally {
      await behindProxy.close();
    }
  });
});

describe('the per-citizen limit', () => {
  it('holds across two app instances, by the normalised phone however it is written', async () => {
    const phones = ['0300 5550001', '+92 300 5550001', '0092-300-5550001'];
    for (const [i, phone] of phones.entries()) expect((await file(apps[i % 2]!, complaint({ contact: { phone } }), `192.0.2.${10 + i}`)).statusCode).toBe(201);
    const refused = await file(apps[1]!, complaint({ contact: { phone: '03005550001' } }), '192.0.2.20');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('citizen_rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await written()).toBe(3);
    // The refused attempt was taken back: the counter holds what was filed.
    const { rows } = await database.db.query(`select hits from rate_counters where scope = 'citizen' and key_hash = $1`, [contactKey('+923005550001')]);
    expect(rows).toEqual([{ hits: 3 }]);
    expect((await file(apps[0]!, complaint({ contact: { phone: '0300 5550002' } }), '192.0.2.21')).statusCode).toBe(201);
  });

  it('counts an e-mail by its mailbox (+tags and case ignored), and a phone and an e-mail given together both', async () => {
    const emails = ['Nadia@Example.pk', 'nadia+1@example.pk', 'nadia+2@example.pk'];
    for (const [i, email] of emails.entries()) expect((await file(apps[i % 2]!, complaint({ contact: { email } }), `192.0.2.${30 + i}`)).statusCode).toBe(201);
    // A new phone does not help while the e-mail is over its limit.
    const refused = await file(apps[0]!, complaint({ contact: { email: 'nadia@example.pk', phone: '0300 5550003' } }), '192.0.2.39');
    expect(refused.statusCode).toBe(429);
  });

  it('does not count an idempotent retry, which files nothing new', async () => {
    const headers = { 'idempotency-key': 'abuse-retry-0001' };
    const payload = complaint({ contact: { phone: '0300 5550004' } });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await file(apps[i % 2]!, payload, `192.0.2.${41 + i}`, headers)).json().code);
    expect(new Set(codes).size).toBe(1);
    expect(await written()).toBe(1);
  });
});

describe('the daily cap', () => {
  let capped: FastifyInstance;
  beforeAll(async () => {
    capped = await buildTestApp(secondPool, { EKHTYAR_RATE_LIMIT_IP: 'off', EKHTYAR_RATE_LIMIT_CITIZEN: 'off', EKHTYAR_DAILY_CAP: '3', EKHTYAR_HELPLINE: '1800-00-1234' });
  });
  afterAll(async () => capped.close());

  it('refuses the citizen with when to file again and the helpline, and flags them for staff review', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await file(capped, complaint({ contact: { phone: '0311 5550010' } }))).json().code);
    const refused = await file(capped, complaint({ contact: { phone: '0311 5550010' } }));
    expect(refused.statusCode).toBe(429);
    const problem = refused.json();
    expect(problem).toMatchObject({ code: 'daily_limit_reached', dailyLimit: 3, helpline: '1800-00-1234' });
    expect(problem.detail).toContain('1800-00-1234');
    expect(problem.detail).toContain('midnight');
    // Pakistan's midnight is 19:00 UTC; Retry-After counts down to it.
    const retryAt = new Date(problem.retryAt);
    expect(retryAt.getUTCHours()).toBe(19);
    expect(retryAt.getTime() - Date.now()).toBeGreaterThan(0);
    expect(retryAt.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(Math.abs(Number(refused.headers['retry-after']) - (retryAt.getTime() - Date.now()) / 1000)).toBeLessThan(5);
    expect(await written()).toBe(3);

    const [flag] = await capped.services.abuse.listFlags(monitor);
    const latestCitizen = (await database.db.query(`select c.citizen_id from complaints c where c.code = $1`, [codes[2]])).rows[0].citizen_id;
    expect(flag).toMatchObject({ status: 'open', reason: 'daily_cap', cap: 3, refusedCount: 1, keyKind: 'phone', citizenId: latestCitizen });
    expect([...flag!.recentComplaintCodes].sort()).toEqual([...codes].sort());
    // The flag holds no contact details.
    expect(JSON.stringify(flag)).not.toContain('5550010');

    expect((await file(capped, complaint({ contact: { phone: '0311 5550010' } }))).statusCode).toBe(429);
    expect((await capped.services.abuse.listFlags(monitor))[0]).toMatchObject({ id: flag!.id, refusedCount: 2 });
  });

  it('lets an exempted citizen (a community representative) file on, until the exemption is revoked', async () => {
    for (let i = 0; i < 3; i++) expect((await file(capped, complaint({ contact: { phone: '0311 5550011' } }))).statusCode).toBe(201);
    expect((await file(capped, complaint({ contact: { phone: '0311 5550011' } }))).statusCode).toBe(429);
    const flag = (await capped.services.abuse.listFlags(monitor)).find((f) => f.refusedCount === 1 && f.status === 'open')!;
    const exemption = await capped.services.abuse.exemptFlag(monitor, flag.id, 'Union council 12 representative, files for the whole mohalla');
    expect((await file(capped, complaint({ contact: { phone: '+923115550011' } }))).statusCode).toBe(201);
    expect((await capped.services.abuse.listFlags(monitor, { status: 'exempted' })).map((f) => f.id)).toContain(flag.id);
    await capped.services.abuse.revokeExemption(monitor, exemption.id);
    expect((await file(capped, complaint({ contact: { phone: '0311 5550011' } }))).statusCode).toBe(429);
  });
});

describe('the honeypot', () => {
  it('refuses a submission with the hidden field filled in with a neutral 400, and writes nothing, not even a count', async () => {
    const counters = (await database.db.query('select sum(hits)::int as n from rate_counters')).rows[0].n;
    const res = await file(apps[0]!, complaint({ contact: { phone: '0300 5550020' }, officeUse: 'http://cheap-pills.example' }), '192.0.2.70');
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.code).toBe('submission_refused');
    expect(problem.errors).toBeUndefined();
    expect(JSON.stringify(problem)).not.toMatch(/officeUse|honeypot|bot/i);
    expect(await tableCounts(database.db)).toEqual(before);
    expect((await database.db.query('select sum(hits)::int as n from rate_counters')).rows[0].n).toBe(counters);
  });

  it('refuses it in a multipart form too, and accepts the field left empty', async () => {
    const form = new FormData();
    for (const [key, value] of Object.entries({ categoryId, description: 'Water supply pipe burst near the school.', areaId: districtId, anonymous: 'true', officeUse: 'x' })) form.append(key, value);
    const res = await apps[1]!.inject({ method: 'POST', url: '/api/v1/complaints', payload: form, remoteAddress: '192.0.2.71' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('submission_refused');
    expect(await tableCounts(database.db)).toEqual(before);
    expect((await file(apps[1]!, complaint({ anonymous: true, officeUse: '' }), '192.0.2.72')).statusCode).toBe(201);
  });

  it('is left out of the published API description, where keepPhotoLocation is documented', async () => {
    const doc = (await apps[0]!.inject({ url: '/docs/json' })).json();
    const bodySchema = doc.paths['/api/v1/complaints'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(bodySchema.properties)).toContain('keepPhotoLocation');
    expect(Object.keys(bodySchema.properties)).not.toContain('officeUse');
  });
});

describe('staff review of flags and exemptions', () => {
  it('is for the provincial monitoring cell and administrators only', async () => {
    const officer: StaffActor = { id: 'officer-1', role: 'officer', officeIds: ['x'], scope: [] };
    await expect(apps[0]!.services.abuse.listFlags(officer)).rejects.toMatchObject({ status: 403 });
    await expect(apps[0]!.services.abuse.exemptContact(officer, { phone: '0300 5550030' }, 'because')).rejects.toMatchObject({ status: 403 });
    await expect(apps[0]!.services.abuse.listFlags({ ...officer, role: 'administrator' })).resolves.toBeInstanceOf(Array);
  });

  it('exempts a citizen by phone before they are ever flagged, and names bad input', async () => {
    const [granted] = await apps[0]!.services.abuse.exemptContact(monitor, { phone: '0300 5550031' }, 'Lady health worker filing for her village', new Date(Date.now() + 86_400_000));
    expect(granted).toMatchObject({ keyKind: 'phone', grantedBy: 'monitor-1' });
    expect((await apps[0]!.services.abuse.listExemptions(monitor)).map((e) => e.id)).toContain(granted!.id);
    for (let i = 0; i < 5; i++) expect((await file(apps[i % 2]!, complaint({ contact: { phone: '0300 5550031' } }), `192.0.2.${80 + i}`)).statusCode).toBe(201);
    await expect(apps[0]!.services.abuse.exemptContact(monitor, { phone: 'not a phone' }, 'x')).rejects.toMatchObject({ status: 422 });
    await expect(apps[0]!.services.abuse.exemptContact(monitor, { phone: '0300 5550032' }, '  ')).rejects.toMatchObject({ status: 422 });
    await expect(apps[0]!.services.abuse.exemptContact(monitor, { phone: '0300 5550032' }, 'ok', new Date(Date.now() - 1000))).rejects.toMatchObject({ status: 422 });
  });

  it('answers 404 for a flag or exemption that does not exist, whatever the id looks like', async () => {
    await expect(apps[0]!.services.abuse.clearFlag(monitor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
    await expect(apps[0]!.services.abuse.clearFlag(monitor, "1'; drop table abuse_flags; --")).rejects.toMatchObject({ status: 404 });
    await expect(apps[0]!.services.abuse.exemptFlag(monitor, 'nope', 'reason')).rejects.toMatchObject({ status: 404 });
    await expect(apps[0]!.services.abuse.revokeExemption(monitor, 'nope')).rejects.toMatchObject({ status: 404 });
  });
});
