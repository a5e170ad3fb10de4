import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import type { Queryable } from './db.js';

/** The channels whose messages are kept in inbound_messages. */
export type InboundChannel = 'whatsapp' | 'sms' | 'email';

/** An item of a webhook as it is stored: sealed body, blind index of the number it concerns. */
export interface NewInboundMessage {
  channel: InboundChannel;
  providerKey: string;
  kind: 'message' | 'status' | 'other';
  subtype: string;
  /** The number (E.164) the item concerns, indexed but not stored in clear; null when it names nobody. */
  number: string | null;
  body: unknown;
  providerAt: Date | null;
}

/** A stored item waiting to be processed, its body opened. */
export interface PendingInboundMessage {
  id: string;
  channel: InboundChannel;
  providerKey: string;
  kind: 'message' | 'status' | 'other';
  subtype: string;
  body: unknown;
  providerAt: Date | null;
  receivedAt: Date;
  attempts: number;
}

/** A WhatsApp user's conversation: the language they write in and when they last wrote. */
export interface WhatsAppConversation {
  id: string;
  language: 'en' | 'ur' | 'ps';
  lastInboundAt: Date;
}

const rowIdOf = (channel: string, providerKey: string) => `${channel}:${providerKey}`;

/** Inbound messages (kept before anything is done with them), WhatsApp conversations, and delivery statuses. */
export class InboundMessageRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /**
   * Stores the items in one statement (atomic on its own); an item whose provider key is already stored is skipped,
   * so a redelivered webhook adds nothing. Returns how many were new.
   */
  async insertMany(q: Queryable, items: NewInboundMessage[]): Promise<number> {
    if (items.length === 0) return 0;
    const { rowCount } = await q.query(
      `insert into inbound_messages (channel, provider_key, kind, subtype, sender_lookup, body, provider_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       on conflict (channel, provider_key) do nothing`,
      [
        items.map((i) => i.channel),
        items.map((i) => i.providerKey),
        items.map((i) => i.kind),
        items.map((i) => i.subtype),
        items.map((i) => this.cipher.lookup('phone', i.number)),
        items.map((i) => this.cipher.seal('inbound_messages.body', rowIdOf(i.channel, i.providerKey), JSON.stringify(i.body))),
        items.map((i) => i.providerAt),
      ],
    );
    return rowCount ?? 0;
  }

  /**
   * Locks the channel's oldest unprocessed item that is due, skipping any another worker holds. Due means by `now` or by
   * the database's clock, whichever is later: a row stamped by the database a fraction of a millisecond before `now`
   * was read (JavaScript's clock has only whole milliseconds) is due, not left for the next round.
   */
  async lockNextPending(tx: pg.PoolClient, now: Date, channel: InboundChannel): Promise<PendingInboundMessage | null> {
    const { rows } = await tx.query(
      `select id, channel, provider_key, kind, subtype, body, provider_at, received_at, attempts from inbound_messages
        where processed_at is null and available_at <= greatest($1::timestamptz, now()) and channel = $2 order by available_at, id limit 1 for update skip locked`,
      [now, channel],
    );
    const r = rows[0];
    if (!r) return null;
    const body = JSON.parse(this.cipher.open('inbound_messages.body', rowIdOf(r.channel, r.provider_key), r.body) ?? 'null') as unknown;
    return { id: r.id, channel: r.channel, providerKey: r.provider_key, kind: r.kind, subtype: r.subtype, body, providerAt: r.provider_at, receivedAt: r.received_at, attempts: r.attempts };
  }

  /** Marks an item done, with what was done (words without personal data) and our reply's provider id. */
  async markProcessed(tx: pg.PoolClient, id: string, outcome: string, replyProviderId: string | null, now: Date): Promise<void> {
    await tx.query(`update inbound_messages set processed_at = $2, outcome = $3, reply_provider_id = $4, attempts = attempts + 1 where id = $1`, [id, now, outcome, replyProviderId]);
  }

  /** Puts an item back for another try after a failure that may pass. */
  async retryLater(tx: pg.PoolClient, id: string, error: string, availableAt: Date): Promise<void> {
    await tx.query(`update inbound_messages set attempts = attempts + 1, last_error = $2, available_at = $3 where id = $1`, [id, error, availableAt]);
  }

  /**
   * Records that a WhatsApp user wrote at `at` in `language` (null keeps the one known), locking their conversation
   * until the transaction ends, so one user's messages are answered one at a time. A conversation found under an
   * older key's index moves to the current one.
   */
  async touchConversation(tx: pg.PoolClient, number: string, at: Date, language: (previous: 'en' | 'ur' | 'ps') => 'en' | 'ur' | 'ps'): Promise<WhatsAppConversation> {
    const current = this.cipher.lookup('phone', number) as string;
    const found = await tx.query(`select id, language from whatsapp_conversations where wa_lookup = any($1::text[]) for update`, [this.cipher.lookupCandidates('phone', number)]);
    const existing = found.rows[0] as { id: string; language: 'en' | 'ur' | 'ps' } | undefined;
    if (existing) {
      const { rows } = await tx.query(
        `update whatsapp_conversations set wa_lookup = $2, language = $3, last_inbound_at = greatest(last_inbound_at, $4), updated_at = now()
          where id = $1 returning id, language, last_inbound_at`,
        [existing.id, current, language(existing.language), at],
      );
      return toConversation(rows[0]);
    }
    const id = randomUUID();
    const { rows } = await tx.query(
      `insert into whatsapp_conversations (id, wa_lookup, wa_id, language, last_inbound_at) values ($1, $2, $3, $4, $5)
       on conflict (wa_lookup) do update set last_inbound_at = greatest(whatsapp_conversations.last_inbound_at, excluded.last_inbound_at), updated_at = now()
       returning id, language, last_inbound_at`,
      [id, current, this.cipher.seal('whatsapp_conversations.wa_id', id, number), language('en'), at],
    );
    return toConversation(rows[0]);
  }

  /**
   * Applies a delivery status to whatever we sent with that provider id (an outbox row, a bot reply). A status only
   * moves forward (sent → delivered → read → played; failed at any point), since Meta may deliver them out of order.
   * Returns how many rows it matched.
   */
  async applyDeliveryStatus(q: Queryable, providerMessageId: string, status: string, at: Date): Promise<number> {
    const rank = (column: string) => `coalesce(array_position(array['sent', 'delivered', 'read', 'played', 'failed'], ${column}), 0)`;
    const outbox = await q.query(
      `update outbox set provider_status = $2, provider_status_at = $3 where provider_message_id = $1 and ${rank('provider_status')} < ${rank('$2::text')}`,
      [providerMessageId, status, at],
    );
    const replies = await q.query(`update inbound_messages set reply_status = $2 where reply_provider_id = $1 and ${rank('reply_status')} < ${rank('$2::text')}`, [providerMessageId, status]);
    return (outbox.rowCount ?? 0) + (replies.rowCount ?? 0);
  }
}

function toConversation(r: { id: string; language: 'en' | 'ur' | 'ps'; last_inbound_at: Date }): WhatsAppConversation {
  return { id: r.id, language: r.language, lastInboundAt: r.last_inbound_at };
}
