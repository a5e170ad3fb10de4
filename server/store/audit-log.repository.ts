import type pg from 'pg';
import { AUDIT_ACTION_PATTERN, chainAuditEntry, type HashedAuditFields } from '../domain/audit/audit-log-hash.js';
import type { Queryable } from './db.js';

/** What a caller records: one staff or administrative action (see AUDIT_ACTIONS for the names in use). */
export interface AuditEntryInput {
  action: string;
  actorRole: string;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  payload: Record<string, unknown>;
  ip?: string | null;
  /** Defaults to the database's clock when the entry joins the chain, so entries from many processes share one clock. */
  createdAt?: Date;
}

/** An entry as stored. */
export interface AuditEntry extends HashedAuditFields {
  prevHash: Buffer | null;
  hash: Buffer;
}

/**
 * Appends one entry to the global audit log chain inside the caller's transaction, so the entry commits or rolls
 * back with the action it records. Appends from every process take turns on the chain head row (locked FOR UPDATE
 * until the caller commits): call this last in the transaction to hold that lock briefly. Must run in a transaction
 * (READ COMMITTED, the default); outside one it throws.
 */
export async function appendAuditEntry(
  tx: pg.PoolClient,
  entry: { action: string; actorRole: string; actorId: string | null; subjectType: string | null; subjectId: string | null; payload: Record<string, unknown>; ip?: string | null; createdAt?: Date },
): Promise<AuditEntry> {
  const payload = storablePayload(entry);
  // Outside a transaction the head lock would end with its statement and two appends could link to the same entry.
  if (tx.getTransactionStatus() === 'I') throw new Error('appendAuditEntry must run inside a transaction (begin … commit)');
  const { rows } = await tx.query<{ last_id: string; last_hash: Buffer | null; now: Date }>(
    `select last_id, last_hash, date_trunc('milliseconds', clock_timestamp()) as now from audit_log_head for update`,
  );
  const head = rows[0];
  if (!head) throw new Error('the audit log head row is missing (migration 0010 not applied?)');
  const chained = chainAuditEntry(
    { lastId: Number(head.last_id), lastHash: head.last_hash },
    { action: entry.action, actorRole: entry.actorRole, actorId: entry.actorId, subjectType: entry.subjectType, subjectId: entry.subjectId, payload, ip: entry.ip ?? null, createdAt: entry.createdAt ?? head.now },
  );
  // The head moves only if it is still where we read it; in a transaction the lock guarantees that, outside one it may not.
  const { rowCount } = await tx.query(
    `with moved as (update audit_log_head set last_id = $1, last_hash = $11 where last_id = $1 - 1 returning 1)
     insert into audit_log (id, action, actor_role, actor_id, subject_type, subject_id, payload, ip, created_at, prev_hash, hash)
     select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 from moved`,
    [chained.id, chained.action, chained.actorRole, chained.actorId, chained.subjectType, chained.subjectId, JSON.stringify(payload), chained.ip, chained.createdAt, chained.prevHash, chained.hash],
  );
  if (rowCount !== 1) throw new Error('appendAuditEntry must run inside a transaction: the audit log head moved while appending');
  return chained;
}

// What is hashed must be exactly what jsonb gives back: values JSON cannot hold (Dates, Buffers, undefined, class
// instances) are turned into their JSON form first, so a later verification reads the same bytes that were hashed.
function storablePayload(entry: { action: string; actorRole: string; payload: Record<string, unknown> }): Record<string, unknown> {
  if (!AUDIT_ACTION_PATTERN.test(entry.action)) throw new Error(`audit action ${JSON.stringify(entry.action)} must be dotted lower-case words (e.g. staff.sign_in)`);
  if (entry.actorRole === '') throw new Error('an audit entry needs the actor role');
  const payload: unknown = JSON.parse(JSON.stringify(entry.payload ?? {}));
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('an audit entry payload must be a JSON object');
  return payload as Record<string, unknown>;
}

/** Which entries to list; every given filter must match. `since` is inclusive, `until` exclusive. */
export interface AuditLogFilter {
  action?: string;
  actorId?: string;
  actorRole?: string;
  subjectType?: string;
  subjectId?: string;
  since?: Date;
  until?: Date;
}

/** One page of entries, newest first, and the cursor for the next (older) page, null at the end. */
export interface AuditLogPage {
  entries: AuditEntry[];
  nextBefore: number | null;
}

const COLUMNS = 'id, action, actor_role, actor_id, subject_type, subject_id, payload, ip, created_at, prev_hash, hash';

/** Lists entries newest first with keyset pagination: pass the previous page's `nextBefore` as `before`. */
export async function listAuditEntries(db: Queryable, filter: AuditLogFilter, page: { before?: number | null; limit?: number } = {}): Promise<AuditLogPage> {
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? 100), 1), 1000);
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.action !== undefined) add('action = ?', filter.action);
  if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId);
  if (filter.actorRole !== undefined) add('actor_role = ?', filter.actorRole);
  if (filter.subjectType !== undefined) add('subject_type = ?', filter.subjectType);
  if (filter.subjectId !== undefined) add('subject_id = ?', filter.subjectId);
  if (filter.since !== undefined) add('created_at >= ?', filter.since);
  if (filter.until !== undefined) add('created_at < ?', filter.until);
  if (page.before !== undefined && page.before !== null) add('id < ?', page.before);
  params.push(limit + 1);
  const { rows } = await db.query(`select ${COLUMNS} from audit_log ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by id desc limit $${params.length}`, params);
  const entries = rows.slice(0, limit).map(toEntry);
  return { entries, nextBefore: rows.length > limit ? (entries[entries.length - 1]?.id ?? null) : null };
}

/** Entries with id greater than `afterId`, oldest first, up to `limit`: the verifier's stream. */
export async function auditEntriesAfter(db: Queryable, afterId: number, limit: number): Promise<AuditEntry[]> {
  const { rows } = await db.query(`select ${COLUMNS} from audit_log where id > $1 order by id limit $2`, [afterId, limit]);
  return rows.map(toEntry);
}

/** The chain head as stored (what the next append will link to). */
export async function auditLogHead(db: Queryable): Promise<{ lastId: number; lastHash: Buffer | null }> {
  const { rows } = await db.query<{ last_id: string; last_hash: Buffer | null }>('select last_id, last_hash from audit_log_head');
  return { lastId: Number(rows[0]?.last_id ?? 0), lastHash: rows[0]?.last_hash ?? null };
}

/** The stored hashes of the given entries (what anchors recorded), by id. */
export async function auditEntryHashes(db: Queryable, ids: number[]): Promise<Map<number, Buffer>> {
  const { rows } = await db.query<{ id: string; hash: Buffer }>('select id, hash from audit_log where id = any($1::bigint[])', [ids]);
  return new Map(rows.map((r) => [Number(r.id), r.hash]));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row; its shape is COLUMNS
function toEntry(r: Record<string, any>): AuditEntry {
  return {
    id: Number(r.id),
    action: r.action,
    actorRole: r.actor_role,
    actorId: r.actor_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    payload: r.payload,
    ip: r.ip,
    createdAt: r.created_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
