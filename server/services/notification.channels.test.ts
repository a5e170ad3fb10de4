import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../../test/fakes/twilio.fake.js';
import { startFakeWhatsAppGraph, type FakeWhatsAppGraph } from '../../test/fakes/whatsapp-graph.fake.js';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { testCipher } from '../../test/helpers/keys.js';
import { startTestSmtp, type TestSmtp } from '../../test/helpers/smtp.js';
import { SmsChannel } from '../channels/sms/sms.channel.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { formatCitizenTime } from '../domain/time/citizen-time.js';
import { withTransaction } from '../store/db.js';
import { InboundMessageRepository } from '../store/inbound-message.repository.js';
import { OutboxRepository } from '../store/outbox.repository.js';
import type { SubmitComplaintInput } from './complaint-intake.service.js';
import { NotificationService } from './notification.service.js';

const PUBLIC_URL = 'https://ekhtyar.example.pk';
let database: TestDatabase;
let app: FastifyInstance;
let smtp: TestSmtp;
let twilio: FakeTwilio;
let graph: FakeWhatsAppGraph;
let base: SubmitComplaintInput;
let officer: StaffActor;
let serial = 1_000_000;

beforeAll(async () => {
  database = await createTestDatabase();
  [smtp, twilio, graph] = await Promise.all([startTestSmtp(), startFakeTwilio(), startFakeWhatsAppGraph()]);
  app = await buildTestApp(database.db, { SMTP_URL: smtp.url, EKHTYAR_PUBLIC_URL: PUBLIC_URL, ...twilio.env(), ...graph.env() });
  const office = (await database.db.query(`select id, area_id from offices where department_id = 'health' order by id limit 1`)).rows[0];
  const category = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  base = { categoryId: category, description: 'No doctor at the BHU for three days.', location: { areaId: office.area_id } };
  officer = { id: 'officer-1', role: 'officer', officeIds: [office.id], scope: [] };
});
afterAll(async () => {
  await app.close();
  await Promise.all([smtp.close(), twilio.close(), graph.close()]);
  await database.drop();
});
beforeEach(async () => {
  await app.services.notifications.deliverDue();
  smtp.received.length = 0;
  twilio.messages.length = 0;
  graph.messages.length = 0;
  graph.openWindows = new Set();
});

/** A Pakistani mobile number no other test uses. */
const mobile = () => `+92300${++serial}`;
const outbox = async (code: string) =>
  (await database.db.query(`select e.type, o.status, o.channel, o.provider_message_id, o.last_error from outbox o join complaints c on c.id = o.complaint_id left join complaint_events e on e.complaint_id = c.id and e.seq = (o.payload->>'seq')::int where c.code = $1 order by o.id`, [code])).rows;
/** Marks the number as having written to us on WhatsApp at `at`, as the inbound webhook would. */
const wroteOnWhatsApp = (number: string, at: Date) => withTransaction(database.db, (tx) => new InboundMessageRepository(testCipher()).touchConversation(tx, number, at, () => 'en'));
const acknowledge = (code: string) => app.services.staffActions.act(code, officer, { type: 'acknowledge' }, null);
const resolve = (code: string, reason: string) => app.services.staffActions.act(code, officer, { type: 'resolve', outcome: 'full_relief', reason }, null);
/** The message types sent to a number, in order (free-form attempts refused by the window included). */
const typesSentTo = (phone: string) => graph.calls.filter((c) => c.body.includes(`"to":"${phone.slice(1)}"`)).map((c) => JSON.parse(c.body).type as string);
const dueAt = async (code: string) => (await database.db.query('select due_at from complaints where code = $1', [code])).rows[0].due_at as Date;

describe('SMS delivery', () => {
  it('texts a citizen who gave only a phone number, in Urdu (UCS-2), in at most three parts, and records the provider id', async () => {
    const phone = mobile();
    const { code } = await app.services.intake.submit({ ...base, contact: { phone }, language: 'ur' }, null);
    expect((await app.services.notifications.deliverDue()).sent).toBe(1);
    const [sms] = twilio.messages.filter((m) => m.to === phone);
    expect(sms!.body).toContain(`شکایت ${code}: آپ کی شکایت موصول ہو گئی ہے`);
    expect(sms!.encoding).toBe('UCS-2');
    expect(sms!.segments).toBeLessThanOrEqual(3);
    expect(await outbox(code)).toEqual([expect.objectContaining({ status: 'sent', channel: 'sms', provider_message_id: sms!.sid })]);
    expect(smtp.received).toHaveLength(0);
  });

  it('asks for feedback by SMS with YES/NO and the code, cutting the office’s long words to stay within three Urdu parts', async () => {
    const phone = mobile();
    const { code } = await app.services.intake.submit({ ...base, contact: { phone }, language: 'ur' }, null);
    await acknowledge(code);
    await resolve(code, 'ڈاکٹر کی تعیناتی کر دی گئی ہے اور مرکز صحت اب روزانہ صبح آٹھ بجے سے شام چار بجے تک کھلا رہے گا، ادویات بھی فراہم کر دی گئی ہیں۔ '.repeat(4));
    await app.services.notifications.deliverDue();
    const resolved = twilio.messages.filter((m) => m.to === phone).at(-1)!;
    expect(resolved.body).toContain(`YES ${code}`);
    expect(resolved.body).toContain(`NO ${code}`);
    expect(resolved.body).toContain('…');
    expect(resolved.encoding).toBe('UCS-2');
    expect(resolved.segments).toBe(3);
  });

  it('prefers e-mail for a web filer who gave both, and skips with the reason when nobody can be reached', async () => {
    const { code } = await app.services.intake.submit({ ...base, contact: { phone: mobile(), email: 'both@example.pk' }, language: 'en' }, null);
    const anonymous = await app.services.intake.submit({ ...base, anonymous: true }, null);
    await app.services.notifications.deliverDue();
    expect(await outbox(code)).toEqual([expect.objectContaining({ status: 'sent', channel: 'email' })]);
    expect(await outbox(anonymous.code)).toEqual([expect.objectContaining({ status: 'skipped', channel: null, last_error: 'no contact details' })]);
    expect(twilio.messages).toHaveLength(0);
  });
});

describe('WhatsApp delivery', () => {
  it('answers a WhatsApp filer inside the 24-hour window with free-form text', async () => {
    const phone = mobile();
    await wroteOnWhatsApp(phone, new Date(Date.now() - 60 * 60_000));
    graph.openWindows = new Set([phone.slice(1)]);
    const { code } = await app.services.intake.submit({ ...base, channel: 'whatsapp', contact: { phone }, language: 'en' }, null);
    await app.services.notifications.deliverDue();
    const [message] = graph.messages.filter((m) => m.to === phone.slice(1));
    expect(message).toMatchObject({ type: 'text', text: expect.stringContaining(`*Complaint ${code}*\nWe have received your complaint.`) });
    expect(await outbox(code)).toEqual([expect.objectContaining({ status: 'sent', channel: 'whatsapp', provider_message_id: message!.id })]);
    expect(twilio.messages).toHaveLength(0);
  });

  it('sends the approved update template outside the window (Urdu for a Pashto reader), every parameter on one line', async () => {
    const phone = mobile();
    await wroteOnWhatsApp(phone, new Date(Date.now() - 25 * 60 * 60_000));
    const { code } = await app.services.intake.submit({ ...base, channel: 'whatsapp', contact: { phone }, language: 'ps' }, null);
    await acknowledge(code);
    await app.services.notifications.deliverDue();
    const sent = graph.messages.filter((m) => m.to === phone.slice(1));
    expect(typesSentTo(phone)).toEqual(['template', 'template']);
    const update = sent[1]!.template!;
    expect(update).toMatchObject({ name: 'complaint_update', language: 'ur', payloads: [] });
    expect(update.parameters).toEqual([code, expect.stringContaining('دفتر ستاسو په شکایت کار پیل کړ.'), `${PUBLIC_URL}/api/v1/complaints/${code}`]);
    expect(update.parameters![1]).not.toMatch(/\n/);
  });

  it('asks for feedback inside the window with reply buttons whose ids are feedback:satisfied:<CODE> and feedback:not_satisfied:<CODE>', async () => {
    const phone = mobile();
    await wroteOnWhatsApp(phone, new Date());
    graph.openWindows = new Set([phone.slice(1)]);
    const { code } = await app.services.intake.submit({ ...base, channel: 'whatsapp', contact: { phone }, language: 'ur' }, null);
    await acknowledge(code);
    await resolve(code, 'A doctor is now posted at the BHU. '.repeat(60));
    await app.services.notifications.deliverDue();
    const resolved = graph.messages.filter((m) => m.to === phone.slice(1)).at(-1)!;
    expect(resolved.type).toBe('interactive');
    expect(resolved.buttons).toEqual([
      { id: `feedback:satisfied:${code}`, title: 'مطمئن ہوں' },
      { id: `feedback:not_satisfied:${code}`, title: 'مطمئن نہیں' },
    ]);
    expect([...resolved.text!].length).toBeLessThanOrEqual(1024);
  });

  it('asks for feedback outside the window with the feedback template, its quick-reply payloads the same ids', async () => {
    const phone = mobile();
    const { code } = await app.services.intake.submit({ ...base, channel: 'whatsapp', contact: { phone }, language: 'en' }, null);
    await acknowledge(code);
    await resolve(code, 'A doctor is now posted at the BHU.');
    await app.services.notifications.deliverDue();
    const resolved = graph.messages.filter((m) => m.to === phone.slice(1)).at(-1)!;
    expect(typesSentTo(phone)).toEqual(['template', 'template', 'template']);
    expect(resolved.template).toEqual({
      name: 'complaint_resolved',
      language: 'en',
      parameters: [code, 'The office says your complaint is resolved. Are you satisfied? · A doctor is now posted at the BHU.'],
      payloads: [`feedback:satisfied:${code}`, `feedback:not_satisfied:${code}`],
    });
  });

  it('falls back to the template when Meta says the window closed after we looked', async () => {
    const phone = mobile();
    await wroteOnWhatsApp(phone, new Date(Date.now() - 20 * 60 * 60_000));
    // The fake holds the window closed: the free-form try is refused with 131047, then the template goes.
    const { code } = await app.services.intake.submit({ ...base, channel: 'whatsapp', contact: { phone }, language: 'en' }, null);
    expect((await app.services.notifications.deliverDue()).sent).toBe(1);
    const calls = graph.calls.filter((c) => c.body.includes(`"to":"${phone.slice(1)}"`));
    expect(calls.map((c) => [JSON.parse(c.body).type, c.answer.status])).toEqual([['text', 400], ['template', 200]]);
    expect(await outbox(code)).toEqual([expect.objectContaining({ status: 'sent', channel: 'whatsapp' })]);
  });

  it('texts a WhatsApp filer by SMS where WhatsApp is not set up, and retries a throttled WhatsApp send on WhatsApp', async () => {
    const phone = mobile();
    const { code } = await app.services.intake.submit({ ...base, channel: 'whatsapp', contact: { phone }, language: 'en' }, null);
    const cipher = testCipher();
    const sms = new SmsChannel({ apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006' }, 2000);
    const smsOnly = new NotificationService(database.db, new OutboxRepository(cipher), app.services.reference, { email: null, sms, whatsapp: null }, { publicUrl: PUBLIC_URL, whatsappTemplates: null });
    expect((await smsOnly.deliverDue()).sent).toBeGreaterThanOrEqual(1);
    expect(twilio.messages.filter((m) => m.to === phone)).toHaveLength(1);
    expect((await outbox(code))[0]).toMatchObject({ channel: 'sms', status: 'sent' });

    const other = mobile();
    const second = await app.services.intake.submit({ ...base, channel: 'whatsapp', contact: { phone: other }, language: 'en' }, null);
    graph.failWith = 429;
    try {
      expect((await app.services.notifications.deliverDue()).retried).toBe(1);
    } finally {
      graph.failWith = null;
    }
    expect(await outbox(second.code)).toEqual([expect.objectContaining({ status: 'pending', last_error: 'WhatsApp refused: HTTP 429, Graph error 130429' })]);
    expect((await app.services.notifications.deliverDue(new Date(Date.now() + 2 * 60_000))).sent).toBe(1);
    expect(twilio.messages.filter((m) => m.to === other)).toHaveLength(0);
  });
});

describe("times in the citizen's own zone", () => {
  const dueLine = async (phone: string, language: 'en' | 'ur' = 'en', timeZone?: string) => {
    const { code } = await app.services.intake.submit({ ...base, contact: { phone }, language, ...(timeZone && { timeZone }) }, null);
    await acknowledge(code);
    await app.services.notifications.deliverDue();
    return { body: twilio.messages.filter((m) => m.to.replace(/\D/g, '') === phone.replace(/\D/g, '')).at(-1)!.body, due: await dueAt(code) };
  };

  it('shows the due time in Gulf time for a +971 number', async () => {
    const { body, due } = await dueLine('+971 50 123 4567');
    expect(body).toContain(`Due by ${formatCitizenTime(due, 'en', 'Asia/Dubai')}`);
    expect(body).toMatch(/Due by \d{1,2} \w{3}, \d{2}:\d{2} GST/);
  });

  it('shows UK time for a +44 number, in Urdu too', async () => {
    const { body, due } = await dueLine('+44 7400 123456', 'ur');
    expect(body).toContain(formatCitizenTime(due, 'ur', 'Europe/London'));
    expect(body).toContain('سلطنت متحدہ وقت');
  });

  it('shows Pakistan time, named PKT, for a Pakistani number, and the zone the citizen chose over their number’s', async () => {
    const { body, due } = await dueLine(mobile());
    expect(body).toContain(`Due by ${formatCitizenTime(due, 'en', 'Asia/Karachi')}`);
    expect(body).toMatch(/\d{2}:\d{2} PKT/);
    const chosen = await dueLine(mobile(), 'en', 'Asia/Dubai');
    expect(chosen.body).toMatch(/\d{2}:\d{2} GST/);
  });
});
