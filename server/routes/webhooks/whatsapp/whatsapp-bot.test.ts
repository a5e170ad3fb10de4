import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWhatsAppGraph, type FakeWhatsAppGraph, type GraphMessage } from '../../../../test/fakes/whatsapp-graph.fake.js';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { PESHAWAR } from '../../../../test/helpers/bot-context.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.js';
import { whatsappSettled } from '../../../../test/helpers/inbound.js';
import { tableCounts } from '../../../../test/helpers/fixtures.js';
import { oggOpusVoiceNote } from '../../../../test/helpers/ogg.js';
import { exifGps, phoneJpeg } from '../../../../test/helpers/photos.js';
import { webhookMessage } from '../../../../test/helpers/whatsapp-fixtures.js';
import { testCipher } from '../../../../test/helpers/keys.js';
import { signWebhookBody } from '../../../domain/whatsapp/signature.js';

const APP_SECRET = 'test-app-secret-5f2d8c1e9a7b4d30';
const CITIZEN = '923001234567';
const NEIGHBOUR = '923459876543';
const PUBLIC_URL = 'https://ekhtyar.example.gov.pk';

let database: TestDatabase;
let graph: FakeWhatsAppGraph;
let app: FastifyInstance;
let sequence = 0;

const env = () => ({ ...graph.env(), EKHTYAR_WHATSAPP_APP_SECRET: APP_SECRET, EKHTYAR_WHATSAPP_VERIFY_TOKEN: 'verify-token-1c9e4a7d2b8f6e03', EKHTYAR_PUBLIC_URL: PUBLIC_URL });
const post = (target: FastifyInstance, bytes: string) => target.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(bytes, APP_SECRET) }, payload: bytes });

/** Waits for the rounds a webhook starts, until nothing due is left. */
const settled = (target: FastifyInstance = app) => whatsappSettled(target, database.db);

/** What citizens send, built on the real webhook bodies of the fixtures. */
const from = (number: string) => ({
  text: (text: string) => webhookMessage('message.json', 'text', { id: `wamid.t${++sequence}`, from: number, change: (m) => (m.text = { body: text }) }),
  button: (id: string, title = 'x') => webhookMessage('callback_button.json', 'button', { id: `wamid.b${++sequence}`, from: number, change: (m) => (m.interactive = { type: 'button_reply', button_reply: { id, title } }) }),
  row: (id: string, title = 'x') => webhookMessage('callback_selection.json', 'callback', { id: `wamid.l${++sequence}`, from: number, change: (m) => (m.interactive = { type: 'list_reply', list_reply: { id, title } }) }),
  quickReply: (payload: string, text: string) => webhookMessage('callback_button.json', 'quick_reply', { id: `wamid.q${++sequence}`, from: number, change: (m) => (m.button = { payload, text }) }),
  location: (point: { latitude: number; longitude: number }) => webhookMessage('message.json', 'current_location', { id: `wamid.g${++sequence}`, from: number, change: (m) => (m.location = point) }),
  image: (media: { id: string; sha256: string }, caption?: string) =>
    webhookMessage('message.json', 'image', { id: `wamid.i${++sequence}`, from: number, change: (m) => (m.image = { mime_type: 'image/jpeg', sha256: media.sha256, id: media.id, ...(caption && { caption }) }) }),
  voice: (media: { id: string; sha256: string }) => webhookMessage('message.json', 'voice', { id: `wamid.v${++sequence}`, from: number, change: (m) => (m.audio = { mime_type: 'audio/ogg; codecs=opus', sha256: media.sha256, id: media.id, voice: true }) }),
  document: (media: { id: string; sha256: string }) =>
    webhookMessage('message.json', 'document', { id: `wamid.d${++sequence}`, from: number, change: (m) => (m.document = { filename: 'bill.pdf', mime_type: 'application/pdf', sha256: media.sha256, id: media.id }) }),
});
const citizen = from(CITIZEN);

/** Sends what the citizen sends, one message at a time (as a person would), and returns the bot's replies to it. */
async function say(...bodies: string[]): Promise<GraphMessage[]> {
  const before = graph.messages.length;
  for (const bytes of bodies) {
    expect((await post(app, bytes)).statusCode).toBe(200);
    await settled();
  }
  return graph.messages.slice(before);
}

const bodyText = (m: GraphMessage | undefined) => m?.text ?? ((m?.interactive?.body as { text?: string } | undefined)?.text ?? '');
const optionIds = (m: GraphMessage | undefined) => {
  const action = m?.interactive?.action as { buttons?: { reply: { id: string } }[]; sections?: { rows: { id: string }[] }[] } | undefined;
  return action?.buttons?.map((b) => b.reply.id) ?? action?.sections?.flatMap((s) => s.rows.map((r) => r.id)) ?? [];
};
const trackingCode = (m: GraphMessage | undefined) => /KP-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(bodyText(m))?.[0] ?? null;

/** The complaint with its first event's payload, and the blind index of its citizen's phone. */
async function complaint(code: string) {
  const { rows } = await database.db.query(
    `select c.*, ci.phone_lookup, e.payload as submitted from complaints c left join citizens ci on ci.id = c.citizen_id join complaint_events e on e.complaint_id = c.id and e.seq = 1 where c.code = $1`,
    [code],
  );
  return rows[0];
}
const attachments = async (code: string) =>
  (await database.db.query(`select a.content_type, a.filename, b.data from attachments a join complaints c on c.id = a.complaint_id join attachment_blobs b on b.key = a.storage_key where c.code = $1 order by a.filename`, [code])).rows;

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
  graph.mediaFailWith = null;
  await database.db.query('truncate inbound_messages, whatsapp_conversations, bot_media');
});

describe('filing a complaint on WhatsApp', () => {
  it('in English: words to a suggested category, a description, a shared location, a photo, the summary, the tracking code', async () => {
    const start = await say(citizen.text('Garbage has not been collected in our street for a week'));
    expect(optionIds(start[0])).toEqual(['lang:en', 'lang:ur', 'lang:ps']);
    const suggested = await say(citizen.button('lang:en', 'English'));
    expect(optionIds(suggested[0])).toContain('cat:garbage-not-collected');
    expect(bodyText(suggested[0])).toContain('Garbage not collected');
    const describe = await say(citizen.button('cat:garbage-not-collected', 'Garbage not collected'));
    expect(optionIds(describe[0])).toEqual(['use_draft']);
    const where = await say(citizen.text('Garbage is piled up outside the girls primary school on Kohat Road.'));
    expect(optionIds(where[0])).toEqual(['districts', 'skip']);
    const files = await say(citizen.location(PESHAWAR));
    expect(bodyText(files[0])).toContain('Place noted: Peshawar');
    const jpeg = await phoneJpeg({ gps: { latitude: 34.01, longitude: 71.58 } });
    const received = await say(citizen.image(graph.addMedia(jpeg, 'image/jpeg')));
    expect(bodyText(received[0])).toContain('Received (1 attached)');
    const summary = await say(citizen.button('continue', 'Continue'));
    expect(bodyText(summary[0])).toContain('Category: Garbage not collected');
    expect(bodyText(summary[0])).toContain('Files: 1 photo(s), 0 voice note(s)');
    const filed = await say(citizen.button('submit', 'Submit'));
    const code = trackingCode(filed[0]);
    expect(code).not.toBeNull();
    expect(bodyText(filed[0])).toContain(`${PUBLIC_URL}/api/v1/complaints/${code}`);

    const row = await complaint(code as string);
    expect(row).toMatchObject({ channel: 'whatsapp', language: 'en', category_id: 'garbage-not-collected', area_id: 'kp.peshawar.peshawar', latitude: PESHAWAR.latitude, longitude: PESHAWAR.longitude, description: 'Garbage is piled up outside the girls primary school on Kohat Road.' });
    expect(row.submitted).toMatchObject({ channel: 'whatsapp', attachments: 1 });
    // The sender's number is the contact (kept as a blind index), so they can follow it and answer for it.
    expect(row.phone_lookup).toBe(testCipher().lookup('phone', `+${CITIZEN}`));
    const [photo] = await attachments(code as string);
    expect(photo.content_type).toBe('image/jpeg');
    expect(await exifGps(photo.data)).toBeNull();
    // Nothing is left behind: the file went to the complaint, the conversation is idle and sealed.
    expect((await database.db.query('select count(*)::int as n from bot_media')).rows[0].n).toBe(0);
    const conversation = (await database.db.query('select bot_state, bot_data, language from whatsapp_conversations')).rows[0];
    expect(conversation).toMatchObject({ bot_state: 'idle', language: 'en' });
    expect(conversation.bot_data.sealed).toMatch(/^enc:/);
    expect(JSON.stringify(conversation.bot_data)).not.toContain('Kohat');
    // Every call to the Graph API was one Meta documents: the fake checked each and accepted all of them.
    expect(graph.calls.filter((c) => c.answer.status !== 200)).toEqual([]);
    const mediaCalls = graph.calls.filter((c) => c.method === 'GET');
    expect(mediaCalls.map((c) => c.path.split('?')[0])).toEqual([expect.stringMatching(/^\/v21\.0\/\d+$/), '/whatsapp_business/attachments/']);
    expect(mediaCalls.every((c) => c.headers.authorization === `Bearer ${graph.token}`)).toBe(true);
    expect(mediaCalls[0]?.path).toContain(`phone_number_id=${graph.phoneNumberId}`);
    // The bot's reply carried the code: the outbox does not send the citizen a second acknowledgement.
    const sentBefore = graph.messages.length;
    await app.services.notifications.deliverDue();
    expect(graph.messages.length).toBe(sentBefore);
    const { rows: outbox } = await database.db.query(`select o.status, o.last_error from outbox o join complaints c on c.id = o.complaint_id where c.code = $1 and o.topic = 'complaint.submitted'`, [code]);
    expect(outbox).toEqual([{ status: 'skipped', last_error: 'acknowledged on the whatsapp channel' }]);
  });

  it('in Urdu: detected from the script, browsing paged lists of departments and districts, a voice note as the description and a photo', async () => {
    const opening = await say(citizen.text('السلام علیکم'));
    expect(bodyText(opening[0])).toContain('السلام علیکم! یہ اختیار شکایات سروس ہے');
    const departments = await say(citizen.button('browse', 'فہرست'));
    expect(departments[0]?.interactive?.type).toBe('list');
    expect(optionIds(departments[0])).toHaveLength(10);
    expect(optionIds(departments[0]).at(-1)).toBe('page:1');
    const more = await say(citizen.row('page:1', 'مزید…'));
    expect(optionIds(more[0]).length).toBeLessThanOrEqual(10);
    expect(optionIds(more[0]).filter((id) => optionIds(departments[0]).includes(id) && id.startsWith('dept:'))).toEqual([]);
    const categories = await say(citizen.row('dept:water-sanitation', 'پانی'));
    const sections = (categories[0]?.interactive?.action as { sections: { title: string }[] }).sections.map((s) => s.title);
    expect(sections).toEqual(['سیوریج اور نالیاں', 'پینے کا پانی', 'پانی کے بل', 'مزید']);
    await say(citizen.row('cat:no-water-supply', 'پانی نہیں'));
    const voice = oggOpusVoiceNote({ comments: ['LOCATION=34.2,72.0'] });
    const where = await say(citizen.voice(graph.addMedia(voice, 'audio/ogg; codecs=opus')));
    expect(bodyText(where[0])).toContain('مسئلہ کہاں ہے؟');
    const firstPage = await say(citizen.button('districts', 'ضلع منتخب کریں'));
    expect(optionIds(firstPage[0])).toContain('page:1');
    const secondPage = await say(citizen.row('page:1', 'مزید…'));
    const district = optionIds(secondPage[0]).find((id) => id.startsWith('area:')) as string;
    await say(citizen.row(district, 'ضلع'));
    await say(citizen.image(graph.addMedia(await phoneJpeg(), 'image/jpeg')));
    const summary = await say(citizen.button('continue', 'آگے'));
    expect(bodyText(summary[0])).toContain('فائلیں: 1 تصویر، 1 صوتی پیغام');
    const filed = await say(citizen.button('submit', 'جمع کریں'));
    expect(bodyText(filed[0])).toContain('آپ کی شکایت درج ہو گئی ہے۔ ٹریکنگ کوڈ');
    const code = trackingCode(filed[0]) as string;

    const row = await complaint(code);
    expect(row).toMatchObject({ channel: 'whatsapp', language: 'ur', category_id: 'no-water-supply', area_id: district.slice(5), description: 'شہری نے مسئلہ صوتی پیغام میں بیان کیا ہے (منسلک)۔' });
    const files = await attachments(code);
    expect(files.map((f) => [f.content_type, f.filename])).toEqual([
      ['image/jpeg', 'photo-2.jpg'],
      ['audio/ogg', 'voice-note-1.ogg'],
    ]);
    // The voice note is kept without its comment header's text.
    expect(files[1].data.includes(Buffer.from('LOCATION'))).toBe(false);
    expect(files[1].data.includes(Buffer.from('OpusHead'))).toBe(true);
  });

  it('answers "status <code>" in the middle of filing and goes on where it was', async () => {
    await say(citizen.text('hello'), citizen.button('lang:en'), citizen.button('cat:garbage-not-collected'));
    const earlier = (await app.services.intake.submit({ categoryId: 'street-light-not-working', description: 'Street light broken for a week.', anonymous: true }, null)).code;
    const replies = await say(citizen.text(`status ${earlier}`));
    expect(replies.map((m) => m.type)).toEqual(['text', 'text']);
    expect(bodyText(replies[0])).toContain(`Complaint ${earlier}: received`);
    expect(bodyText(replies[1])).toContain('answer the last question');
    const next = await say(citizen.text('Rubbish has been lying next to the bus stop for days.'));
    expect(optionIds(next[0])).toEqual(['districts', 'skip']);
  });
});

describe('files citizens send', () => {
  const toMedia = () => say(citizen.text('hi'), citizen.button('lang:en'), citizen.button('cat:garbage-not-collected'), citizen.text('Garbage is piled up next to the school gate.'), citizen.button('skip'));

  it('refuses a document without fetching it, and a file over the size limit before downloading it', async () => {
    await toMedia();
    const calls = graph.calls.length;
    const pdf = await say(citizen.document(graph.addMedia(Buffer.from('%PDF-1.4\n%…'), 'application/pdf')));
    expect(bodyText(pdf[0])).toContain('I can only take photos and voice notes');
    expect(graph.calls.slice(calls).filter((c) => c.method === 'GET')).toEqual([]);
    const small = await buildTestApp(database.db, { ...env(), EKHTYAR_ATTACHMENT_MAX_BYTES: '2048', EKHTYAR_WHATSAPP_PROCESS_ON_RECEIPT: 'false' });
    try {
      const before = graph.calls.length;
      await post(small, citizen.image(graph.addMedia(await phoneJpeg({ width: 400, height: 300 }), 'image/jpeg')));
      await small.services.whatsappInbound.processPending();
      expect(graph.calls.slice(before).filter((c) => c.method === 'GET').map((c) => c.path.split('?')[0])).toEqual([expect.stringMatching(/^\/v21\.0\/\d+$/)]);
      expect(bodyText(graph.messages.at(-1))).toContain('That file is too large');
    } finally {
      await small.close();
    }
    expect((await database.db.query('select count(*)::int as n from bot_media')).rows[0].n).toBe(0);
  });

  it('tries a file Meta cannot hand over yet again later, and keeps it once it can', async () => {
    await toMedia();
    graph.mediaFailWith = 503;
    const bytes = citizen.image(graph.addMedia(await phoneJpeg(), 'image/jpeg'));
    expect((await post(app, bytes)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.services.whatsappInbound.idle();
    const waiting = (await database.db.query(`select processed_at, attempts, last_error, available_at from inbound_messages where provider_key like 'wamid.i%'`)).rows[0];
    expect(waiting).toMatchObject({ processed_at: null, attempts: 1 });
    expect(waiting.last_error).toContain('HTTP 503');
    graph.mediaFailWith = null;
    expect(await app.services.whatsappInbound.processPending(new Date(waiting.available_at.getTime() + 1000))).toEqual({ processed: 1, retried: 0 });
    expect(bodyText(graph.messages.at(-1))).toContain('Received (1 attached)');
    expect((await database.db.query('select kind, content_type from bot_media')).rows).toEqual([{ kind: 'photo', content_type: 'image/jpeg' }]);
  });

  it('lets go of kept files when the citizen cancels', async () => {
    await toMedia();
    await say(citizen.image(graph.addMedia(await phoneJpeg(), 'image/jpeg')));
    expect((await database.db.query('select count(*)::int as n from bot_media')).rows[0].n).toBe(1);
    const cancelled = await say(citizen.text('CANCEL'));
    expect(bodyText(cancelled[0])).toContain('Cancelled: nothing was filed');
    expect((await database.db.query('select count(*)::int as n from bot_media')).rows[0].n).toBe(0);
  });
});

describe('feedback on a resolved complaint', () => {
  /** A complaint filed with the citizen's number as its contact, then resolved by the office. */
  async function resolved(phone = `+${CITIZEN}`): Promise<string> {
    const { code } = await app.services.intake.submit({ categoryId: 'no-water-supply', description: 'No water in the tap for three days.', contact: { phone } }, null);
    await database.db.query(`update complaints set state = 'resolved', resolved_at = now() where code = $1`, [code]);
    return code;
  }
  const state = async (code: string) => (await database.db.query('select state, escalation_level from complaints where code = $1', [code])).rows[0];

  it('closes the complaint when the citizen taps "Satisfied" (interactive button inside the window)', async () => {
    const code = await resolved();
    const replies = await say(citizen.button(`feedback:satisfied:${code}`, 'Satisfied'));
    expect(bodyText(replies[0])).toContain(`Complaint ${code} is now closed`);
    expect(await state(code)).toEqual({ state: 'closed', escalation_level: 0 });
    const event = (await database.db.query(`select e.type, e.actor_role, e.payload from complaint_events e join complaints c on c.id = e.complaint_id where c.code = $1 order by e.seq desc limit 1`, [code])).rows[0];
    expect(event).toMatchObject({ actor_role: 'citizen', payload: { satisfied: true } });
  });

  it('asks why on "Not satisfied" (a template quick reply), then reopens and escalates with the reason', async () => {
    const code = await resolved();
    const ask = await say(citizen.quickReply(`feedback:not_satisfied:${code}`, 'Not satisfied'));
    expect(bodyText(ask[0])).toContain('what is still wrong');
    expect((await state(code)).state).toBe('resolved');
    const done = await say(citizen.text('The tap ran for one day and is dry again.'));
    expect(bodyText(done[0])).toContain('reopened and sent to a senior officer');
    expect(await state(code)).toEqual({ state: 'assigned', escalation_level: 1 });
    const event = (await database.db.query(`select e.payload from complaint_events e join complaints c on c.id = e.complaint_id where c.code = $1 order by e.seq desc limit 1`, [code])).rows[0];
    expect(event.payload).toMatchObject({ satisfied: false, reason: 'The tap ran for one day and is dry again.' });
  });

  it('never lets another number answer for someone’s complaint', async () => {
    const code = await resolved();
    const before = await tableCounts(database.db);
    const replies = await say(from(NEIGHBOUR).button(`feedback:satisfied:${code}`, 'Satisfied'));
    expect(replies[0]?.to).toBe(NEIGHBOUR);
    expect(bodyText(replies[0])).toContain(`Complaint ${code} was not filed from this number`);
    await say(from(NEIGHBOUR).text(`NO ${code} it is fine actually`));
    expect(await state(code)).toEqual({ state: 'resolved', escalation_level: 0 });
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

describe('redelivered webhooks', () => {
  it('create nothing new: the whole conversation sent again files no second complaint and sends no second reply', async () => {
    const photo = graph.addMedia(await phoneJpeg(), 'image/jpeg');
    const bodies = [citizen.text('street light is broken'), citizen.button('lang:en'), citizen.button('cat:street-light-not-working'), citizen.text('The street light outside house 12 has been off for a month.'), citizen.button('skip'), citizen.image(photo), citizen.button('continue'), citizen.button('submit')];
    const replies = await say(...bodies);
    const code = trackingCode(replies.at(-1));
    expect(code).not.toBeNull();
    const counts = await tableCounts(database.db);
    const sent = graph.messages.length;
    for (const bytes of bodies) expect((await post(app, bytes)).json()).toEqual({ received: 1, stored: 0 });
    await settled();
    expect(await tableCounts(database.db)).toEqual(counts);
    expect(graph.messages.length).toBe(sent);
  });

  it('files once when the reply with the tracking code has to be retried', async () => {
    const quiet = await buildTestApp(database.db, { ...env(), EKHTYAR_WHATSAPP_PROCESS_ON_RECEIPT: 'false' });
    try {
      for (const bytes of [citizen.text('hi'), citizen.button('lang:en'), citizen.button('cat:garbage-not-collected'), citizen.text('Garbage is piled up next to the school gate.'), citizen.button('skip'), citizen.button('continue')]) {
        await post(quiet, bytes);
        await quiet.services.whatsappInbound.processPending();
      }
      const complaints = (await tableCounts(database.db)).complaints;
      await post(quiet, citizen.button('submit'));
      graph.failWith = 503;
      expect(await quiet.services.whatsappInbound.processPending()).toEqual({ processed: 0, retried: 1 });
      expect((await tableCounts(database.db)).complaints).toBe(complaints + 1);
      graph.failWith = null;
      const row = (await database.db.query(`select available_at from inbound_messages where processed_at is null`)).rows[0];
      expect(await quiet.services.whatsappInbound.processPending(new Date(row.available_at.getTime() + 1000))).toEqual({ processed: 1, retried: 0 });
      expect((await tableCounts(database.db)).complaints).toBe(complaints + 1);
      const code = trackingCode(graph.messages.at(-1));
      expect((await database.db.query('select count(*)::int as n from complaints where code = $1', [code])).rows[0].n).toBe(1);
      expect((await database.db.query(`select outcome from inbound_messages order by id desc limit 1`)).rows[0].outcome).toBe('replied: bot: replies of an earlier message');
    } finally {
      await quiet.close();
    }
  });
});
