import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmtpIntake } from '../server/channels/email/smtp-intake.js';
import { rawHeader, addressIn } from '../server/domain/email/raw-head.js';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { PNG_1X1 } from './helpers/fixtures.js';
import { startTestSmtp, type TestSmtp } from './helpers/smtp.js';
import { staffSession, type SignedIn } from './helpers/staff.js';

/**
 * Complaints by e-mail, end to end: the real .eml files of shared/data/fixtures/email sent over loopback SMTP to the
 * intake's own SMTP server, handled by the intake, answered through a real SMTP sink (the relay of SMTP_URL).
 */
const FIXTURES = path.resolve(import.meta.dirname, '../../shared/data/fixtures/email');
const ADDRESS = 'complaints@ekhtyar.test';
const SENDER_LIMIT = 8;

let database: TestDatabase;
let relay: TestSmtp;
let app: FastifyInstance;
let intake: SmtpIntake;
let client: Transporter;
let monitor: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  relay = await startTestSmtp();
  app = await buildTestApp(database.db, {
    SMTP_URL: relay.url,
    EKHTYAR_MAIL_FROM: 'Ekhtyar <no-reply@ekhtyar.test>',
    EKHTYAR_PUBLIC_URL: 'https://ekhtyar.test',
    EKHTYAR_SMTP_INBOUND_PORT: '0',
    EKHTYAR_COMPLAINTS_ADDRESS: ADDRESS,
    EKHTYAR_EMAIL_SENDER_LIMIT: `${SENDER_LIMIT}/1h`,
  });
  intake = await app.services.emailInbound.listen({ host: '127.0.0.1', port: 0, addresses: [ADDRESS], maxBytes: 2 * 1024 * 1024, serverName: 'ekhtyar.test', processOnReceipt: true });
  client = nodemailer.createTransport({ host: '127.0.0.1', port: intake.port, secure: false, ignoreTLS: true });
  monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
});
afterAll(async () => {
  client.close();
  await intake.close();
  await app.close();
  await relay.close();
  await database.drop();
});

/** Sends raw bytes as the original sending server would: MAIL FROM its Return-Path (else the From address). */
async function send(raw: Buffer | string, options: { to?: string; from?: string } = {}): Promise<void> {
  const returnPath = rawHeader(raw, 'return-path');
  const from = options.from ?? (returnPath !== null ? (addressIn(returnPath) ?? '') : (addressIn(rawHeader(raw, 'from')) ?? 'someone@example.org'));
  await client.sendMail({ envelope: { from, to: [options.to ?? ADDRESS] }, raw });
  await app.services.emailInbound.idle();
}

type Row = { id: string; provider_key: string; outcome: string | null; complaint_id: string | null; review_status: string | null; processed_at: Date | null };
const rows = async (): Promise<Row[]> => (await database.db.query(`select id, provider_key, outcome, complaint_id, review_status, processed_at from inbound_messages where channel = 'email' order by id`)).rows;
const complaintCount = async (): Promise<number> => (await database.db.query(`select count(*)::int as n from complaints where channel = 'email'`)).rows[0].n;
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const codeOf = async (complaintId: string): Promise<string> => (await database.db.query('select code from complaints where id = $1', [complaintId])).rows[0].code;

describe('the fixture mails', () => {
  const outcomes = new Map<string, string>();
  let duplicateStored = true;

  beforeAll(async () => {
    for (const dir of ['mailparser', 'postal-mime']) {
      for (const name of fs.readdirSync(path.join(FIXTURES, dir)).sort()) {
        const before = (await rows()).length;
        await send(fixture(`${dir}/${name}`));
        const after = await rows();
        if (after.length === before) {
          // The second mixed.eml is byte for byte the first (no Message-ID): a duplicate delivery stores nothing.
          if (name === 'mixed.eml' && dir === 'postal-mime') duplicateStored = false;
          continue;
        }
        outcomes.set(`${dir}/${name}`, after[after.length - 1]!.outcome ?? '(pending)');
      }
    }
  });

  it('files the mails people wrote and answers each with its tracking code', async () => {
    const filed = ['mailparser/decoderended.eml', 'mailparser/nested.eml', 'mailparser/nodemailer.eml', 'mailparser/simple.eml', 'postal-mime/mimetorture.eml'];
    for (const name of filed) expect(outcomes.get(name), name).toMatch(/^filed KP-[0-9A-Z]{4}-[0-9A-Z]{4}.*; answered$/);
    expect(await complaintCount()).toBe(filed.length);
    const answers = relay.received.filter((m) => /KP-[0-9A-Z]{4}-[0-9A-Z]{4}/.test(m.subject ?? ''));
    expect(answers).toHaveLength(filed.length);
    for (const answer of answers) {
      const code = /(KP-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(answer.subject ?? '')![1]!;
      expect(answer.text).toContain(`Tracking code: ${code}`);
      expect(answer.replyTo?.text).toBe(ADDRESS);
    }
  });

  it('does not acknowledge a mailed complaint a second time through the outbox', async () => {
    const answers = relay.received.length;
    await app.services.notifications.deliverDue();
    expect(relay.received.length).toBe(answers);
    const { rows: outbox } = await database.db.query(`select o.status, o.last_error from outbox o join complaints c on c.id = o.complaint_id where c.channel = 'email' and o.topic = 'complaint.submitted'`);
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.every((o) => o.status === 'skipped' && o.last_error === 'acknowledged on the email channel')).toBe(true);
  });

  it('recognises bounces, delivery reports, abuse reports, spam and calendar mail and files none of them', () => {
    expect(outcomes.get('mailparser/delivery-status.eml')).toMatch(/^not filed: delivery report/);
    expect(outcomes.get('postal-mime/bounce.eml')).toMatch(/^not filed: delivery report/);
    expect(outcomes.get('postal-mime/arf.eml')).toMatch(/^not filed: abuse report/);
    expect(outcomes.get('mailparser/spam.eml')).toMatch(/^not filed: spam/);
    expect(outcomes.get('postal-mime/calendar-event.eml')).toMatch(/^not filed: calendar/);
    // None of them was answered: answering robots starts mail loops.
    expect(relay.received.filter((m) => /delivery|undeliver|abuse|euro|invitation/i.test(m.subject ?? ''))).toEqual([]);
  });

  it('keeps malformed mail without filing it, and answers a person whose mail is too short to file', () => {
    expect(outcomes.get('mailparser/mixed.eml')).toBe('not filed: no From address to answer');
    expect(outcomes.get('mailparser/base64encodedroot.eml')).toBe('not filed: too short to be a complaint; answered');
    expect(relay.received.some((m) => m.to && JSON.stringify(m.to).includes('test@example.com') && /describe the problem/.test(m.text ?? ''))).toBe(true);
  });

  it('stores a duplicate delivery once', () => {
    expect(duplicateStored).toBe(false);
    expect(outcomes.size).toBe(12);
  });

  it('keeps photos through the photo checks and drops what is not a photo or PDF, with a note', async () => {
    expect(outcomes.get('mailparser/nodemailer.eml')).toMatch(/2 file\(s\) kept, 1 dropped \(text\/plain\)/);
    const row = (await rows()).find((r) => r.provider_key === '<012d606e-3550-2d94-b566-6cd996de88e3@kreata.ee>')!;
    const files = (await database.db.query('select content_type from attachments where complaint_id = $1 order by content_type', [row.complaint_id])).rows.map((r) => r.content_type);
    expect(files).toEqual(['image/gif', 'image/png']);
    const answer = relay.received.find((m) => m.inReplyTo === '<012d606e-3550-2d94-b566-6cd996de88e3@kreata.ee>')!;
    expect(answer.text).toContain('1 file(s) could not be kept');
    expect(answer.references).toContain('<012d606e-3550-2d94-b566-6cd996de88e3@kreata.ee>');
  });

  it('files a mail of no known category in triage, and one naming its category under it', async () => {
    const simple = (await rows()).find((r) => r.outcome?.includes('in triage'));
    expect(simple).toBeDefined();
    const { rows: events } = await database.db.query(`select e.type, e.payload from complaint_events e where e.complaint_id = $1 order by seq`, [simple!.complaint_id]);
    expect(events.map((e) => e.type)).toEqual(['submitted', 'triaged']);
    expect(events[1].payload).toEqual({ reason: 'category_unclear' });
  });
});

describe('a mail naming its problem and place', () => {
  it('is filed under the category its words name and routed to the office of the district it names', async () => {
    await send(await mail({ from: 'resident@example.pk', subject: 'Garbage not collected', body: 'The garbage in our street in Charsadda has not been collected for two weeks.' }));
    const row = (await rows()).at(-1)!;
    expect(row.outcome).toMatch(/^filed KP-.*; answered$/);
    const { rows: found } = await database.db.query(`select c.category_id, c.state, a.id as area from complaints c left join areas a on a.id = c.area_id where c.id = $1`, [row.complaint_id]);
    expect(found[0]).toMatchObject({ category_id: 'garbage-not-collected', state: 'assigned' });
    expect(found[0].area).toMatch(/charsadda/);
  });

  it('in Urdu is answered in Urdu', async () => {
    await send(await mail({ from: 'shehri@example.pk', subject: 'شکایت', body: 'ہمارے محلے میں کئی دن سے کچرا نہیں اٹھایا گیا۔' }));
    const answer = relay.received.at(-1)!;
    expect(answer.text).toContain('آپ کی شکایت موصول ہو گئی ہے');
    const row = (await rows()).at(-1)!;
    expect((await database.db.query('select language, category_id from complaints where id = $1', [row.complaint_id])).rows[0]).toEqual({ language: 'ur', category_id: 'garbage-not-collected' });
  });
});

describe('replies', () => {
  let code: string;
  let complaintId: string;
  let answerId: string;

  beforeAll(async () => {
    await send(await mail({ from: 'citizen@example.pk', subject: 'Street light', messageId: '<first@example.pk>', body: 'The street light outside house 12 has been off for a month.' }));
    const row = (await rows()).at(-1)!;
    complaintId = row.complaint_id!;
    code = await codeOf(complaintId);
    answerId = relay.received.find((m) => m.inReplyTo === '<first@example.pk>')!.messageId!;
  });
  const events = async () => (await database.db.query(`select type, payload, actor_role from complaint_events where complaint_id = $1 order by seq`, [complaintId])).rows;

  it('with the code in the subject adds the citizen’s words, without the quoted mail, to the complaint', async () => {
    await send(await mail({ from: 'Citizen@Example.pk', subject: `Re: Street light [${code}]`, body: `It is still off tonight.\n\nOn Monday, Ekhtyar wrote:\n> We have received your complaint.` }));
    expect((await rows()).at(-1)!.outcome).toBe(`added to ${code}; answered`);
    const last = (await events()).at(-1);
    expect(last).toMatchObject({ type: 'information_provided', actor_role: 'citizen', payload: { text: 'It is still off tonight.', attachments: 0 } });
    expect(relay.received.at(-1)!.text).toContain(`Your information has been added to complaint ${code}`);
    expect(await complaintCount()).toBeGreaterThan(0);
  });

  it('by In-Reply-To alone (no code in the subject) finds the complaint, and keeps a photo', async () => {
    const before = await complaintCount();
    await send(await mail({ from: 'citizen@example.pk', subject: 'Re: your answer', inReplyTo: answerId, body: 'Here is a photo of the pole.', attachments: [{ filename: 'pole.png', content: PNG_1X1, contentType: 'image/png' }] }));
    expect((await rows()).at(-1)!.outcome).toBe(`added to ${code}; 1 file(s) kept; answered`);
    expect(await complaintCount()).toBe(before);
    const last = (await events()).at(-1);
    expect(last).toMatchObject({ type: 'information_provided', payload: { text: 'Here is a photo of the pole.', attachments: 1 } });
    expect((await database.db.query('select count(*)::int as n from attachments where complaint_id = $1', [complaintId])).rows[0].n).toBe(1);
  });

  it('from someone else does not touch the complaint and is kept with its outcome', async () => {
    const before = (await events()).length;
    const answers = relay.received.length;
    await send(await mail({ from: 'stranger@example.org', subject: `Re: [${code}]`, body: 'I want to add something to this complaint.' }));
    expect((await rows()).at(-1)!.outcome).toBe(`not added to ${code}: the sender is not the complaint's citizen`);
    expect((await events()).length).toBe(before);
    expect(relay.received.length).toBe(answers);
  });

  it('to a closed complaint is not added, and the citizen is told so', async () => {
    await database.db.query(`update complaints set state = 'closed' where id = $1`, [complaintId]);
    const before = (await events()).length;
    await send(await mail({ from: 'citizen@example.pk', subject: `Re: ${code}`, body: 'Still waiting for the repair.' }));
    expect((await rows()).at(-1)!.outcome).toMatch(new RegExp(`^not added to ${code}: .*; answered$`));
    expect((await events()).length).toBe(before);
    expect(relay.received.at(-1)!.text).toContain(`Complaint ${code} is closed`);
  });
});

describe('delivery to the SMTP server', () => {
  it('refuses a recipient other than the complaints address with 550 and stores nothing', async () => {
    const before = (await rows()).length;
    await expect(send(await mail({ from: 'a@example.pk', subject: 'x', body: 'Some complaint text here.' }), { to: 'someone-else@ekhtyar.test' })).rejects.toMatchObject({ responseCode: 550 });
    expect((await rows()).length).toBe(before);
  });

  it('refuses a message over the size limit with 552 and stores nothing', async () => {
    const before = (await rows()).length;
    await expect(send(await mail({ from: 'a@example.pk', subject: 'big', body: 'x'.repeat(3 * 1024 * 1024) }))).rejects.toMatchObject({ responseCode: 552 });
    expect((await rows()).length).toBe(before);
  });

  it('acknowledges and keeps a mail the parser cannot read, filing and answering nothing', async () => {
    const parts = Array.from({ length: 260 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const [complaints, answers] = [await complaintCount(), relay.received.length];
    await send(`From: parts@example.pk\r\nTo: ${ADDRESS}\r\nSubject: many parts\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
    expect((await rows()).at(-1)!.outcome).toBe('not filed: the message could not be parsed');
    expect([await complaintCount(), relay.received.length]).toEqual([complaints, answers]);
  });

  it('stores a redelivered Message-ID once and files nothing new', async () => {
    const message = await mail({ from: 'again@example.pk', subject: 'Water', messageId: '<twice@example.pk>', body: 'No water supply in our area since Friday.' });
    await send(message);
    const [complaints, stored, answers] = [await complaintCount(), (await rows()).length, relay.received.length];
    await send(message);
    expect([await complaintCount(), (await rows()).length, relay.received.length]).toEqual([complaints, stored, answers]);
  });

  it('files the complaint once when the answer fails, and answers on a later round', async () => {
    relay.refuseWith = 451;
    const before = await complaintCount();
    try {
      await send(await mail({ from: 'later@example.pk', subject: 'Manhole', messageId: '<later@example.pk>', body: 'The manhole cover near the school is missing.' }));
    } finally {
      relay.refuseWith = null;
    }
    const row = (await rows()).at(-1)!;
    expect(row).toMatchObject({ processed_at: null });
    expect(row.outcome).toMatch(/; answer pending$/);
    expect(await complaintCount()).toBe(before + 1);
    await app.services.emailInbound.processPending(new Date(Date.now() + 2 * 60_000));
    const settled = (await rows()).at(-1)!;
    expect(settled.outcome).toMatch(/^filed KP-.*; answered$/);
    expect(await complaintCount()).toBe(before + 1);
    expect(relay.received.at(-1)!.inReplyTo).toBe('<later@example.pk>');
  });
});

describe('a mail bomb', () => {
  const bomb = 20;
  let held: { id: string; heldFromSender: number; outcome: string; senderRef: string }[];

  beforeAll(async () => {
    for (let i = 0; i < bomb; i++) await send(await mail({ from: 'bomber@example.net', subject: `Complaint number ${i}`, messageId: `<bomb-${i}@example.net>`, body: `This is complaint number ${i} about the road.` }));
    const response = await app.inject({ url: '/api/v1/staff/abuse/held-mail', headers: monitor.headers });
    expect(response.statusCode).toBe(200);
    held = response.json().mails;
  });

  it('is kept whole: mails over the per-sender limit are held for review, not filed and not answered', async () => {
    const mine = (await rows()).filter((r) => r.provider_key.startsWith('<bomb-'));
    expect(mine).toHaveLength(bomb);
    expect(mine.filter((r) => r.outcome?.startsWith('filed'))).toHaveLength(SENDER_LIMIT);
    expect(mine.filter((r) => r.review_status === 'held')).toHaveLength(bomb - SENDER_LIMIT);
    expect(held).toHaveLength(bomb - SENDER_LIMIT);
    expect(new Set(held.map((h) => h.senderRef)).size).toBe(1);
    expect(held.every((h) => h.heldFromSender === bomb - SENDER_LIMIT && h.outcome === 'held for review: sender over the limit')).toBe(true);
    expect(JSON.stringify(held)).not.toContain('bomber');
  });

  it('staff can release a held mail, which is then filed, or discard one, which stays unfiled', async () => {
    const [first, second] = held;
    const before = await complaintCount();
    expect((await app.inject({ method: 'POST', url: `/api/v1/staff/abuse/held-mail/${first!.id}/release`, headers: monitor.headers })).statusCode).toBe(204);
    await app.services.emailInbound.idle();
    expect((await app.inject({ method: 'POST', url: `/api/v1/staff/abuse/held-mail/${second!.id}/discard`, headers: monitor.headers })).statusCode).toBe(204);
    expect(await complaintCount()).toBe(before + 1);
    const byId = new Map((await rows()).map((r) => [r.id, r]));
    expect(byId.get(first!.id)).toMatchObject({ review_status: 'released' });
    expect(byId.get(first!.id)!.outcome).toMatch(/^filed KP-.*; answered$/);
    expect(byId.get(second!.id)).toMatchObject({ review_status: 'discarded', complaint_id: null });
    // Neither can be released or discarded again.
    expect((await app.inject({ method: 'POST', url: `/api/v1/staff/abuse/held-mail/${second!.id}/release`, headers: monitor.headers })).statusCode).toBe(404);
    const list = (await app.inject({ url: '/api/v1/staff/abuse/held-mail', headers: monitor.headers })).json().mails;
    expect(list).toHaveLength(bomb - SENDER_LIMIT - 2);
  });
});


/** A plain mail as a citizen's client would write it. */
async function mail(options: { from: string; subject: string; body: string; messageId?: string; inReplyTo?: string; attachments?: { filename: string; content: Buffer; contentType: string }[] }): Promise<Buffer> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return composer
    .sendMail({
      from: options.from,
      to: ADDRESS,
      subject: options.subject,
      text: options.body,
      ...(options.messageId && { messageId: options.messageId }),
      ...(options.inReplyTo && { inReplyTo: options.inReplyTo, references: [options.inReplyTo] }),
      ...(options.attachments && { attachments: options.attachments }),
    })
    .then((info) => info.message as Buffer);
}
