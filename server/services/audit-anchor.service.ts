import type { OutboundChannel } from '../channels/channel.js';
import { anchorHash, anchorText, EventsDigest } from '../domain/audit/anchor-hash.js';
import { AUDIT_ACTIONS } from '../domain/audit/audit-log-hash.js';
import { eventHashesById, insertAnchor, lastAnchor, settledEventCutoff, type AnchorRecord } from '../store/audit-chain.repository.js';
import { appendAuditEntry } from '../store/audit-log.repository.js';
import type { Db } from '../store/db.js';

// Anchors are written one at a time (the job and `ekhtyar audit anchor` may meet): each carries on from the last.
const ANCHOR_LOCK = 0x656b6163; // "ekac"

/** Where anchors are mailed, when they are. */
export interface AnchorMail {
  channel: OutboundChannel;
  to: string;
}

/** A written anchor, and whether its copy went out. */
export interface AnchorResult {
  anchor: AnchorRecord;
  /** null when no address is configured; otherwise the delivery's outcome. */
  mailed: { ok: true } | { ok: false; error: string } | null;
}

/**
 * Writes anchors: the state of every hash chain at a cut-off (a digest over all complaint event hashes up to a
 * settled event id, and the audit log's head), chained to the anchor before, recorded in the audit log, and mailed
 * to an address outside the database's reach when one is configured.
 */
export class AuditAnchorService {
  constructor(
    private readonly db: Db,
    private readonly mail: AnchorMail | null = null,
  ) {}

  /** Writes one anchor now. Only the events since the last anchor are read, so a daily anchor costs one day's events. */
  async anchor(now = new Date()): Promise<AnchorResult> {
    const anchor = await this.write(now);
    if (!this.mail) return { anchor, mailed: null };
    const sent = await this.mail.channel.send({
      to: this.mail.to,
      subject: `Ekhtyar audit anchor ${anchor.id}: ${anchor.hash.toString('hex').slice(0, 16)}`,
      text: anchorText(anchor),
      messageId: `audit-anchor-${anchor.id}-${anchor.hash.toString('hex').slice(0, 16)}`,
      language: 'en',
    });
    return { anchor, mailed: sent.ok ? { ok: true } : { ok: false, error: sent.error } };
  }

  private async write(now: Date): Promise<AnchorRecord> {
    const client = await this.db.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [ANCHOR_LOCK]);
      const cutoff = await settledEventCutoff(client);
      const previous = await lastAnchor(client);
      // Cut-offs never go back (another writer cannot have passed us: we hold the lock).
      const cutoffEventId = Math.max(cutoff, previous?.cutoffEventId ?? 0);
      const digest = await this.digestThrough(previous, cutoffEventId);
      await client.query('begin');
      try {
        // The audit log head is locked (as an append would) so the head recorded is the one the anchor entry follows.
        const { rows } = await client.query<{ last_id: string; last_hash: Buffer | null }>('select last_id, last_hash from audit_log_head for update');
        const fields = {
          id: (previous?.id ?? 0) + 1,
          createdAt: new Date(Math.floor(now.getTime())),
          cutoffEventId,
          eventCount: digest.count,
          eventsHash: digest.hash,
          auditLogId: Number(rows[0]?.last_id ?? 0),
          auditLogHash: rows[0]?.last_hash ?? null,
        };
        const prevHash = previous?.hash ?? null;
        const anchor: AnchorRecord = { ...fields, prevHash, hash: anchorHash(prevHash, fields) };
        await insertAnchor(client, anchor);
        await appendAuditEntry(client, {
          action: AUDIT_ACTIONS.anchorWritten,
          actorRole: 'system',
          actorId: 'audit-anchor',
          subjectType: 'audit_anchor',
          subjectId: String(anchor.id),
          payload: { hash: anchor.hash.toString('hex'), cutoffEventId, eventCount: anchor.eventCount, auditLogId: anchor.auditLogId },
        });
        await client.query('commit');
        return anchor;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [ANCHOR_LOCK]).catch(() => undefined);
      client.release();
    }
  }

  // Events up to the cut-off are all committed and append-only, so they are read outside any transaction.
  private async digestThrough(previous: AnchorRecord | null, cutoff: number): Promise<EventsDigest> {
    const digest = new EventsDigest(previous?.eventsHash ?? null, previous?.eventCount ?? 0);
    const pageSize = 10_000;
    for (let after = previous?.cutoffEventId ?? 0; after < cutoff; ) {
      const page = await eventHashesById(this.db, after, cutoff, pageSize);
      for (const row of page) digest.add(row.hash);
      after = page.length < pageSize ? cutoff : (page[page.length - 1]?.id ?? cutoff);
    }
    return digest;
  }
}
