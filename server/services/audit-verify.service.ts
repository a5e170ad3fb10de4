import type pg from 'pg';
import { anchorHash, EventsDigest } from '../domain/audit/anchor-hash.js';
import { auditEntryHash } from '../domain/audit/audit-log-hash.js';
import { ChainWalker, describeBreak, sameHash } from '../domain/audit/chain-check.js';
import { eventHash } from '../domain/audit/event-hash.js';
import { complaintNotFound } from '../errors.js';
import {
  anchorsAfter,
  anchorsById,
  complaintHeads,
  complaintIdByCode,
  estimatedChainSizes,
  eventHashesById,
  eventsInChainOrder,
  type AnchorRecord,
  type ChainedEvent,
  type ComplaintHead,
} from '../store/audit-chain.repository.js';
import { auditEntriesAfter, auditEntryHashes, auditLogHead, type AuditEntry } from '../store/audit-log.repository.js';
import type { Db } from '../store/db.js';
import { KeysetReader } from '../store/keyset-reader.js';

/** One broken chain (its first broken link) or anchor that no longer matches. */
export interface VerifyProblem {
  chain: 'complaint' | 'audit_log' | 'anchor';
  /** The complaint's tracking code (or id, for events whose complaint row is gone), 'audit_log', or the anchor id. */
  subject: string;
  /** The seq or id of the first broken link, when there is one. */
  position: number | null;
  /** The whole finding as one line. */
  message: string;
}

/** How far a verification has come, for progress output. */
export interface VerifyProgress {
  phase: 'complaint chains' | 'audit log' | 'anchors';
  done: number;
  /** The planner's estimate of the total, when there is one. */
  total: number | null;
}

/** What to verify and where to report. */
export interface VerifyOptions {
  /** Only this complaint's chain (a canonical tracking code); the audit log and anchors are then skipped. */
  complaintCode?: string | null;
  /** Rows per page read (default 5,000). */
  batchSize?: number;
  /** Anchors as kept elsewhere (e.g. mailed copies): each must still be in the database with this hash. */
  expectedAnchors?: { id: number; hash: Buffer }[];
  onProblem?: (problem: VerifyProblem) => void;
  onProgress?: (progress: VerifyProgress) => void;
}

/** What was checked, and how many problems were found. */
export interface VerifyReport {
  complaints: number;
  events: number;
  auditEntries: number;
  anchors: number;
  problems: number;
  ms: number;
}

/**
 * Recomputes every hash chain: each complaint's events (against the chain head on its row), the audit log (against
 * its head row), and the anchors (their own chain, and each one's digest of the events and audit log). Rows stream
 * in keyset pages inside one read-only REPEATABLE READ transaction: memory stays bounded, and appends made while it
 * runs are not seen, so no head is compared with a chain read at another moment.
 */
export class AuditVerifyService {
  constructor(private readonly db: Db) {}

  /** Runs the checks; problems go to `onProblem` as they are found (none are kept, however many). */
  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const started = performance.now();
    const client = await this.db.connect();
    try {
      await client.query('begin isolation level repeatable read read only');
      const run = new VerifyRun(client, options);
      await run.all();
      await client.query('commit');
      return { ...run.counts, ms: performance.now() - started };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

class VerifyRun {
  readonly counts = { complaints: 0, events: 0, auditEntries: 0, anchors: 0, problems: 0 };
  private readonly batch: number;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly options: VerifyOptions,
  ) {
    this.batch = options.batchSize ?? 5000;
  }

  async all(): Promise<void> {
    if (this.options.complaintCode) {
      const id = await complaintIdByCode(this.client, this.options.complaintCode);
      if (!id) throw complaintNotFound(this.options.complaintCode);
      await this.complaintChains(id);
      return;
    }
    await this.complaintChains(null);
    await this.auditLog();
    await this.anchors();
    await this.expectedAnchors();
  }

  private problem(problem: VerifyProblem): void {
    this.counts.problems += 1;
    this.options.onProblem?.(problem);
  }

  private progress(phase: VerifyProgress['phase'], done: number, total: number | null): void {
    this.options.onProgress?.({ phase, done, total });
  }

  // Two ordered streams merged: complaint heads by id, events by (complaint id, seq). A complaint with no events left
  // is checked against its head too, and events whose complaint row is gone are reported on their own.
  private async complaintChains(only: string | null): Promise<void> {
    const total = only ? null : (await estimatedChainSizes(this.client)).events || null;
    const heads = new KeysetReader<ComplaintHead>((last) => complaintHeads(this.client, last?.id ?? null, this.batch, only), this.batch);
    const events = new KeysetReader<ChainedEvent>((last) => eventsInChainOrder(this.client, last, this.batch, only), this.batch);
    let reported = 0;
    while (heads.hasRow() || (await heads.loadMore())) {
      const head = heads.row;
      heads.advance();
      await this.orphansBefore(events, head.id);
      const walker = new ChainWalker<ChainedEvent>(eventHash);
      while ((events.hasRow() || (await events.loadMore())) && events.row.complaintId === head.id) {
        const event = events.row;
        walker.add(event.seq, event);
        events.advance();
        this.counts.events += 1;
      }
      this.counts.complaints += 1;
      const broken = walker.finish({ count: head.eventCount, hash: head.lastEventHash });
      if (broken) this.problem({ chain: 'complaint', subject: head.code, position: broken.position, message: `complaint ${head.code}: ${describeBreak(broken, 'seq')}` });
      if (this.counts.events - reported >= this.batch) {
        reported = this.counts.events;
        this.progress('complaint chains', this.counts.events, total);
      }
    }
    await this.orphansBefore(events, null);
    this.progress('complaint chains', this.counts.events, total);
  }

  // Events sort before the next complaint only when their own complaint row has been deleted.
  private async orphansBefore(events: KeysetReader<ChainedEvent>, complaintId: string | null): Promise<void> {
    while ((events.hasRow() || (await events.loadMore())) && (complaintId === null || events.row.complaintId < complaintId)) {
      const orphan = events.row.complaintId;
      this.problem({ chain: 'complaint', subject: orphan, position: events.row.seq, message: `complaint id ${orphan}: has events but no complaints row (the row was deleted)` });
      while ((events.hasRow() || (await events.loadMore())) && events.row.complaintId === orphan) {
        events.advance();
        this.counts.events += 1;
      }
    }
  }

  private async auditLog(): Promise<void> {
    const head = await auditLogHead(this.client);
    const walker = new ChainWalker<AuditEntry>(auditEntryHash);
    const entries = new KeysetReader<AuditEntry>((last) => auditEntriesAfter(this.client, last?.id ?? 0, this.batch), this.batch);
    while (!walker.broken && (entries.hasRow() || (await entries.loadMore()))) {
      walker.add(entries.row.id, entries.row);
      entries.advance();
      this.counts.auditEntries += 1;
      if (this.counts.auditEntries % this.batch === 0) this.progress('audit log', this.counts.auditEntries, head.lastId);
    }
    const broken = walker.finish({ count: head.lastId, hash: head.lastHash });
    if (broken) this.problem({ chain: 'audit_log', subject: 'audit_log', position: broken.position, message: `audit log: ${describeBreak(broken, 'id')}` });
    this.progress('audit log', this.counts.auditEntries, head.lastId);
  }

  // Each anchor is compared with a digest recomputed from the first event (does history up to its cut-off still match
  // it?), and with one carried on from the anchor before it as stored (did its own stretch of events change?), so a
  // report says which stretch of event ids changed, and later anchors that only inherit that change say so.
  private async anchors(): Promise<void> {
    const walker = new ChainWalker<AnchorRecord>(anchorHash);
    const anchors = new KeysetReader<AnchorRecord>((last) => anchorsAfter(this.client, last?.id ?? 0, 500), 500);
    const full = new EventsDigest();
    let previous: AnchorRecord | null = null;
    let previousMatched = true;
    while (anchors.hasRow() || (await anchors.loadMore())) {
      const anchor = anchors.row;
      anchors.advance();
      walker.add(anchor.id, anchor);
      previousMatched = await this.checkAnchor(anchor, previous, full, previousMatched);
      previous = anchor;
      this.counts.anchors += 1;
      this.progress('anchors', this.counts.anchors, null);
    }
    const broken = walker.finish();
    if (broken) this.problem({ chain: 'anchor', subject: 'audit_anchors', position: broken.position, message: `anchors: ${describeBreak(broken, 'id')}` });
  }

  // Returns whether history up to this anchor's cut-off still matches it.
  private async checkAnchor(anchor: AnchorRecord, previous: AnchorRecord | null, full: EventsDigest, previousMatched: boolean): Promise<boolean> {
    const from = previous?.cutoffEventId ?? 0;
    // While every anchor so far matched, the digest from the anchor before equals the one from the start: fold once.
    const local = previousMatched ? full : new EventsDigest(previous?.eventsHash ?? null, previous?.eventCount ?? 0);
    for (let after = from; after < anchor.cutoffEventId; ) {
      const page = await eventHashesById(this.client, after, anchor.cutoffEventId, this.batch);
      for (const row of page) {
        full.add(row.hash);
        if (local !== full) local.add(row.hash);
      }
      after = page.length < this.batch ? anchor.cutoffEventId : (page[page.length - 1]?.id ?? anchor.cutoffEventId);
    }
    const report = (message: string) => this.problem({ chain: 'anchor', subject: String(anchor.id), position: anchor.id, message: `anchor ${anchor.id} (${anchor.createdAt.toISOString()}): ${message}` });
    const matches = (d: EventsDigest) => d.count === anchor.eventCount && sameHash(d.hash, anchor.eventsHash);
    if (anchor.cutoffEventId < from) report(`its cut-off (event id ${anchor.cutoffEventId}) is before the previous anchor's (${from})`);
    else if (matches(full)) {
      // History up to its cut-off is as it recorded.
    } else if (!matches(local) && anchor.cutoffEventId > from) {
      report(`complaint events with ids ${from + 1} to ${anchor.cutoffEventId} no longer match it (${local.count - (previous?.eventCount ?? 0)} events now, ${anchor.eventCount - (previous?.eventCount ?? 0)} then): they were changed after it was taken`);
    } else if (!matches(local)) report('its digest no longer follows from the anchor before it, with no events between them: one of the two anchor rows was changed');
    else report(`complaint events up to id ${anchor.cutoffEventId} no longer match it, through an earlier stretch reported above`);
    const stored = anchor.auditLogId > 0 ? ((await auditEntryHashes(this.client, [anchor.auditLogId])).get(anchor.auditLogId) ?? null) : null;
    if (!sameHash(stored, anchor.auditLogHash)) report(`audit log id ${anchor.auditLogId} no longer has the hash it recorded: the audit log was changed after it was taken`);
    return matches(full);
  }

  private async expectedAnchors(): Promise<void> {
    const expected = this.options.expectedAnchors ?? [];
    if (expected.length === 0) return;
    const stored = await anchorsById(this.client, expected.map((e) => e.id));
    for (const { id, hash } of expected) {
      const anchor = stored.get(id);
      const message = !anchor ? `anchor ${id} is not in the database (deleted?)` : !anchor.hash.equals(hash) ? `anchor ${id} differs from the copy given (${hash.toString('hex').slice(0, 16)}…)` : null;
      if (message) this.problem({ chain: 'anchor', subject: String(id), position: id, message });
    }
  }
}
