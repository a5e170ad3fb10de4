import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../../../../test/fakes/twilio.fake.js';
import { buildTestApp } from '../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.js';
import { tableCounts } from '../../../../test/helpers/fixtures.js';
import { testCipher } from '../../../../test/helpers/keys.js';
import { inboundSmsForm, signTwilio } from '../../../../test/helpers/twilio-webhook.js';
import { splitSms } from '../../../domain/sms/segments.js';

const PUBLIC_URL = 'https://ekhtyar.example.gov.pk';
const PATH = '/webhooks/sms/twilio';
const CITIZEN = '+923001234567';
const NEIGHBOUR = '+923459876543';

let database: TestDatabase;
let twilio: FakeTwilio;
let app: FastifyInstance;

/** Sends an SMS through the signed webhook, as Twilio would, and returns the replies it got (in order). */
async function sms(body: string, from = CITIZEN): Promise<string[]> {
  const before = twilio.messages.length;
  const form = inboundSmsForm(body, { from, accountSid: twilio.accountSid });
  const res = await app.inject({ method: 'POST', url: PATH, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'x-twilio-signature': signTwilio(`${PUBLIC_URL}${PATH}`, form, twilio.authToken) }, payload: new URLSearchParams(form).toString() });
  expect(res.statusCode).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await app.services.smsInbound.idle();
  return twilio.messages.slice(before).map((m) => m.body);
}

/** The number of the option whose line contains `words` in a numbered SMS menu. */
const numberOf = (reply: string | undefined, words: string) => /^(\d+)\. /.exec(reply?.split('\n').find((line) => /^\d+\. /.test(line) && line.includes(words)) ?? '')?.[1] ?? 'none';

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
  await database.db.query('truncate inbound_messages, sms_conversations');
});

describe('filing by SMS (keyword form)', () => {
  it('in English: COMPLAINT, words, a numbered choice, a description, a district by name, submit, the tracking code', async () => {
    const [start] = await sms('COMPLAINT');
    expect(start).toContain('What is your complaint about?');
    expect(start).toContain('1. Browse');
    expect(start).toContain('Reply with a number.');
    const [suggested] = await sms('the sewage is overflowing in our lane');
    const choice = numberOf(suggested, 'Sewage overflowing');
    expect(choice).toMatch(/^[12]$/);
    const [describe] = await sms(choice);
    expect(describe).toContain('Now describe the problem');
    const [where] = await sms('Sewage water has been standing in the lane behind the mosque for a week.');
    expect(where).toContain('Write the district or town');
    const [summary] = await sms('Mardan');
    expect(summary).toContain('Place: Mardan');
    expect(summary).not.toContain('Files:'.concat(' 1'));
    const [filed] = await sms(numberOf(summary, 'Submit'));
    const code = /KP-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(filed ?? '')?.[0] as string;
    expect(code).toBeDefined();
    const row = (await database.db.query(`select c.channel, c.language, c.category_id, c.area_id, c.description, ci.phone_lookup from complaints c join citizens ci on ci.id = c.citizen_id where c.code = $1`, [code])).rows[0];
    expect(row).toEqual({ channel: 'sms', language: 'en', category_id: 'sewage-overflow', area_id: expect.stringMatching(/^kp\.mardan\.mardan/), description: 'Sewage water has been standing in the lane behind the mosque for a week.', phone_lookup: testCipher().lookup('phone', CITIZEN) });
    // Replies stay short: every reply of the conversation fits in a few SMS parts.
    for (const reply of twilio.messages.map((m) => m.body)) expect(splitSms(reply).parts.length).toBeLessThanOrEqual(6);
    const stored = (await database.db.query('select bot_state, bot_data, number from sms_conversations')).rows[0];
    expect(stored.bot_state).toBe('idle');
    expect(stored.bot_data.sealed).toMatch(/^enc:/);
    expect(stored.number).toMatch(/^enc:/);
  });

  it('in Urdu: SHIKAYAT, browsing the departments by number, and STATUS in the middle', async () => {
    const [start] = await sms('SHIKAYAT');
    expect(start).toContain('آپ کی شکایت کس بارے میں ہے؟');
    const [departments] = await sms('1');
    expect(departments).toContain('محکمہ منتخب کریں');
    const lines = (departments ?? '').split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines.length).toBeLessThanOrEqual(7);
    const [categories] = await sms('1');
    expect(categories).toContain('شکایت کی قسم منتخب کریں');
    const earlier = (await app.services.intake.submit({ categoryId: 'no-water-supply', description: 'No water in the tap for three days.', anonymous: true }, null)).code;
    const [status, reminder] = await sms(`STATUS ${earlier}`);
    expect(status).toContain(`شکایت ${earlier}:`);
    expect(reminder).toContain('آخری سوال کا جواب دیں');
    const [describe] = await sms('1');
    expect(describe).toContain('اب مسئلہ بیان کریں');
    const [cancelled] = await sms('CANCEL');
    expect(cancelled).toContain('منسوخ: کچھ درج نہیں ہوا');
  });

  it('answers anything else with help, and files nothing', async () => {
    const before = await tableCounts(database.db);
    const [help] = await sms('hello, is anyone there?');
    expect(help).toContain('send COMPLAINT to file one');
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

describe('feedback by SMS', () => {
  async function resolved(phone = CITIZEN): Promise<string> {
    const { code } = await app.services.intake.submit({ categoryId: 'no-water-supply', description: 'No water in the tap for three days.', contact: { phone } }, null);
    await database.db.query(`update complaints set state = 'resolved', resolved_at = now() where code = $1`, [code]);
    return code;
  }
  const state = async (code: string) => (await database.db.query('select state, escalation_level from complaints where code = $1', [code])).rows[0];

  it('closes on YES <code>, and reopens on NO <code> <reason> (also in Urdu, and asking for the reason when missing)', async () => {
    const first = await resolved();
    expect((await sms(`YES ${first}`))[0]).toContain(`Complaint ${first} is now closed`);
    expect(await state(first)).toEqual({ state: 'closed', escalation_level: 0 });
    const second = await resolved();
    expect((await sms(`no ${second.toLowerCase()} the pipe still leaks`))[0]).toContain('reopened');
    expect(await state(second)).toEqual({ state: 'assigned', escalation_level: 1 });
    const third = await resolved();
    expect((await sms(`نہیں ${third}`))[0]).toContain(`شکایت ${third} میں اب بھی کیا خرابی ہے`);
    expect((await sms('نل میں اب بھی پانی نہیں آتا'))[0]).toContain('دوبارہ کھول کر');
    expect(await state(third)).toEqual({ state: 'assigned', escalation_level: 1 });
  });

  it('refuses an answer from another number, writing nothing', async () => {
    const code = await resolved();
    const before = await tableCounts(database.db);
    expect((await sms(`YES ${code}`, NEIGHBOUR))[0]).toContain('was not filed from this number');
    expect(await state(code)).toEqual({ state: 'resolved', escalation_level: 0 });
    expect(await tableCounts(database.db)).toEqual(before);
  });
});
