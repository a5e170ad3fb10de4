import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWhatsAppGraph, type FakeWhatsAppGraph } from '../../../../test/fakes/whatsapp-graph.fake.js';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.js';
import { whatsappSettled } from '../../../../test/helpers/inbound.js';
import { signWebhookBody } from '../../../domain/whatsapp/signature.js';
import { splitWebhookBody } from '../../../domain/whatsapp/webhook.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../../shared/data/fixtures/whatsapp_cloud_api_pywa');
const APP_SECRET = 'test-app-secret-5f2d8c1e9a7b4d30';
const VERIFY_TOKEN = 'verify-token-1c9e4a7d2b8f6e03';
const CITIZEN = '923001234567';

let database: TestDatabase;
let graph: FakeWhatsAppGraph;
let app: FastifyInstance;

/** Every real webhook body of the fixtures, by file and case, as the bytes Meta would send. */
const fixtureBodies = (): { name: string; bytes: string }[] =>
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) => Object.entries(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Record<string, unknown>).map(([name, body]) => ({ name: `${file}:${name}`, bytes: JSON.stringify(body, null, 2) })));

const textFixture = () => (JSON.parse(readFileSync(path.join(FIXTURES, 'message.json'), 'utf8')) as { text: unknown }).text;

/** A text message from CITIZEN, sent now (so inside the 24-hour window), built on the real fixture's shape. */
function textMessage(id: string, text: string, at = new Date(), from = CITIZEN): string {
  const body = structuredClone(textFixture()) as { entry: { changes: { value: { contacts: { wa_id: string }[]; messages: Record<string, unknown>[] } }[] }[] };
  const value = body.entry[0]!.changes[0]!.value;
  value.contacts[0]!.wa_id = from;
  value.messages[0] = { ...value.messages[0], id, from, timestamp: String(Math.floor(at.getTime() / 1000)), text: { body: text } };
  return JSON.stringify(body);
}

function statusUpdate(messageId: string, status: string): string {
  const body = structuredClone((JSON.parse(readFileSync(path.join(FIXTURES, 'message_status.json'), 'utf8')) as { sent: unknown }).sent) as { entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[] };
  const statuses = body.entry[0]!.changes[0]!.value.statuses;
  statuses[0] = { ...statuses[0], id: messageId, status, recipient_id: CITIZEN, timestamp: String(Math.floor(Date.now() / 1000)) };
  return JSON.stringify(body);
}

const post = (target: FastifyInstance, bytes: string, signature: string | null = signWebhookBody(bytes, APP_SECRET)) =>
  target.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', ...(signature !== null && { 'x-hub-signature-256': signature }) }, payload: bytes });

const stored = async () => (await database.db.query('select count(*)::int as n from inbound_messages')).rows[0].n as number;
/** Waits for the background rounds a webhook starts, until nothing due is left unprocessed. */
const processedFully = (target: FastifyInstance) => whatsappSettled(target, database.db);
/** Lets a webhook's background round (if one was started) run to its end. */
const backgroundDone = async (target: FastifyInstance) => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await target.services.whatsappInbound.idle();
};

const env = () => ({ ...graph.env(), EKHTYAR_WHATSAPP_APP_SECRET: APP_SECRET, EKHTYAR_WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN, EKHTYAR_PUBLIC_URL: 'https://ekhtyar.example.gov.pk' });

async function fileComplaint(): Promise<string> {
  const category = (await database.db.query('select id from categories limit 1')).rows[0].id;
  return (await app.services.intake.submit({ categoryId: category, description: 'Street light broken for a week.', anonymous: true }, null)).code;
}

beforeAll(async () => {
  database = await createTestDatabase();
  graph = await startFakeWhatsAppGraph();
  app = await buildTestApp(database.db, env());
});
afterAll(async () => {
  await app.close();
  await graph.close();
  await database.drop();
});
beforeEach(async () => {
  graph.failWith = null;
  await database.db.query('truncate inbound_messages, whatsapp_conversations');
});

describe('GET /webhooks/whatsapp (verification)', () => {
  it('echoes the challenge as text when the mode is subscribe and the token matches', async () => {
    const res = await app.inject({ method: 'GET', url: '/webhooks/whatsapp', query: { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('1158201444');
  });

  it('refuses a wrong token, another mode, or a missing part with 403', async () => {
    const queries: Record<string, string>[] = [
      { 'hub.mode': 'subscribe', 'hub.verify_token': `${VERIFY_TOKEN}x`, 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN.slice(0, -1), 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN },
    ];
    for (const query of queries) {
      const res = await app.inject({ method: 'GET', url: '/webhooks/whatsapp', query });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('webhook_verification_refused');
    }
  });
});

describe('POST /webhooks/whatsapp', () => {
  it('takes every real webhook body of the fixtures, signed, and stores each distinct item once', async () => {
    const bodies = fixtureBodies();
    expect(bodies.length).toBeGreaterThan(60);
    const keys = new Set<string>();
    for (const { name, bytes } of bodies) {
      const res = await post(app, bytes);
      expect(res.statusCode, name).toBe(200);
      for (const item of splitWebhookBody(JSON.parse(bytes))) keys.add(item.key);
    }
    await processedFully(app);
    // Many fixtures reuse one message id (wamid.xyzxyz): Meta's ids are unique, so the first is kept and the rest are redeliveries.
    expect(await stored()).toBe(keys.size);
    const { rows } = await database.db.query(`select kind, count(*)::int as n, count(processed_at)::int as done from inbound_messages group by kind order by kind`);
    expect(rows).toEqual([
      { kind: 'message', n: expect.any(Number), done: expect.any(Number) },
      { kind: 'other', n: expect.any(Number), done: expect.any(Number) },
      { kind: 'status', n: expect.any(Number), done: expect.any(Number) },
    ]);
    for (const row of rows) expect(row.done).toBe(row.n);
    // The fixtures were sent in 2023: far outside the 24-hour window, so nothing may be sent in reply.
    expect(graph.messages).toHaveLength(0);
    const outcomes = (await database.db.query(`select outcome from inbound_messages where kind = 'message' and subtype = 'text'`)).rows.map((r) => r.outcome);
    expect(outcomes).toContain('no reply: outside the 24-hour window');
    // Nothing personal in clear: the body is sealed, the number only indexed.
    const { rows: raw } = await database.db.query(`select body, sender_lookup from inbound_messages`);
    for (const row of raw) {
      expect(row.body).toMatch(/^enc:/);
      expect(row.body).not.toContain('972987654321');
      expect(row.sender_lookup ?? 'idx:').toMatch(/^idx:/);
    }
  });

  it('refuses a missing or wrong signature and stores nothing', async () => {
    const bytes = textMessage('wamid.unsigned1', 'status KP-0000-0000');
    const cases: [string | null, number, string][] = [
      [null, 401, 'webhook_signature_missing'],
      ['', 401, 'webhook_signature_missing'],
      [signWebhookBody(bytes, `${APP_SECRET}x`), 403, 'webhook_signature_invalid'],
      [signWebhookBody(`${bytes} `, APP_SECRET), 403, 'webhook_signature_invalid'],
      [signWebhookBody(bytes, APP_SECRET).replace('sha256=', 'sha1='), 403, 'webhook_signature_invalid'],
      ['sha256=zz', 403, 'webhook_signature_invalid'],
    ];
    for (const [signature, status, code] of cases) {
      const res = await post(app, bytes, signature);
      expect(res.statusCode).toBe(status);
      expect(res.json().code).toBe(code);
    }
    // The signature is checked before the body is parsed: a bad one over bad JSON is still 403, not 400.
    expect((await post(app, '{not json', signWebhookBody('{}', APP_SECRET))).statusCode).toBe(403);
    await processedFully(app);
    expect(await stored()).toBe(0);
    expect(graph.calls).toHaveLength(0);
  });

  it('answers bad JSON with a good signature with 400 and stores nothing', async () => {
    for (const bytes of ['{"object":"whatsapp_business_account","entry":[', '', '\u0000']) {
      const res = await post(app, bytes);
      expect(res.statusCode).toBe(400);
    }
    expect(await stored()).toBe(0);
  });

  it('acknowledges and keeps a signed message whose text holds a NUL character (a refusal would only make Meta retry)', async () => {
    const body = JSON.stringify({ object: 'page', entry: [{ text: 'broken \u0000 text' }] });
    expect(body).toContain('\\u0000');
    const res = await post(app, body);
    expect(res.statusCode).toBe(200);
    expect(await stored()).toBe(1);
  });

  it('keeps a signed body of no known shape rather than losing it, and acknowledges it', async () => {
    const res = await post(app, JSON.stringify({ object: 'page', entry: 'nothing like WhatsApp' }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: 1, stored: 1 });
    await processedFully(app);
    const { rows } = await database.db.query(`select kind, subtype, outcome from inbound_messages`);
    expect(rows).toEqual([{ kind: 'other', subtype: 'unrecognised', outcome: 'stored only (unrecognised)' }]);
  });

  it('answers "status <code>" with the public state, once, however often Meta redelivers the webhook', async () => {
    const code = await fileComplaint();
    const before = graph.messages.length;
    const bytes = textMessage('wamid.status-1', `Salam, what is the status of ${code.toLowerCase().replace(/-/g, ' ')}?`);
    const first = await post(app, bytes);
    expect(first.json()).toEqual({ received: 1, stored: 1 });
    const again = await post(app, bytes);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ received: 1, stored: 0 });
    await processedFully(app);
    const sent = graph.messages.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: CITIZEN, type: 'text' });
    expect(sent[0]!.text).toContain(`Complaint ${code}:`);
    expect(sent[0]!.text).toContain(`https://ekhtyar.example.gov.pk/api/v1/complaints/${code}`);
    const call = JSON.parse(graph.calls.at(-1)!.body);
    expect(call).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: CITIZEN, type: 'text', text: { preview_url: false, body: sent[0]!.text } });
    const { rows } = await database.db.query(`select outcome, reply_provider_id from inbound_messages`);
    expect(rows).toEqual([{ outcome: 'replied: status', reply_provider_id: sent[0]!.id }]);
    const conversation = (await database.db.query(`select language, last_inbound_at, wa_id from whatsapp_conversations`)).rows;
    expect(conversation).toHaveLength(1);
    expect(conversation[0].language).toBe('en');
    expect(Date.now() - conversation[0].last_inbound_at.getTime()).toBeLessThan(60_000);
    expect(conversation[0].wa_id).toMatch(/^enc:/);
  });

  it('gives the time in the asker\'s own zone: Pakistan time at home, Gulf time for a number in the Emirates', async () => {
    const code = await fileComplaint();
    const before = graph.messages.length;
    await post(app, textMessage('wamid.zone-pk', `status ${code}`));
    await post(app, textMessage('wamid.zone-ae', `status ${code}`, new Date(), '971501234567'));
    await processedFully(app);
    const sent = graph.messages.slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual([CITIZEN, '971501234567']);
    expect(sent.find((m) => m.to === CITIZEN)!.text).toMatch(/\d\d:\d\d PKT/);
    expect(sent.find((m) => m.to === '971501234567')!.text).toMatch(/\d\d:\d\d GST/);
  });

  it('answers a status request in Urdu when written in Urdu, and starts filing in Urdu on anything else written in it', async () => {
    const code = await fileComplaint();
    const before = graph.messages.length;
    await post(app, textMessage('wamid.urdu-1', `اسٹیٹس ${code}`));
    await processedFully(app);
    await post(app, textMessage('wamid.urdu-2', 'مجھے شکایت درج کرنی ہے'));
    await processedFully(app);
    const sent = graph.messages.slice(before);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.text).toContain(`شکایت ${code}:`);
    // The filing bot takes over (its conversation has tests of its own in whatsapp-bot.test.ts).
    expect(sent[1]!.type).toBe('interactive');
    expect(JSON.stringify(sent[1]!.interactive)).toContain('السلام علیکم');
    const { rows } = await database.db.query(`select outcome from inbound_messages order by id`);
    expect(rows.map((r) => r.outcome)).toEqual(['replied: status', 'replied: bot: idle → category']);
    expect((await database.db.query(`select language, bot_state from whatsapp_conversations`)).rows).toEqual([{ language: 'ur', bot_state: 'category' }]);
  });

  it('applies delivery statuses to our reply and to outbox rows by provider id, only ever forward', async () => {
    await post(app, textMessage('wamid.help-1', 'hi'));
    await processedFully(app);
    const replyId = graph.messages.at(-1)!.id;
    const complaint = (await database.db.query(`select id from complaints limit 1`)).rows[0].id;
    const outboxId = (await database.db.query(`insert into outbox (topic, complaint_id, payload, status, channel, provider_message_id) values ('complaint.submitted', $1, '{}', 'sent', 'whatsapp', 'wamid.outbox-1') returning id`, [complaint])).rows[0].id;
    for (const [id, status] of [[replyId, 'delivered'], [replyId, 'read'], [replyId, 'delivered'], ['wamid.outbox-1', 'read'], ['wamid.outbox-1', 'sent'], ['wamid.unknown', 'failed']] as const) {
      expect((await post(app, statusUpdate(id, status))).statusCode).toBe(200);
      await processedFully(app);
    }
    expect((await database.db.query(`select reply_status from inbound_messages where reply_provider_id = $1`, [replyId])).rows[0].reply_status).toBe('read');
    expect((await database.db.query(`select provider_status from outbox where id = $1`, [outboxId])).rows[0].provider_status).toBe('read');
    const outcomes = (await database.db.query(`select provider_key, outcome from inbound_messages where kind = 'status' order by id`)).rows;
    expect(outcomes).toContainEqual({ provider_key: 'wamid.unknown:failed', outcome: 'status failed stored (no message of ours matched)' });
    expect(outcomes).toContainEqual({ provider_key: `${replyId}:read`, outcome: 'status read applied' });
    await database.db.query(`delete from outbox where id = $1`, [outboxId]);
  }, 90_000);

  it('loses nothing acknowledged: stored but unprocessed (the process died after answering) is answered by the next round', async () => {
    const code = await fileComplaint();
    const crashed = await buildTestApp(database.db, { ...env(), EKHTYAR_WHATSAPP_PROCESS_ON_RECEIPT: 'false' });
    const before = graph.messages.length;
    try {
      expect((await post(crashed, textMessage('wamid.crash-1', `status ${code}`))).statusCode).toBe(200);
      await backgroundDone(crashed);
      expect(graph.messages.length).toBe(before);
      expect((await database.db.query(`select processed_at from inbound_messages`)).rows).toEqual([{ processed_at: null }]);
    } finally {
      await crashed.close();
    }
    // Another process (here the other app) picks it up, as the job loop does.
    expect(await app.services.whatsappInbound.processPending()).toEqual({ processed: 1, retried: 0 });
    expect(graph.messages.slice(before).map((m) => m.text)).toEqual([expect.stringContaining(`Complaint ${code}:`)]);
    expect(await app.services.whatsappInbound.processPending()).toEqual({ processed: 0, retried: 0 });
  });

  it('keeps a message whose reply the provider refused for a while, and retries it later', async () => {
    graph.failWith = 503;
    await post(app, textMessage('wamid.retry-1', 'hello'));
    await backgroundDone(app);
    const row = (await database.db.query(`select processed_at, attempts, last_error, available_at from inbound_messages`)).rows[0];
    expect(row).toMatchObject({ processed_at: null, attempts: 1 });
    expect(row.last_error).toContain('HTTP 503');
    graph.failWith = null;
    expect(await app.services.whatsappInbound.processPending(new Date(row.available_at.getTime() + 1000))).toEqual({ processed: 1, retried: 0 });
    // The message was taken at the first try (the bot asked for the language); the retry only delivers the reply.
    expect((await database.db.query(`select outcome from inbound_messages`)).rows[0].outcome).toBe('replied: bot: replies of an earlier message');
    expect(graph.messages.at(-1)!.type).toBe('interactive');
  });

  it('has no webhook when the app secret and verify token are not configured', async () => {
    const bare = await buildTestApp(database.db, graph.env());
    try {
      expect((await post(bare, textMessage('wamid.none', 'hi'))).statusCode).toBe(404);
      expect(await stored()).toBe(0);
    } finally {
      await bare.close();
    }
  });
});
