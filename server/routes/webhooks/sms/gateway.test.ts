import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSmsGateway, type FakeSmsGateway } from '../../../../test/fakes/sms-gateway.fake.js';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.js';

const PUBLIC_URL = 'https://ekhtyar.example.gov.pk';
const PATH = '/webhooks/sms/gateway';
const CITIZEN = '+923001234567';

let database: TestDatabase;
let gateway: FakeSmsGateway;
let app: FastifyInstance;

const messageId = () => `in-${randomBytes(6).toString('hex')}`;
const json = (fields: Record<string, unknown>) => JSON.stringify(fields);
const post = (payload: string, contentType = 'application/json', signature: string | null = gateway.sign(payload)) =>
  app.inject({ method: 'POST', url: PATH, headers: { 'content-type': contentType, ...(signature !== null && { 'x-ekhtyar-signature': signature }) }, payload });

const rows = async () => (await database.db.query(`select provider_key, kind, subtype, sender_lookup, body, outcome, reply_provider_id from inbound_messages where channel = 'sms' order by id`)).rows;
/** Lets the background round a webhook started run to its end. */
const processed = async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await app.services.smsInbound.idle();
};

beforeAll(async () => {
  database = await createTestDatabase();
  gateway = await startFakeSmsGateway();
  app = await buildTestApp(database.db, { ...gateway.env(), EKHTYAR_PUBLIC_URL: PUBLIC_URL });
});
afterAll(async () => {
  await app.close();
  await gateway.close();
  await database.drop();
});
beforeEach(async () => {
  gateway.failWith = null;
  gateway.messages.length = 0;
  await database.db.query('truncate inbound_messages');
});

describe('POST /webhooks/sms/gateway', () => {
  it('stores a signed JSON message once per id, sealed, and answers it by SMS through the gateway', async () => {
    const category = (await database.db.query('select id from categories limit 1')).rows[0].id;
    const { code } = await app.services.intake.submit({ categoryId: category, description: 'Street light broken for a week.', anonymous: true }, null);
    const id = messageId();
    const body = json({ id, from: CITIZEN, to: '8080', text: `STATUS ${code}`, timestamp: '2025-12-03T09:00:00Z' });
    const res = await post(body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, stored: true });
    await processed();
    expect(gateway.messages).toHaveLength(1);
    expect(gateway.messages[0]).toMatchObject({ to: CITIZEN, from: 'EKHTYAR', encoding: 'gsm7' });
    expect(gateway.messages[0]!.text).toContain(`Complaint ${code}: received, being routed to an office`);
    expect(await rows()).toEqual([
      { provider_key: `gateway:${id}`, kind: 'message', subtype: 'sms', sender_lookup: expect.stringMatching(/^idx:/), body: expect.stringMatching(/^enc:/), outcome: 'replied: status', reply_provider_id: gateway.messages[0]!.id },
    ]);
    // A redelivery is acknowledged and adds nothing.
    expect((await post(body)).json()).toEqual({ received: true, stored: false });
    await processed();
    expect(await rows()).toHaveLength(1);
    expect(gateway.messages).toHaveLength(1);
  });

  it('reads a form-encoded message with a Pakistani number written without the plus, and answers in Urdu', async () => {
    const body = new URLSearchParams({ messageId: messageId(), from: '923001234567', to: '8080', text: 'شکایت کیسے درج کروں؟' }).toString();
    expect((await post(body, 'application/x-www-form-urlencoded')).json()).toEqual({ received: true, stored: true });
    await processed();
    expect(gateway.messages).toEqual([expect.objectContaining({ to: CITIZEN, encoding: 'ucs2' })]);
    expect((await rows())[0].outcome).toMatch(/^replied: bot: /);
  });

  it('refuses a missing or wrong signature with 401 and stores nothing', async () => {
    const body = json({ id: messageId(), from: CITIZEN, to: '8080', text: 'hello' });
    const forged: [string, string | null][] = [
      ['webhook_signature_missing', null],
      ['webhook_signature_invalid', gateway.sign(body, randomBytes(20).toString('hex'))],
      ['webhook_signature_invalid', gateway.sign(body.replace('hello', 'hullo'))],
      ['webhook_signature_invalid', gateway.sign(body).replace('sha256=', 'sha1=')],
      ['webhook_signature_invalid', 'not a signature'],
    ];
    for (const [code, signature] of forged) {
      const res = await post(body, 'application/json', signature);
      expect(res.statusCode, String(signature)).toBe(401);
      expect(res.json().code).toBe(code);
    }
    // A bodiless request is checked too.
    expect((await app.inject({ method: 'POST', url: PATH })).statusCode).toBe(401);
    await processed();
    expect(await rows()).toHaveLength(0);
    expect(gateway.messages).toHaveLength(0);
  });

  it('keeps a signed body that is not a message (acknowledged, once, never answered)', async () => {
    const unreadable = ['{"from": "+923001234567", "text": "no id"}', '[1, 2, 3]', 'not json at all', '{"id": {"nested": true}}'];
    for (const body of unreadable) {
      const res = await post(body, body.startsWith('not') ? 'text/plain' : 'application/json');
      expect(res.statusCode, body).toBe(200);
      expect(res.json()).toEqual({ received: true, stored: true });
    }
    expect((await post(unreadable[0]!)).json()).toEqual({ received: true, stored: false });
    await processed();
    const kept = await rows();
    expect(kept).toHaveLength(4);
    for (const row of kept) expect(row).toMatchObject({ kind: 'other', subtype: 'unreadable', sender_lookup: null, body: expect.stringMatching(/^enc:/), outcome: 'no reply: the sender is not a phone number' });
    expect(gateway.messages).toHaveLength(0);
  });

  it('refuses a body over 64 KiB with 413 before storing it', async () => {
    const body = json({ id: messageId(), from: CITIZEN, text: 'x'.repeat(70 * 1024) });
    expect((await post(body)).statusCode).toBe(413);
    expect(await rows()).toHaveLength(0);
  });

  it('is described in the OpenAPI document, with the optional timeZone of a submission', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    const operation = doc.paths['/webhooks/sms/gateway'].post;
    expect(operation.summary).toMatch(/generic gateway/);
    expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'x-ekhtyar-signature' })]));
    const submission = doc.paths['/api/v1/complaints'].post.requestBody.content['application/json'].schema;
    expect(submission.properties.timeZone).toMatchObject({ type: 'string', maxLength: 64 });
  });

  it('reads bodies as bytes in its own route only: the API still parses JSON', async () => {
    const category = (await database.db.query('select id from categories limit 1')).rows[0].id;
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId: category, description: 'Street light broken for a week.', anonymous: true, timeZone: 'Asia/Dubai' } });
    expect(res.statusCode).toBe(201);
  });
});
