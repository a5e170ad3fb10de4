import type pg from 'pg';
import type { OutboundChannel } from '../channels/channel.js';
import type { BotEvent } from '../domain/filing-bot/conversation.js';
import type { BotLanguage } from '../domain/filing-bot/language.js';
import type { Prompt } from '../domain/filing-bot/prompts.js';
import { smsText } from '../domain/sms/bot-text.js';
import type { InboundSms } from '../domain/sms/inbound-sms.js';
import type { Logger } from '../logger.js';
import type { BotConversationRepository } from '../store/bot-conversation.repository.js';
import type { Db } from '../store/db.js';
import type { InboundMessageRepository, PendingInboundMessage } from '../store/inbound-message.repository.js';
import { BackgroundRounds, workThrough, type InboundRound } from './background-rounds.js';
import { playTurn } from './bot-turns.js';
import type { FilingBotService } from './filing-bot.service.js';

/** The stored body of an inbound SMS (sealed in inbound_messages). */
type StoredSms = Pick<InboundSms, 'from' | 'to' | 'body' | 'numMedia'>;

/**
 * Inbound SMS: `receive` stores a verified message (once per MessageSid) before the webhook is answered;
 * `processPending` answers what is stored, each message locked, answered and settled in one transaction, as the
 * WhatsApp service does (at least once, never lost). Messages go through the filing bot in its keyword form:
 * COMPLAINT/SHIKAYAT starts filing with numbered menus, STATUS <code> and YES/NO <code> work at any time, anything
 * else gets help.
 */
export class SmsInboundService {
  private readonly rounds = new BackgroundRounds(() => this.processPending(), (error: unknown) => this.log?.error({ err: error }, 'SMS inbound processing failed'));

  constructor(
    private readonly db: Db,
    private readonly inbound: InboundMessageRepository,
    private readonly bots: BotConversationRepository,
    private readonly bot: FilingBotService,
    private readonly channel: OutboundChannel | null,
    private readonly log: Logger | null,
  ) {}

  /** Stores an inbound SMS unless its MessageSid is already stored; true when it was new. */
  async receive(sms: InboundSms): Promise<boolean> {
    const body: StoredSms = { from: sms.from, to: sms.to, body: sms.body, numMedia: sms.numMedia };
    const stored = await this.inbound.insertMany(this.db, [{ channel: 'sms', providerKey: sms.messageSid, kind: 'message', subtype: sms.numMedia > 0 ? 'mms' : 'sms', number: sms.from, body, providerAt: null }]);
    return stored > 0;
  }

  /** Starts a processing round in the background (after a webhook is answered); rounds asked for meanwhile run once more after it. */
  kick(): void {
    this.rounds.kick();
  }

  /** Resolves when the background round started by `kick` has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.rounds.idle();
  }

  /** Handles what is stored and due, up to `limit` messages. */
  async processPending(now = new Date(), limit = 100): Promise<InboundRound> {
    const round: InboundRound = { processed: 0, retried: 0 };
    return workThrough(this.db, limit, round, (tx) => this.inbound.lockNextPending(tx, now, 'sms'), (tx, item) => this.handle(tx, item, now));
  }

  private async handle(tx: pg.PoolClient, item: PendingInboundMessage, now: Date): Promise<keyof InboundRound> {
    const sms = item.body as StoredSms;
    if (sms.from === null) return this.settle(tx, item, 'no reply: the sender is not a phone number', null, now);
    const { channel } = this;
    if (!channel) return this.settle(tx, item, 'no reply: SMS sending is not configured', null, now);
    const to = sms.from;
    const conversation = await this.bots.touchSms(tx, to, item.receivedAt);
    // Picture messages (MMS) are not taken: their words are read, the pictures are not fetched.
    const event: BotEvent = sms.body.trim() === '' ? { type: 'unsupported' } : { type: 'text', text: sms.body };
    const io = {
      event: async () => event,
      send: (reply: Prompt, language: BotLanguage) => channel.send({ to, subject: '', text: smsText(reply, language), messageId: `inbound-${item.id}`, language }),
    };
    return playTurn(tx, item, { channel: 'sms', phone: to, conversationId: conversation.id }, io, { inbound: this.inbound, store: this.bots, bot: this.bot, log: this.log }, now);
  }

  private async settle(tx: pg.PoolClient, item: PendingInboundMessage, outcome: string, replyId: string | null, now: Date): Promise<'processed'> {
    await this.inbound.markProcessed(tx, item.id, outcome, replyId, now);
    return 'processed';
  }
}
