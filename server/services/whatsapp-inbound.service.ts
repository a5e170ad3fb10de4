import type { WhatsAppBotChannel } from '../channels/whatsapp/whatsapp-bot.channel.js';
import type { BotEvent } from '../domain/filing-bot/conversation.js';
import type { Prompt } from '../domain/filing-bot/prompts.js';
import { readWhatsAppMessage } from '../domain/whatsapp/inbound-event.js';
import { whatsappMessage } from '../domain/whatsapp/interactive.js';
import { splitWebhookBody } from '../domain/whatsapp/webhook.js';
import type pg from 'pg';
import type { Logger } from '../logger.js';
import type { BotConversationRepository, StoredBot } from '../store/bot-conversation.repository.js';
import type { Db } from '../store/db.js';
import type { InboundMessageRepository, PendingInboundMessage } from '../store/inbound-message.repository.js';
import { BackgroundRounds, workThrough, type InboundRound } from './background-rounds.js';
import { playTurn } from './bot-turns.js';
import type { BotParty, FilingBotService } from './filing-bot.service.js';

/** WhatsApp's customer-service window: free-form replies are allowed this long after the user's last message. */
const SERVICE_WINDOW_MS = 24 * 3_600_000;
// Messages that are not addressed to us as a question: answering a reaction or a deleted message is noise.
const SILENT_TYPES = new Set(['reaction', 'system', 'revoke', 'edit', 'ephemeral', 'request_welcome']);

/**
 * The WhatsApp webhook's service: `receive` stores what arrived (and only that) before the webhook is answered;
 * `processPending` works through what is stored, each item locked, handled and settled in one transaction, so two
 * workers never handle the same item and a crash in between leaves it to the next round. A reply sent just before a
 * crash, ahead of its commit, is sent again: at least once, never lost. Citizens' messages go through the filing
 * bot (FilingBotService: filing, "status <code>", feedback); delivery statuses are matched to what we sent.
 */
export class WhatsAppInboundService {
  private readonly rounds = new BackgroundRounds(() => this.processPending(), (error: unknown) => this.log?.error({ err: error }, 'WhatsApp inbound processing failed'));

  constructor(
    private readonly db: Db,
    private readonly inbound: InboundMessageRepository,
    private readonly bots: BotConversationRepository,
    private readonly bot: FilingBotService,
    private readonly channel: WhatsAppBotChannel | null,
    private readonly options: { maxBytes: number },
    private readonly log: Logger | null,
  ) {}

  /** Stores every item of a verified webhook body once (redeliveries add nothing); returns how many there were and how many were new. */
  async receive(body: unknown): Promise<{ items: number; stored: number }> {
    const items = splitWebhookBody(body);
    const stored = await this.inbound.insertMany(
      this.db,
      items.map((item) => ({
        channel: 'whatsapp' as const,
        providerKey: item.key,
        kind: item.kind,
        subtype: item.subtype,
        number: item.kind === 'message' ? `+${item.from}` : item.kind === 'status' && item.recipient && /^\d{6,15}$/.test(item.recipient) ? `+${item.recipient}` : null,
        body: item.kind === 'message' ? { ...(item.raw as object), text: item.text } : item.raw,
        providerAt: item.kind === 'other' ? null : item.at,
      })),
    );
    return { items: items.length, stored };
  }

  /** Starts a processing round in the background (after a webhook is answered); rounds asked for meanwhile run once more after it. */
  kick(): void {
    this.rounds.kick();
  }

  /** Resolves when the background round started by `kick` has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.rounds.idle();
  }

  /** Handles what is stored and due, up to `limit` items. */
  async processPending(now = new Date(), limit = 100): Promise<InboundRound> {
    const round: InboundRound = { processed: 0, retried: 0 };
    return workThrough(this.db, limit, round, (tx) => this.inbound.lockNextPending(tx, now, 'whatsapp'), (tx, item) => this.handle(tx, item, now));
  }

  private async handle(tx: pg.PoolClient, item: PendingInboundMessage, now: Date): Promise<keyof InboundRound> {
    if (item.kind === 'status') {
      const [messageId, status] = [item.providerKey.slice(0, item.providerKey.lastIndexOf(':')), item.subtype];
      const matched = await this.inbound.applyDeliveryStatus(tx, messageId, status, item.providerAt ?? now);
      await this.inbound.markProcessed(tx, item.id, matched > 0 ? `status ${status} applied` : `status ${status} stored (no message of ours matched)`, null, now);
      return 'processed';
    }
    if (item.kind === 'other') {
      await this.inbound.markProcessed(tx, item.id, `stored only (${item.subtype})`, null, now);
      return 'processed';
    }
    const body = item.body as { message: { from: string }; text: string | null };
    const number = `+${body.message.from}`;
    // The language is the bot's to decide (the citizen's choice, or the script of their first message).
    const conversation = await this.inbound.touchConversation(tx, number, item.providerAt ?? item.receivedAt, (previous) => previous);
    if (SILENT_TYPES.has(item.subtype)) return this.settle(tx, item, `no reply (${item.subtype})`, null, now);
    // Outside the window only approved templates may be sent; a message processed that late is not answered.
    if (now.getTime() - conversation.lastInboundAt.getTime() > SERVICE_WINDOW_MS) return this.settle(tx, item, 'no reply: outside the 24-hour window', null, now);
    const { channel } = this;
    if (!channel) return this.settle(tx, item, 'no reply: WhatsApp sending is not configured', null, now);
    const party = { channel: 'whatsapp' as const, phone: number, conversationId: conversation.id };
    const io = {
      event: (stored: StoredBot, last: boolean) => this.eventOf(tx, body.message, stored, { ...party, messageKey: item.providerKey }, channel, last, now),
      send: (reply: Prompt) => channel.send(number, whatsappMessage(reply)),
    };
    return playTurn(tx, item, party, io, { inbound: this.inbound, store: this.bots, bot: this.bot, log: this.log }, now);
  }

  /** What a WhatsApp message means to the bot; a photo or voice note is fetched from the Graph API and kept first. */
  private async eventOf(tx: pg.PoolClient, message: unknown, stored: StoredBot, party: BotParty, channel: WhatsAppBotChannel, last: boolean, now: Date): Promise<BotEvent | { retry: string }> {
    const input = readWhatsAppMessage(message);
    switch (input.kind) {
      case 'text':
        return { type: 'text', text: input.text };
      case 'choice':
        return { type: 'choice', id: input.id };
      case 'location':
        return { type: 'location', latitude: input.latitude, longitude: input.longitude, label: input.label };
      case 'unsupported':
        return { type: 'unsupported' };
      case 'media': {
        if (input.media === 'other') return { type: 'media_refused', reason: 'type' };
        const wanted = await this.bot.wantsMedia(stored.conversation, 'whatsapp', now);
        if (wanted !== 'yes') return wanted === 'too_many' ? { type: 'media_refused', reason: 'too_many' } : { type: 'unsupported' };
        const fetched = await channel.fetchMedia(input.mediaId, this.options.maxBytes);
        if (!fetched.ok) return fetched.retryable && !last ? { retry: fetched.error } : { type: 'media_refused', reason: fetched.reason };
        return this.bot.keepFile(tx, party, input.media, fetched.data, stored.conversation.answers.attachments.length, input.caption);
      }
    }
  }

  private async settle(tx: pg.PoolClient, item: PendingInboundMessage, outcome: string, replyId: string | null, now: Date): Promise<'processed'> {
    await this.inbound.markProcessed(tx, item.id, outcome, replyId, now);
    return 'processed';
  }
}
