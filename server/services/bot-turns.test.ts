import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { testCipher } from '../../test/helpers/keys.js';
import type { DeliveryResult } from '../channels/channel.js';
import { newConversation } from '../domain/filing-bot/conversation.js';
import type { Prompt } from '../domain/filing-bot/prompts.js';
import { BotConversationRepository } from '../store/bot-conversation.repository.js';
import { withTransaction } from '../store/db.js';
import { InboundMessageRepository } from '../store/inbound-message.repository.js';
import { playTurn, type TurnChannel } from './bot-turns.js';
import type { FilingBotService } from './filing-bot.service.js';

const NUMBER = '+923001234567';
let database: TestDatabase;
const cipher = testCipher();
const inbound = new InboundMessageRepository(cipher);
const store = new BotConversationRepository(cipher);
let sequence = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await database.db.query('truncate inbound_messages, sms_conversations');
});

const reply = (text: string): Prompt => ({ kind: 'text', text });

/** A bot whose turns answer with the replies given (or throw), counting how often it was asked. */
function bot(replies: Prompt[] | Error) {
  const calls = { turns: 0 };
  const service = {
    turn: async () => {
      calls.turns += 1;
      if (replies instanceof Error) throw replies;
      return { conversation: { ...newConversation(), step: 'category' as const }, replies, what: 'bot: idle → category' };
    },
  } as unknown as FilingBotService;
  return { service, calls };
}

/** A channel whose sends give the results listed, in turn (then success), recording what was sent. */
function channel(results: DeliveryResult[] = []) {
  const sent: string[] = [];
  const io: TurnChannel = {
    event: async () => ({ type: 'text', text: 'complaint' }),
    send: async (prompt) => {
      const result = results.shift() ?? { ok: true, providerId: `SM${sent.length}` };
      if (result.ok) sent.push(prompt.text);
      return result;
    },
  };
  return { io, sent };
}

/** Stores one SMS and plays it through the turn in a transaction, as the inbound loop does. */
async function play(service: FilingBotService, io: TurnChannel, now = new Date()) {
  return withTransaction(database.db, async (tx) => {
    const item = await inbound.lockNextPending(tx, now, 'sms');
    if (!item) return null;
    const conversation = await store.touchSms(tx, NUMBER, item.receivedAt);
    return playTurn(tx, item, { channel: 'sms', phone: NUMBER, conversationId: conversation.id }, io, { inbound, store, bot: service }, now);
  });
}
const storeSms = () => inbound.insertMany(database.db, [{ channel: 'sms', providerKey: `SM${++sequence}`, kind: 'message', subtype: 'sms', number: NUMBER, body: { from: NUMBER, to: '+15005550006', body: 'complaint', numMedia: 0 }, providerAt: null }]);
const row = async () => (await database.db.query(`select processed_at, attempts, outcome, last_error, available_at from inbound_messages order by id desc limit 1`)).rows[0];
const saved = async () => {
  const id = (await database.db.query('select id from sms_conversations')).rows[0].id;
  return withTransaction(database.db, (tx) => store.load(tx, 'sms', id));
};

describe('a message through the filing bot', () => {
  it('is applied once: when the provider refuses a reply for a while, the retry only delivers what is left, in order', async () => {
    await storeSms();
    const { service, calls } = bot([reply('one'), reply('two')]);
    const { io, sent } = channel([{ ok: true, providerId: 'SM1' }, { ok: false, retryable: true, error: 'SMS provider refused: HTTP 503' }]);
    expect(await play(service, io)).toBe('retried');
    expect(sent).toEqual(['one']);
    expect((await saved()).pending).toEqual([reply('two')]);
    expect((await saved()).conversation.step).toBe('category');
    const waiting = await row();
    expect(await play(service, io, new Date(waiting.available_at.getTime() + 1000))).toBe('processed');
    expect(sent).toEqual(['one', 'two']);
    expect(calls.turns).toBe(1);
    expect((await row()).outcome).toBe('replied: bot: replies of an earlier message');
    expect((await saved()).pending).toEqual([]);
  });

  it('sends what an earlier message left undelivered before the next message’s replies', async () => {
    await storeSms();
    const first = channel([{ ok: false, retryable: true, error: 'down' }]);
    await play(bot([reply('first')]).service, first.io);
    await storeSms();
    const second = channel();
    // The second message is due now; the first waits for its retry.
    expect(await play(bot([reply('second')]).service, second.io)).toBe('processed');
    expect(second.sent).toEqual(['first', 'second']);
  });

  it('is put back when applying it fails, leaving the conversation as it was, and settled after the last try', async () => {
    await storeSms();
    const { service, calls } = bot(new Error('boom'));
    const { io, sent } = channel();
    let now = new Date();
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await play(service, io, now)).toBe('retried');
      const waiting = await row();
      expect(waiting).toMatchObject({ processed_at: null, attempts: attempt + 1, last_error: 'bot failed: Error' });
      now = new Date(waiting.available_at.getTime() + 1000);
    }
    expect(await play(service, io, now)).toBe('processed');
    expect(await row()).toMatchObject({ outcome: 'bot failed: Error', attempts: 4 });
    expect(calls.turns).toBe(4);
    expect(sent).toEqual([]);
    expect((await saved()).conversation).toEqual(newConversation());
  });

  it('gives up replies the provider refuses for good, keeping the state the message led to', async () => {
    await storeSms();
    const { io } = channel([{ ok: false, retryable: false, error: 'SMS provider refused: HTTP 400, Twilio error 21211' }]);
    expect(await play(bot([reply('one')]).service, io)).toBe('processed');
    expect((await row()).outcome).toBe('reply failed: SMS provider refused: HTTP 400, Twilio error 21211 (bot: idle → category)');
    expect(await saved()).toMatchObject({ pending: [], conversation: { step: 'category' } });
  });
});
