import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../../../../test/fakes/twilio.fake.js';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.js';
import { inboundSmsForm, signTwilio } from '../../../../test/helpers/twilio-webhook.js';
import { generateTrackingCode } from '../../../domain/tracking-code.js';

const PUBLIC_URL = 'https://ekhtyar.example.gov.pk';
const PATH = '/webhooks/sms/twilio';
const CITIZEN = '+923001234567';

let database: TestDatabase;
let twilio: FakeTwilio;
let app: FastifyInstance;

const sign = (url: string, form: Record<string, string>, token = twilio.authToken) => signTwilio(url, form, token);
const inboundForm = (body: string, messageSid?: string): Record<string, string> => inboundSmsForm(body, { from: CITIZEN, accountSid: twilio.accountSid, ...(messageSid && { messageSid }) });

const post = (form: Record<string, string>, signature: string | null = sign(`${PUBLIC_URL}${PATH}`, form)) =>
  app.inject({ method: 'POST', url: PATH, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', ...(signature !== null && { 'x-twilio-signature': signature }) }, payload: new URLSearchParams(form).toString() });

const stored = async () => (await database.db.query(`select count(*)::int as n from inbound_messages where channel = 'sms'`)).rows[0].n as number;
/** Lets the background round a webhook started run to its end. */
const processed = async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await app.services.smsInbound.idle();
};

async function fileComplaint(): Promise<string> {
  const category = (await database.db.query('select id from categories limit 1')).rows[0].id;
  return (await app.services.intake.submit({ categoryId: category, description: 'Street light broken for a week.', anonymous: true }, null)).code;
}

beforeAll(async () => {
  database = await createTestDatabase();
  twilio = await startFakeTwilio();
  app = await buildTestApp(database.db, { ...twilio.env(), EKHTYAR_PUBLIC_URL: PUBLIC_URL });
});
afterAll(async () => {
  await app.close();
  await twilio.close();
  await database.drop();
});
beforeEach(async () => {
  twilio.failWith = null;
  twilio.messages.length = 0;
  await database.db.query('truncate inbound_messages, sms_conversations');
});

describe('POST /webhooks/sms/twilio', () => {
  it('stores a signed message, answers empty TwiML, and replies to STATUS <code> by SMS with the public state', async () => {
    const code = await fileComplaint();
    const form = inboundForm(`status ${code.toLowerCase()}`);
    const res = await post(form);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    await processed();
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]).toMatchObject({ to: CITIZEN, from: '+15005550006' });
    expect(twilio.messages[0]!.body).toContain(`Complaint ${code}: received, being routed to an office`);
    const { rows } = await database.db.query(`select provider_key, subtype, outcome, reply_provider_id, body, sender_lookup from inbound_messages`);
    expect(rows).toEqual([{ provider_key: form.MessageSid, subtype: 'sms', outcome: 'replied: status', reply_provider_id: twilio.messages[0]!.sid, body: expect.stringMatching(/^enc:/), sender_lookup: expect.stringMatching(/^idx:/) }]);
    // Nothing personal in clear.
    expect(rows[0].body).not.toContain(CITIZEN);
    expect(rows[0].body).not.toContain(code);
  });

  it('answers in Urdu when the message is in Arabic script, and a bare code is a status request', async () => {
    const code = await fileComplaint();
    await post(inboundForm(`سٹیٹس ${code}`));
    await post(inboundForm(code));
    await processed();
    expect(twilio.messages.map((m) => m.body.split(':')[0])).toEqual([`شکایت ${code}`, `Complaint ${code}`]);
  });

  it('answers anything else with help naming the portal, and an unknown code as unknown', async () => {
    await post(inboundForm('my street light is broken'));
    await processed();
    const unknown = generateTrackingCode();
    await post(inboundForm(`STATUS ${unknown}`));
    await processed();
    expect(twilio.messages[0]!.body).toContain('send STATUS and your tracking code');
    expect(twilio.messages[0]!.body).toContain(PUBLIC_URL);
    expect(twilio.messages[1]!.body).toContain(`No complaint has the tracking code ${unknown}`);
    const outcomes = (await database.db.query(`select outcome from inbound_messages order by id`)).rows.map((r) => r.outcome);
    expect(outcomes).toEqual(['replied: bot: idle → idle', 'replied: status of an unknown code']);
  });

  it('stores a redelivered message once and replies once', async () => {
    const form = inboundForm('hello');
    for (let i = 0; i < 3; i++) expect((await post(form)).statusCode).toBe(200);
    await processed();
    expect(await stored()).toBe(1);
    expect(twilio.messages).toHaveLength(1);
  });

  it('refuses a missing or wrong signature with 403 and stores nothing', async () => {
    const form = inboundForm('hello');
    const url = `${PUBLIC_URL}${PATH}`;
    const forged: [string, string | null][] = [
      ['webhook_signature_missing', null],
      ['webhook_signature_invalid', sign(url, form, randomBytes(16).toString('hex'))],
      ['webhook_signature_invalid', sign(`http://ekhtyar.example.gov.pk${PATH}`, form)],
      ['webhook_signature_invalid', sign(url, { ...form, Body: 'hello!' })],
      ['webhook_signature_invalid', 'not a signature'],
    ];
    for (const [code, signature] of forged) {
      const res = await post(form, signature);
      expect(res.statusCode, String(signature)).toBe(403);
      expect(res.json().code).toBe(code);
    }
    // A bodiless request is checked too.
    expect((await app.inject({ method: 'POST', url: PATH })).statusCode).toBe(403);
    await processed();
    expect(await stored()).toBe(0);
    expect(twilio.messages).toHaveLength(0);
  });

  it('acknowledges a signed form without a MessageSid and stores nothing', async () => {
    const form = { MessageStatus: 'delivered', AccountSid: twilio.accountSid };
    const res = await post(form);
    expect(res.statusCode).toBe(200);
    expect(await stored()).toBe(0);
  });

  it('keeps a message whose reply the provider refused for a retry', async () => {
    twilio.failWith = 503;
    await post(inboundForm('hello'));
    await processed();
    const { rows } = await database.db.query(`select processed_at, attempts, last_error from inbound_messages`);
    expect(rows).toEqual([{ processed_at: null, attempts: 1, last_error: 'SMS provider refused: HTTP 503, Twilio error 20500' }]);
    twilio.failWith = null;
    // The WhatsApp loop leaves SMS rows alone (it would read them as WhatsApp bodies).
    expect(await app.services.whatsappInbound.processPending(new Date(Date.now() + 2 * 60_000))).toEqual({ processed: 0, retried: 0 });
    const round = await app.services.smsInbound.processPending(new Date(Date.now() + 2 * 60_000));
    expect(round).toEqual({ processed: 1, retried: 0 });
    expect(twilio.messages).toHaveLength(1);
  });
});
