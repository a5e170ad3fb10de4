import type { OutboundChannel } from '../channels/channel.js';
import type { ComplaintState } from '../domain/lifecycle/states.js';
import { parseBotCommand, replyLanguage } from '../domain/whatsapp/bot-command.js';
import { splitWebhookBody, type WebhookMessage } from '../domain/whatsapp/webhook.js';
import type { Logger } from '../logger.js';
import { withTransaction, type Db } from '../store/db.js';
import type { ComplaintRepository } from '../store/complaint.repository.js';
import type { InboundMessageRepository, PendingInboundMessage } from '../store/inbound-message.repository.js';
import { helpReply, statusReply, unknownCodeReply } from './whatsapp-replies.js';
import { BackgroundRounds } from './background-rounds.js';

/** Minutes before each retry of a reply the provider did not take; after the last, the message is settled without one. */
const BACKOFF_MINUTES = [1, 5, 30];
/** WhatsApp's customer-service window: free-form replies are allowed this long after the user's last message. */
const SERVICE_WINDOW_MS = 24 * 3_600_000;
// Messages that are not addressed to us as a question: answering a reaction or a deleted message with help is noise.
const SILENT_TYPES = new Set(['reaction', 'system', 'revoke', 'edit', 'ephemeral', 'request_welcome']);

/** What one processing round did. */
export interface InboundRound {
  processed: number;
  retried: number;
}

/**
 * The WhatsApp webhook's service: `receive` stores what arrived (and only that) before the webhook is answered;
 * `processPending` works through what is stored, each item locked, handled and settled in one transaction, so two
 * workers never handle the same item and a crash in between leaves it to the next round. A reply sent just before a
 * crash, ahead of its commit, is sent again: at least once, never lost.
 */
export class WhatsAppInboundService {
  private readonly rounds = new BackgroundRounds(() => this.processPending(), (error: unknown) => this.log?.error({ err: error }, 'WhatsApp inbound processing failed'));

  constructor(
    private readonly db: Db,
    private readonly inbound: InboundMessageRepository,
    private readonly complaints: ComplaintRepository,
    private readonly channel: OutboundChannel | null,
    private readonly options: { publicUrl: string; helpline: string | null },
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
    for (let i = 0; i < limit; i++) {
      const outcome = await withTransaction(this.db, async (tx) => {
        const item = await this.inbound.lockNextPending(tx, now, 'whatsapp');
        return item ? this.handle(tx, item, now) : null;
      });
      if (!outcome) break;
      round[outcome] += 1;
    }
    return round;
  }

  private async handle(tx: Parameters<InboundMessageRepository['markProcessed']>[0], item: PendingInboundMessage, now: Date): Promise<keyof InboundRound> {
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
    const body = item.body as { message: { from: string; type?: string }; text: string | null };
    const message: Pick<WebhookMessage, 'from' | 'text' | 'subtype'> = { from: body.message.from, text: body.text, subtype: item.subtype };
    const number = `+${message.from}`;
    const conversation = await this.inbound.touchConversation(tx, number, item.providerAt ?? item.receivedAt, (previous) => replyLanguage(message.text, previous));
    if (SILENT_TYPES.has(message.subtype)) return this.settle(tx, item, `no reply (${message.subtype})`, null, now);
    // Outside the window only approved templates may be sent; a message processed that late waits for the bot's templates.
    if (now.getTime() - conversation.lastInboundAt.getTime() > SERVICE_WINDOW_MS) return this.settle(tx, item, 'no reply: outside the 24-hour window', null, now);
    if (!this.channel) return this.settle(tx, item, 'no reply: WhatsApp sending is not configured', null, now);
    const { text, what } = await this.replyTo(tx, message.text, conversation.language);
    const result = await this.channel.send({ to: number, subject: '', text, messageId: `inbound-${item.id}`, language: conversation.language });
    if (result.ok) return this.settle(tx, item, `replied: ${what}`, result.providerId, now);
    const wait = BACKOFF_MINUTES[item.attempts];
    if (result.retryable && wait !== undefined) {
      await this.inbound.retryLater(tx, item.id, result.error, new Date(now.getTime() + wait * 60_000));
      return 'retried';
    }
    return this.settle(tx, item, `reply failed: ${result.error}`, null, now);
  }

  private async replyTo(tx: Parameters<InboundMessageRepository['markProcessed']>[0], text: string | null, language: 'en' | 'ur' | 'ps'): Promise<{ text: string; what: string }> {
    const command = parseBotCommand(text);
    if (command.kind !== 'status') return { text: helpReply(language, this.options.publicUrl, this.options.helpline), what: 'help' };
    const complaint = await this.complaints.findByCode(tx, command.code);
    if (!complaint) return { text: unknownCodeReply(language, command.code), what: 'status of an unknown code' };
    return { text: statusReply(language, complaint.code, complaint.state as ComplaintState, complaint.updatedAt, `${this.options.publicUrl}/api/v1/complaints/${complaint.code}`), what: 'status' };
  }

  private async settle(tx: Parameters<InboundMessageRepository['markProcessed']>[0], item: PendingInboundMessage, outcome: string, replyId: string | null, now: Date): Promise<'processed'> {
    await this.inbound.markProcessed(tx, item.id, outcome, replyId, now);
    return 'processed';
  }
}
