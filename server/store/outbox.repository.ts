import type pg from 'pg';
import type { FiledOn } from '../domain/notification/delivery.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';

/** An outbox row waiting to go out. */
export interface PendingMessage {
  id: string;
  topic: string;
  complaintId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  /** A follower this copy is for; null for the complaint's own citizen. */
  recipientCitizenId: string | null;
  /** A staff member this message is for (staff-facing messages such as spike alerts); null for citizens' messages. */
  recipientStaffId: string | null;
}

/** What a notification needs to know: the complaint, the event, and how to reach its citizen. */
export interface NotificationContext {
  code: string;
  language: 'en' | 'ur' | 'ps';
  officeId: string | null;
  /** How the complaint arrived (complaints.channel); null for a follower's copy, who did not file it. */
  filedOn: FiledOn | null;
  /** The complaint's SLA due time (null while paused, or once closed). */
  dueAt: Date | null;
  email: string | null;
  phone: string | null;
  /** The zone the recipient set, and their phone number's country: the zone their times are shown in comes from these. */
  timeZone: string | null;
  countryCode: string | null;
  eventType: string | null;
  eventPayload: Record<string, unknown>;
  eventAt: Date | null;
}

/** Reads and settles outbox rows; all SQL of delivery lives here. */
export class OutboxRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /** Locks the oldest row due for delivery, skipping rows another worker holds. */
  async lockNextPending(tx: pg.PoolClient, now: Date): Promise<PendingMessage | null> {
    const { rows } = await tx.query(
      `select id, topic, complaint_id, payload, attempts, recipient_citizen_id, recipient_staff_id from outbox where status = 'pending' and available_at <= greatest($1::timestamptz, now())
        order by available_at, id limit 1 for update skip locked`,
      [now],
    );
    const r = rows[0];
    return r ? { id: r.id, topic: r.topic, complaintId: r.complaint_id, payload: r.payload, attempts: r.attempts, recipientCitizenId: r.recipient_citizen_id, recipientStaffId: r.recipient_staff_id } : null;
  }

  /** The complaint, the event (by its seq) and the citizen's contact for a message. */
  async context(tx: pg.PoolClient, complaintId: string, seq: number | null, recipientCitizenId: string | null): Promise<NotificationContext | null> {
    const { rows } = await tx.query(
      `select c.code, coalesce(z.language, c.language) as language, c.office_id, c.channel, c.due_at, z.id as citizen_id, z.email, z.phone,
              z.time_zone, z.country_code, e.type, e.payload, e.created_at as event_at
         from complaints c
         left join citizens z on z.id = coalesce($3, c.citizen_id)
         left join complaint_events e on e.complaint_id = c.id and e.seq = $2
        where c.id = $1`,
      [complaintId, seq, recipientCitizenId],
    );
    const r = rows[0];
    if (!r) return null;
    // Opened only to send: the address is handed to the channel and never stored or logged in clear.
    const email = r.citizen_id ? this.cipher.open('citizens.email', r.citizen_id, r.email) : null;
    const phone = r.citizen_id ? this.cipher.open('citizens.phone', r.citizen_id, r.phone) : null;
    return {
      code: r.code,
      language: r.language,
      officeId: r.office_id,
      filedOn: recipientCitizenId === null ? r.channel : null,
      dueAt: r.due_at,
      email,
      phone,
      timeZone: r.time_zone,
      countryCode: r.country_code,
      eventType: r.type,
      eventPayload: r.payload ?? {},
      eventAt: r.event_at,
    };
  }

  /**
   * When the holder of a WhatsApp number last wrote to us (their 24-hour window runs from it); null if never. Found by
   * the number's blind index under any current or older key, as the conversation was stored.
   */
  async whatsappLastInbound(tx: pg.PoolClient, number: string): Promise<Date | null> {
    const { rows } = await tx.query(`select max(last_inbound_at) as at from whatsapp_conversations where wa_lookup = any($1::text[])`, [this.cipher.lookupCandidates('phone', number)]);
    return rows[0]?.at ?? null;
  }

  /** Settles a row for good: sent, failed or skipped, with the channel used and the reason. */
  async settle(tx: pg.PoolClient, id: string, status: 'sent' | 'failed' | 'skipped', channel: string | null, note: string | null, now: Date, providerMessageId: string | null = null): Promise<void> {
    // The provider's id lets its delivery statuses (WhatsApp webhooks) find the row later.
    await tx.query(
      `update outbox set status = $2, channel = $3, last_error = $4, attempts = attempts + $5, delivered_at = case when $2 = 'sent' then $6 else delivered_at end,
              provider_message_id = coalesce($7, provider_message_id) where id = $1`,
      [id, status, channel, note, status === 'skipped' ? 0 : 1, now, providerMessageId],
    );
  }

  /** Queues a copy of a message for each follower of its complaint (in the caller's transaction). */
  async copyToFollowers(tx: pg.PoolClient, message: PendingMessage): Promise<number> {
    const { rowCount } = await tx.query(
      `insert into outbox (topic, complaint_id, payload, recipient_citizen_id)
       select $2, $1, $3, f.citizen_id from complaint_followers f where f.complaint_id = $1`,
      [message.complaintId, message.topic, JSON.stringify(message.payload)],
    );
    return rowCount ?? 0;
  }

  /** Puts a row back for another try after a failure that may pass. */
  async retryLater(tx: pg.PoolClient, id: string, error: string, availableAt: Date): Promise<void> {
    await tx.query(`update outbox set attempts = attempts + 1, last_error = $2, available_at = $3 where id = $1`, [id, error, availableAt]);
  }
}
