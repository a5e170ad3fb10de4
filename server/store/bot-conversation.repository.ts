import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { restoreConversation, type BotAttachment, type Conversation } from '../domain/filing-bot/conversation.js';
import type { BotLanguage } from '../domain/filing-bot/language.js';
import type { Prompt } from '../domain/filing-bot/prompts.js';
import type { FieldCipher, SealedField } from '../domain/privacy/field-cipher.js';
import type { AttachmentRow } from './complaint-intake.repository.js';
import type { Queryable } from './db.js';

/** The channels the filing bot talks on. */
export type BotChannel = 'whatsapp' | 'sms';

/** The bot's saved state of one conversation: its step and answers, replies not yet delivered, messages applied. */
export interface StoredBot {
  conversation: Conversation;
  /** Replies decided but not yet taken by the provider (sent first on the next try or the next message). */
  pending: Prompt[];
  /** Ids of the inbound messages already applied, so a retry only delivers and never applies one twice. */
  applied: string[];
}

/** An SMS sender's conversation: the language they write in and when they last wrote. */
export interface SmsConversation {
  id: string;
  language: BotLanguage;
  lastInboundAt: Date;
}

// Fixed names by channel (never from input): each channel keeps its conversations in its own table.
const TABLES = { whatsapp: 'whatsapp_conversations', sms: 'sms_conversations' } as const;
const SEALED: Record<BotChannel, SealedField> = { whatsapp: 'whatsapp_conversations.bot_data', sms: 'sms_conversations.bot_data' };
const APPLIED_KEPT = 20;

/** A checked file, as intake attaches it. */
type KeptFile = Omit<AttachmentRow, 'complaintId' | 'eventSeq' | 'createdAt'>;

/** The filing bot's state per conversation (sealed), SMS conversations, and the files kept until filing. */
export class BotConversationRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /** The bot's state of a conversation (locked by the caller's touch); a conversation never used starts idle. */
  async load(tx: pg.PoolClient, channel: BotChannel, id: string): Promise<StoredBot> {
    const { rows } = await tx.query(`select language, bot_data from ${TABLES[channel]} where id = $1`, [id]);
    const row = rows[0] as { language: BotLanguage; bot_data: { sealed?: string } } | undefined;
    const language = row?.language ?? 'en';
    const opened = row?.bot_data.sealed ? this.cipher.open(SEALED[channel], id, row.bot_data.sealed) : null;
    const raw = (opened ? JSON.parse(opened) : {}) as { conversation?: unknown; pending?: unknown; applied?: unknown };
    return {
      conversation: restoreConversation(raw.conversation, language),
      pending: Array.isArray(raw.pending) ? (raw.pending as Prompt[]) : [],
      applied: Array.isArray(raw.applied) ? raw.applied.filter((a): a is string => typeof a === 'string') : [],
    };
  }

  /** Saves the bot's state, sealed; the step and language go in clear (they say nothing about the person). */
  async save(tx: pg.PoolClient, channel: BotChannel, id: string, stored: StoredBot): Promise<void> {
    const data = JSON.stringify({ conversation: stored.conversation, pending: stored.pending, applied: stored.applied.slice(-APPLIED_KEPT) });
    await tx.query(`update ${TABLES[channel]} set bot_state = $2, bot_data = jsonb_build_object('sealed', $3::text), language = $4, updated_at = now() where id = $1`, [
      id,
      stored.conversation.step,
      this.cipher.seal(SEALED[channel], id, data),
      stored.conversation.language,
    ]);
  }

  /**
   * Records that an SMS sender wrote at `at`, locking their conversation until the transaction ends (one sender's
   * messages are handled one at a time). A conversation found under an older key's index moves to the current one.
   */
  async touchSms(tx: pg.PoolClient, number: string, at: Date): Promise<SmsConversation> {
    const current = this.cipher.lookup('phone', number) as string;
    const found = await tx.query(`select id from sms_conversations where number_lookup = any($1::text[]) for update`, [this.cipher.lookupCandidates('phone', number)]);
    const existing = found.rows[0] as { id: string } | undefined;
    if (existing) {
      const { rows } = await tx.query(
        `update sms_conversations set number_lookup = $2, last_inbound_at = greatest(last_inbound_at, $3), updated_at = now() where id = $1 returning id, language, last_inbound_at`,
        [existing.id, current, at],
      );
      return toSms(rows[0]);
    }
    const id = randomUUID();
    const { rows } = await tx.query(
      `insert into sms_conversations (id, number_lookup, number, last_inbound_at) values ($1, $2, $3, $4)
       on conflict (number_lookup) do update set last_inbound_at = greatest(sms_conversations.last_inbound_at, excluded.last_inbound_at), updated_at = now()
       returning id, language, last_inbound_at`,
      [id, current, this.cipher.seal('sms_conversations.number', id, number), at],
    );
    return toSms(rows[0]);
  }

  /** Keeps a checked file for a conversation until filing; returns it as the conversation refers to it. */
  async keepMedia(q: Queryable, channel: BotChannel, conversationId: string, kind: BotAttachment['kind'], file: KeptFile): Promise<BotAttachment> {
    await q.query(`insert into bot_media (id, channel, conversation_id, kind, filename, content_type, size_bytes, sha256, data) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
      file.id,
      channel,
      conversationId,
      kind,
      file.filename,
      file.contentType,
      file.sizeBytes,
      file.sha256,
      file.data,
    ]);
    return { id: file.id, kind };
  }

  /** The kept files of a conversation with these ids, in the order given, ready to attach (each under a new id). */
  async media(q: Queryable, conversationId: string, ids: string[]): Promise<KeptFile[]> {
    if (ids.length === 0) return [];
    const { rows } = await q.query(`select id, filename, content_type, size_bytes, sha256, data from bot_media where conversation_id = $1 and id = any($2::uuid[])`, [conversationId, ids]);
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      // The attachment gets its own id: a retried filing that finds the complaint already written adds nothing twice.
      const attachmentId = randomUUID();
      return [{ id: attachmentId, filename: r.filename, contentType: r.content_type, sizeBytes: r.size_bytes, sha256: r.sha256, storageKey: `attachments/${attachmentId}`, data: r.data }];
    });
  }

  /** Deletes kept files (filed, cancelled, timed out). */
  async deleteMedia(q: Queryable, conversationId: string, ids: string[]): Promise<void> {
    if (ids.length > 0) await q.query(`delete from bot_media where conversation_id = $1 and id = any($2::uuid[])`, [conversationId, ids]);
  }

  /** Deletes files kept longer than a conversation can last; returns how many. */
  async pruneMedia(q: Queryable, keptBefore: Date): Promise<number> {
    const { rowCount } = await q.query(`delete from bot_media where created_at < $1`, [keptBefore]);
    return rowCount ?? 0;
  }
}

function toSms(r: { id: string; language: BotLanguage; last_inbound_at: Date }): SmsConversation {
  return { id: r.id, language: r.language, lastInboundAt: r.last_inbound_at };
}
