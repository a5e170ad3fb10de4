import { createHash } from 'node:crypto';
import type pg from 'pg';
import { emailLookupKey } from '../domain/contact.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import type { Queryable } from './db.js';

/** A mail as the SMTP server took it: the envelope and the raw message (RFC 5322 bytes). */
export interface StoredMail {
  /** MAIL FROM: '' for the null sender <> of bounces. */
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
}

/** A stored mail waiting to be handled, opened. */
export interface PendingMail {
  id: string;
  providerKey: string;
  mail: StoredMail;
  receivedAt: Date;
  attempts: number;
  /** Set once the mail filed a complaint or added to one (a retried reply then does only what is left). */
  complaintId: string | null;
  /** 'released' when staff let a held mail through: it is handled without the per-sender limit. */
  reviewStatus: 'held' | 'released' | 'discarded' | null;
  /** What was done so far (an answer still pending says so). */
  outcome: string | null;
}

/** A mail held for review (over the per-sender limit), for the staff list: no address, a pseudonymous sender key. */
export interface HeldMailRecord {
  id: string;
  receivedAt: Date;
  sizeBytes: number | null;
  outcome: string | null;
  /** The same for every mail of one sender (a hash of the blind index), so a bomb shows as one sender. */
  senderRef: string | null;
  /** Mails of that sender held now. */
  heldFromSender: number;
}

type Row = { id: string; provider_key: string; body: string; received_at: Date; attempts: number; complaint_id: string | null; review_status: PendingMail['reviewStatus']; outcome: string | null };
const COLUMNS = 'id, provider_key, body, received_at, attempts, complaint_id, review_status, outcome';

const rowIdOf = (providerKey: string) => `email:${providerKey}`;

/** Inbound mail in inbound_messages (channel 'email'): stored once per provider key, then handled, held or released. */
export class EmailInboundRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /**
   * Stores a mail unless its provider key (Message-ID, or sha256 of the raw bytes) is already stored; true when new.
   * The raw message is sealed (it holds addresses, names and what the citizen wrote); the sender is kept as a blind index.
   */
  async insert(q: Queryable, providerKey: string, sender: string | null, mail: StoredMail): Promise<boolean> {
    const body = JSON.stringify({ envelopeFrom: mail.envelopeFrom, envelopeTo: mail.envelopeTo, raw: mail.raw.toString('base64') });
    const { rowCount } = await q.query(
      `insert into inbound_messages (channel, provider_key, kind, subtype, sender_lookup, body, size_bytes) values ('email', $1, 'message', 'email', $2, $3, $4)
       on conflict (channel, provider_key) do nothing`,
      [providerKey, sender ? this.cipher.lookup('email', emailLookupKey(sender)) : null, this.cipher.seal('inbound_messages.body', rowIdOf(providerKey), body), mail.raw.length],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Locks the oldest mail due for handling (see InboundMessageRepository.lockNextPending on "due"). */
  async lockNextPending(tx: pg.PoolClient, now: Date): Promise<PendingMail | null> {
    const { rows } = await tx.query<Row>(
      `select ${COLUMNS} from inbound_messages
        where processed_at is null and available_at <= greatest($1::timestamptz, now()) and channel = 'email' order by available_at, id limit 1 for update skip locked`,
      [now],
    );
    return rows[0] ? this.toPending(rows[0]) : null;
  }

  /** Locks one mail by id (staff release), whatever its state. */
  async lockById(tx: pg.PoolClient, id: string): Promise<PendingMail | null> {
    const { rows } = await tx.query<Row>(`select ${COLUMNS} from inbound_messages where id = $1 and channel = 'email' for update`, [id]);
    return rows[0] ? this.toPending(rows[0]) : null;
  }

  /** Settles a mail: what was done (words without personal data), the complaint it concerned, our answer's Message-ID. */
  async settle(tx: pg.PoolClient, id: string, outcome: string, complaintId: string | null, replyMessageId: string | null, now: Date): Promise<void> {
    await tx.query(
      `update inbound_messages set processed_at = $2, outcome = $3, complaint_id = coalesce($4, complaint_id), reply_provider_id = coalesce($5, reply_provider_id), attempts = attempts + 1, last_error = null where id = $1`,
      [id, now, outcome, complaintId, replyMessageId],
    );
  }

  /** Puts a mail back for another try, with the complaint it filed or added to and what is left to do (the answer). */
  async retryLater(tx: pg.PoolClient, id: string, complaintId: string | null, outcome: string | null, error: string, availableAt: Date): Promise<void> {
    await tx.query(`update inbound_messages set attempts = attempts + 1, outcome = $3, last_error = $4, available_at = $5, complaint_id = coalesce($2, complaint_id) where id = $1`, [
      id,
      complaintId,
      outcome,
      error.slice(0, 500),
      availableAt,
    ]);
  }

  /** Holds a mail for review: settled (the loop leaves it) with the reason, until staff release or discard it. */
  async hold(tx: pg.PoolClient, id: string, outcome: string, now: Date): Promise<void> {
    await tx.query(`update inbound_messages set processed_at = $2, outcome = $3, review_status = 'held', attempts = attempts + 1 where id = $1`, [id, now, outcome]);
  }

  /** Releases a held mail: due again now, handled without the per-sender limit. False when it is not held. */
  async release(q: Queryable, id: string, by: string, now: Date): Promise<boolean> {
    const { rowCount } = await q.query(
      `update inbound_messages set processed_at = null, available_at = $3, review_status = 'released', reviewed_by = $2, reviewed_at = $3, outcome = outcome || ' (released for handling)'
        where id = $1 and channel = 'email' and review_status = 'held'`,
      [id, by, now],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Discards a held mail: kept, never filed. False when it is not held. */
  async discard(q: Queryable, id: string, by: string, now: Date): Promise<boolean> {
    const { rowCount } = await q.query(
      `update inbound_messages set review_status = 'discarded', reviewed_by = $2, reviewed_at = $3, outcome = outcome || ' (discarded by staff)' where id = $1 and channel = 'email' and review_status = 'held'`,
      [id, by, now],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Held mail, oldest first, with how many each sender has held. */
  async listHeld(q: Queryable, limit: number): Promise<HeldMailRecord[]> {
    const { rows } = await q.query<{ id: string; received_at: Date; size_bytes: number | null; outcome: string | null; sender_lookup: string | null; held: number }>(
      `select id, received_at, size_bytes, outcome, sender_lookup, count(*) over (partition by sender_lookup)::int as held
         from inbound_messages where review_status = 'held' and channel = 'email' order by received_at, id limit $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      sizeBytes: r.size_bytes,
      outcome: r.outcome,
      senderRef: r.sender_lookup ? createHash('sha256').update(r.sender_lookup).digest('hex').slice(0, 16) : null,
      heldFromSender: r.held,
    }));
  }

  /**
   * The complaint a reply belongs to, by the Message-IDs it answers: an answer of ours to a mail (inbound_messages),
   * or a notification the outbox mailed (outbox). Null when none of the ids is ours.
   */
  async complaintAnswered(q: Queryable, messageIds: string[]): Promise<string | null> {
    if (messageIds.length === 0) return null;
    const { rows } = await q.query<{ complaint_id: string }>(
      `select complaint_id from (
         select complaint_id, received_at as at from inbound_messages where channel = 'email' and reply_provider_id = any($1::text[]) and complaint_id is not null
         union all select complaint_id, created_at from outbox where provider_message_id = any($1::text[]) and complaint_id is not null
       ) as t order by at desc limit 1`,
      [messageIds],
    );
    return rows[0]?.complaint_id ?? null;
  }

  /** The tracking code and citizen of a complaint by id. */
  async complaintCode(q: Queryable, complaintId: string): Promise<string | null> {
    const { rows } = await q.query<{ code: string }>('select code from complaints where id = $1', [complaintId]);
    return rows[0]?.code ?? null;
  }

  private toPending(r: Row): PendingMail {
    const opened = JSON.parse(this.cipher.open('inbound_messages.body', rowIdOf(r.provider_key), r.body) ?? '{}') as { envelopeFrom?: string; envelopeTo?: string[]; raw?: string };
    return {
      id: r.id,
      providerKey: r.provider_key,
      mail: { envelopeFrom: opened.envelopeFrom ?? '', envelopeTo: opened.envelopeTo ?? [], raw: Buffer.from(opened.raw ?? '', 'base64') },
      receivedAt: r.received_at,
      attempts: r.attempts,
      complaintId: r.complaint_id,
      reviewStatus: r.review_status,
      outcome: r.outcome,
    };
  }
}
