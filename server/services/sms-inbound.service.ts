import type { OutboundChannel } from '../channels/channel.js';
import type { ComplaintState } from '../domain/lifecycle/states.js';
import type { InboundSms } from '../domain/sms/inbound-sms.js';
import { parseBotCommand, replyLanguage } from '../domain/whatsapp/bot-command.js';
import type { Logger } from '../logger.js';
import { withTransaction, type Db, type Queryable } from '../store/db.js';
import type { ComplaintRepository } from '../store/complaint.repository.js';
import type { InboundMessageRepository, PendingInboundMessage } from '../store/inbound-message.repository.js';
import { smsHelpReply } from './sms-replies.js';
import type { InboundRound } from './whatsapp-inbound.service.js';
import { statusReply, unknownCodeReply } from './whatsapp-replies.js';
import { BackgroundRounds } from './background-rounds.js';

/** Minutes before each retry of a reply the provider did not take; after the last, the message is settled without one. */
const BACKOFF_MINUTES = [1, 5, 30];

/** The stored body of an inbound SMS (sealed in inbound_messages). */
type StoredSms = Pick<InboundSms, 'from' | 'to' | 'body' | 'numMedia'>;

/**
 * Inbound SMS: `receive` stores a verified message (once per MessageSid) before the webhook is answered;
 * `processPending` answers what is stored, each message locked, answered and settled in one transaction, as the
 * WhatsApp service does (at least once, never lost). Today it answers "STATUS <code>" and gives help otherwise.
 */
export class SmsInboundService {
  private readonly rounds = new BackgroundRounds(() => this.processPending(), (error: unknown) => this.log?.error({ err: error }, 'SMS inbound processing failed'));

  constructor(
    private readonly db: Db,
    private readonly inbound: InboundMessageRepository,
    private readonly complaints: ComplaintRepository,
    private readonly channel: OutboundChannel | null,
    private readonly options: { publicUrl: string; helpline: string | null },
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
    for (let i = 0; i < limit; i++) {
      const outcome = await withTransaction(this.db, async (tx) => {
        const item = await this.inbound.lockNextPending(tx, now, 'sms');
        return item ? this.handle(tx, item, now) : null;
      });
      if (!outcome) break;
      round[outcome] += 1;
    }
    return round;
  }

  private async handle(tx: Parameters<InboundMessageRepository['markProcessed']>[0], item: PendingInboundMessage, now: Date): Promise<keyof InboundRound> {
    const sms = item.body as StoredSms;
    if (sms.from === null) return this.settle(tx, item, 'no reply: the sender is not a phone number', null, now);
    if (!this.channel) return this.settle(tx, item, 'no reply: SMS sending is not configured', null, now);
    // Urdu when the message is in Arabic script; Pashto readers get Urdu until the replies speak Pashto.
    const language = replyLanguage(sms.body, 'en') === 'en' ? 'en' : 'ur';
    const { text, what } = await this.replyTo(tx, sms.body, language);
    const result = await this.channel.send({ to: sms.from, subject: '', text, messageId: `inbound-${item.id}`, language });
    if (result.ok) return this.settle(tx, item, `replied: ${what}`, result.providerId, now);
    const wait = BACKOFF_MINUTES[item.attempts];
    if (result.retryable && wait !== undefined) {
      await this.inbound.retryLater(tx, item.id, result.error, new Date(now.getTime() + wait * 60_000));
      return 'retried';
    }
    return this.settle(tx, item, `reply failed: ${result.error}`, null, now);
  }

  private async replyTo(q: Queryable, text: string, language: 'en' | 'ur'): Promise<{ text: string; what: string }> {
    const command = parseBotCommand(text);
    if (command.kind !== 'status') return { text: smsHelpReply(language, this.options.publicUrl, this.options.helpline), what: 'help' };
    const complaint = await this.complaints.findByCode(q, command.code);
    if (!complaint) return { text: unknownCodeReply(language, command.code), what: 'status of an unknown code' };
    return { text: statusReply(language, complaint.code, complaint.state as ComplaintState, complaint.updatedAt, `${this.options.publicUrl}/api/v1/complaints/${complaint.code}`), what: 'status' };
  }

  private async settle(tx: Parameters<InboundMessageRepository['markProcessed']>[0], item: PendingInboundMessage, outcome: string, replyId: string | null, now: Date): Promise<'processed'> {
    await this.inbound.markProcessed(tx, item.id, outcome, replyId, now);
    return 'processed';
  }
}
