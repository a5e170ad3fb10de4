import type { OutboundChannel } from '../channels/channel.js';
import { withTransaction, type Db } from '../store/db.js';
import type { OutboxRepository, PendingMessage } from '../store/outbox.repository.js';
import { renderCitizenMessage } from './notification-templates.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** Minutes to wait before each retry of a failed delivery; after the last, the row is marked failed. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 720];

/** What one delivery round did. */
export interface DeliveryRound {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/**
 * Delivers the outbox: each row is locked, sent through the citizen's channel and settled in one transaction,
 * so two workers never send the same row. (A process that dies after the provider accepted a message but before
 * the commit would send it again on restart; the e-mail Message-ID is fixed per row so that repeat is recognisable.)
 */
export class NotificationService {
  constructor(
    private readonly db: Db,
    private readonly outbox: OutboxRepository,
    private readonly reference: ReferenceDataService,
    private readonly channels: { email: OutboundChannel | null },
    private readonly publicUrl: string,
  ) {}

  /** Delivers what is due, up to `limit` rows. */
  async deliverDue(now = new Date(), limit = 100): Promise<DeliveryRound> {
    const round: DeliveryRound = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    for (let i = 0; i < limit; i++) {
      const outcome = await withTransaction(this.db, async (tx) => {
        const message = await this.outbox.lockNextPending(tx, now);
        return message ? this.deliver(tx, message, now) : null;
      });
      if (!outcome) break;
      round[outcome] += 1;
    }
    return round;
  }

  private async deliver(tx: Parameters<OutboxRepository['settle']>[0], message: PendingMessage, now: Date): Promise<keyof DeliveryRound> {
    const seq = typeof message.payload.seq === 'number' ? message.payload.seq : null;
    const context = message.complaintId ? await this.outbox.context(tx, message.complaintId, seq, message.recipientCitizenId) : null;
    const event = context?.eventType ?? message.topic.replace(/^complaint\./, '');
    const ref = await this.reference.current();
    const office = context?.officeId ? ref.offices.get(context.officeId)?.name : undefined;
    const rendered = context && renderCitizenMessage(event, context.language, {
      code: context.code,
      trackingUrl: `${this.publicUrl}/api/v1/complaints/${context.code}`,
      office: office ? (office[context.language] ?? office.en) : null,
      detail: detailOf(event, context.eventPayload),
    });
    // Staff-facing events (reminders, escalations) wait for staff accounts and their inboxes.
    if (!context || !rendered) return this.skip(tx, message, 'no citizen message for this event', now);
    // A channel that answers in the citizen's own thread (an e-mail reply with the code) has acknowledged it already.
    if (typeof message.payload.answeredOnChannel === 'string' && message.recipientCitizenId === null) return this.skip(tx, message, `acknowledged on the ${message.payload.answeredOnChannel} channel`, now);
    // Followers hear what the citizen hears: each gets a copy of their own, delivered and retried on its own.
    // Copied on the first attempt only, so a retried message never copies twice.
    if (message.recipientCitizenId === null && message.attempts === 0 && event !== 'submitted') await this.outbox.copyToFollowers(tx, message);
    if (!context.email) return this.skip(tx, message, context.phone ? 'the citizen gave a phone number; SMS and WhatsApp delivery are not built yet' : 'no contact details', now);
    if (!this.channels.email) return this.skip(tx, message, 'e-mail is not configured (SMTP_URL)', now);
    const result = await this.channels.email.send({ to: context.email, ...rendered, messageId: `outbox-${message.id}`, language: context.language });
    if (result.ok) {
      await this.outbox.settle(tx, message.id, 'sent', 'email', null, now, result.providerId);
      return 'sent';
    }
    const wait = BACKOFF_MINUTES[message.attempts];
    if (result.retryable && wait !== undefined) {
      await this.outbox.retryLater(tx, message.id, result.error, new Date(now.getTime() + wait * 60_000));
      return 'retried';
    }
    await this.outbox.settle(tx, message.id, 'failed', 'email', result.error, now);
    return 'failed';
  }

  private async skip(tx: Parameters<OutboxRepository['settle']>[0], message: PendingMessage, reason: string, now: Date): Promise<'skipped'> {
    await this.outbox.settle(tx, message.id, 'skipped', null, reason, now);
    return 'skipped';
  }
}

// Staff-written words the citizen should read in the message itself.
function detailOf(event: string, payload: Record<string, unknown>): string | null {
  const text = event === 'information_requested' ? payload.question : event === 'update_posted' ? payload.text : event === 'resolved' || event === 'rejected' ? payload.reason : null;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}
