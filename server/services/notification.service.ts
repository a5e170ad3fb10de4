import type { DeliveryResult, OutboundChannel, OutboundMessage } from '../channels/channel.js';
import { asksForFeedback, chooseDeliveryChannel, whatsappWindowOpen, type DeliveryChannel } from '../domain/notification/delivery.js';
import { citizenTimeZone, formatCitizenTime } from '../domain/time/citizen-time.js';
import type { Db } from '../store/db.js';
import { workThrough } from './background-rounds.js';
import type { NotificationContext, OutboxRepository, PendingMessage } from '../store/outbox.repository.js';
import { feedbackButtons, renderSms, renderWhatsAppTemplate, renderWhatsAppText } from './notification-render.js';
import { citizenNotice, renderEmail, type CitizenNotice } from './notification-templates.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** Minutes to wait before each retry of a failed delivery; after the last, the row is marked failed. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 720];

/** What a delivery round did. */
export interface DeliveryRound {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/** The channels the outbox can deliver through; null where the installation has none. */
export interface NotificationChannels {
  email: OutboundChannel | null;
  sms: OutboundChannel | null;
  whatsapp: OutboundChannel | null;
}

/** Links in messages point here; the WhatsApp templates are the approved ones for outside the 24-hour window. */
export interface NotificationOptions {
  publicUrl: string;
  whatsappTemplates: { update: string; feedback: string } | null;
}

type Tx = Parameters<OutboxRepository['settle']>[0];

/** Writes staff-facing messages (outbox rows with a staff recipient): the address (null: none on file) and the text. */
export interface StaffMail {
  compose(tx: Tx, message: PendingMessage): Promise<{ to: string | null; subject: string; text: string } | null>;
}

/**
 * Delivers the outbox: each row is locked, sent through the citizen's channel and settled in one transaction,
 * so two workers never send the same row. (A process that dies after the provider accepted a message but before
 * the commit would send it again on restart; the message id is fixed per row so that repeat is recognisable.)
 * The channel is the citizen's (domain/notification/delivery.ts): WhatsApp or SMS when they filed there, else
 * e-mail, else SMS; times are shown in the citizen's own zone.
 */
export class NotificationService {
  private readonly configured: ReadonlySet<DeliveryChannel>;

  constructor(
    private readonly db: Db,
    private readonly outbox: OutboxRepository,
    private readonly reference: ReferenceDataService,
    private readonly channels: NotificationChannels,
    private readonly options: NotificationOptions,
    private readonly staffMail: StaffMail | null = null,
  ) {
    this.configured = new Set((['email', 'sms', 'whatsapp'] as const).filter((name) => channels[name] !== null));
  }

  /** Delivers what is due, up to `limit` rows. */
  async deliverDue(now = new Date(), limit = 100): Promise<DeliveryRound> {
    const round: DeliveryRound = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    return workThrough(this.db, limit, round, (tx) => this.outbox.lockNextPending(tx, now), (tx, message) => this.deliver(tx, message, now));
  }

  private async deliver(tx: Tx, message: PendingMessage, now: Date): Promise<keyof DeliveryRound> {
    if (message.recipientStaffId !== null) return this.deliverToStaff(tx, message, now);
    const seq = typeof message.payload.seq === 'number' ? message.payload.seq : null;
    const context = message.complaintId ? await this.outbox.context(tx, message.complaintId, seq, message.recipientCitizenId) : null;
    const event = context?.eventType ?? message.topic.replace(/^complaint\./, '');
    const notice = context && (await this.noticeFor(event, context));
    // Staff-facing events (reminders, escalations) wait for staff accounts and their inboxes.
    if (!context || !notice) return this.skip(tx, message, 'no citizen message for this event', now);
    // A channel that answers in the citizen's own thread (an e-mail reply with the code) has acknowledged it already.
    if (typeof message.payload.answeredOnChannel === 'string' && message.recipientCitizenId === null) return this.skip(tx, message, `acknowledged on the ${message.payload.answeredOnChannel} channel`, now);
    // Followers hear what the citizen hears: each gets a copy of their own, delivered and retried on its own.
    // Copied on the first attempt only, so a retried message never copies twice.
    if (message.recipientCitizenId === null && message.attempts === 0 && event !== 'submitted') await this.outbox.copyToFollowers(tx, message);
    const contact = { email: context.email !== null, phone: context.phone !== null };
    // A channel that takes complaints in conversation (the WhatsApp bot) may confirm the filing itself and say so.
    if ((contact.email || contact.phone) && message.payload.notifyCitizen === false) return this.skip(tx, message, 'notifyCitizen is false: the channel it came in on told the citizen', now);
    const channel = chooseDeliveryChannel(context.filedOn, contact, this.configured);
    if (!channel) return this.skip(tx, message, unreachable(contact), now);
    const result = await this.send(tx, channel, context, notice, `outbox-${message.id}`, now);
    return this.settle(tx, message, channel, result, now);
  }

  /** A staff-facing message goes by e-mail to the staff member's work address, when there is one. */
  private async deliverToStaff(tx: Tx, message: PendingMessage, now: Date): Promise<keyof DeliveryRound> {
    const mail = this.staffMail ? await this.staffMail.compose(tx, message) : null;
    if (!mail) return this.skip(tx, message, `no staff message for ${message.topic}`, now);
    if (mail.to === null) return this.skip(tx, message, 'no e-mail address on the staff account', now);
    if (!this.channels.email) return this.skip(tx, message, 'no channel configured for staff: e-mail (SMTP_URL) not set up', now);
    const result = await this.channels.email.send({ messageId: `outbox-${message.id}`, language: 'en', to: mail.to, subject: mail.subject, text: mail.text });
    return this.settle(tx, message, 'email', result, now);
  }

  private async noticeFor(event: string, context: NotificationContext): Promise<CitizenNotice | null> {
    const ref = await this.reference.current();
    const office = context.officeId ? ref.offices.get(context.officeId)?.name : undefined;
    const zone = citizenTimeZone(context);
    return citizenNotice(
      event,
      context.language,
      {
        code: context.code,
        trackingUrl: `${this.options.publicUrl}/api/v1/complaints/${context.code}`,
        office: office ? (office[context.language] ?? office.en) : null,
        detail: detailOf(event, context.eventPayload),
        dueAt: context.dueAt,
        eventAt: context.eventAt,
        asksFeedback: asksForFeedback(event),
      },
      (at) => formatCitizenTime(at, context.language, zone),
    );
  }

  /** Lays the notice out for the channel and sends it; WhatsApp respects the customer-service window. */
  private async send(tx: Tx, channel: DeliveryChannel, context: NotificationContext, notice: CitizenNotice, messageId: string, now: Date): Promise<DeliveryResult> {
    const base = { messageId, language: context.language, subject: '' };
    if (channel === 'email') return this.channels.email!.send({ ...base, to: context.email!, ...renderEmail(notice) });
    if (channel === 'sms') return this.channels.sms!.send({ ...base, to: context.phone!, text: renderSms(notice) });
    const whatsapp = this.channels.whatsapp!;
    const template = (): OutboundMessage => ({ ...base, to: context.phone!, text: renderWhatsAppText(notice), whatsapp: renderWhatsAppTemplate(notice, this.options.whatsappTemplates!) });
    if (!whatsappWindowOpen(await this.outbox.whatsappLastInbound(tx, context.phone!), now)) return whatsapp.send(template());
    // Interactive bodies hold 1,024 characters, text messages 4,096: the staff's words are clipped to fit.
    const free: OutboundMessage = { ...base, to: context.phone!, text: renderWhatsAppText(notice, notice.feedback ? 600 : 3000), whatsapp: feedbackButtons(notice) };
    const result = await whatsapp.send(free);
    // The window closed between our look and Meta's (the citizen's clock ran out in between): the template goes instead.
    return !result.ok && result.windowClosed ? whatsapp.send(template()) : result;
  }

  private async settle(tx: Tx, message: PendingMessage, channel: DeliveryChannel, result: DeliveryResult, now: Date): Promise<keyof DeliveryRound> {
    if (result.ok) {
      // The provider's id lets its delivery statuses (WhatsApp webhooks) find the row later.
      await this.outbox.settle(tx, message.id, 'sent', channel, null, now, result.providerId);
      return 'sent';
    }
    const wait = BACKOFF_MINUTES[message.attempts];
    if (result.retryable && wait !== undefined) {
      await this.outbox.retryLater(tx, message.id, result.error, new Date(now.getTime() + wait * 60_000));
      return 'retried';
    }
    await this.outbox.settle(tx, message.id, 'failed', channel, result.error, now);
    return 'failed';
  }

  private async skip(tx: Tx, message: PendingMessage, reason: string, now: Date): Promise<'skipped'> {
    await this.outbox.settle(tx, message.id, 'skipped', null, reason, now);
    return 'skipped';
  }
}

// Why nobody could be told, in words without personal data.
function unreachable(contact: { email: boolean; phone: boolean }): string {
  if (!contact.email && !contact.phone) return 'no contact details';
  const missing = [contact.email && 'e-mail (SMTP_URL)', contact.phone && 'SMS or WhatsApp (EKHTYAR_SMS_* / EKHTYAR_WHATSAPP_*)'].filter(Boolean);
  return `no channel configured for this citizen: ${missing.join(', ')} not set up`;
}

// Staff-written words the citizen should read in the message itself.
function detailOf(event: string, payload: Record<string, unknown>): string | null {
  const text = event === 'information_requested' ? payload.question : event === 'update_posted' ? payload.text : event === 'resolved' || event === 'rejected' ? payload.reason : null;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}
