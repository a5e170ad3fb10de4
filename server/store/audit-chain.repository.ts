import type pg from 'pg';
import type { HashedEventFields } from '../domain/audit/event-hash.js';
import type { Queryable } from './db.js';

/**
 * Reads for checking and anchoring the hash chains: complaint events in chain order and in id order, complaint
 * chain heads, and the anchors. Every read is one keyset page, so a caller streams millions of rows in bounded memory.
 */

/** A stored complaint event with the hashes it carries. */
export interface ChainedEvent extends HashedEventFields {
  prevHash: Buffer | null;
  hash: Buffer;
}

/** A complaint's recorded chain head. */
export interface ComplaintHead {
  id: string;
  code: string;
  eventCount: number;
  lastEventHash: Buffer | null;
}

/** A stored anchor. */
export interface AnchorRecord {
  id: number;
  createdAt: Date;
  cutoffEventId: number;
  eventCount: number;
  eventsHash: Buffer | null;
  auditLogId: number;
  auditLogHash: Buffer | null;
  prevHash: Buffer | null;
  hash: Buffer;
}

/** Where a page of events in chain order starts: after this complaint and seq. */
export interface EventCursor {
  complaintId: string;
  seq: number;
}

/** The next `limit` events in (complaint_id, seq) order after `after`, optionally of one complaint only. */
export async function eventsInChainOrder(db: Queryable, after: EventCursor | null, limit: number, complaintId: string | null = null): Promise<ChainedEvent[]> {
  // A row comparison walks the (complaint_id, seq) unique index from the cursor on. The condition is only written
  // when needed: "$1 is null or …" would let a generic plan fall back to scanning and sorting the whole table.
  const params: unknown[] = [limit];
  const where: string[] = [];
  if (after) where.push(`(complaint_id, seq) > ($${params.push(after.complaintId)}::uuid, $${params.push(after.seq)}::int)`);
  if (complaintId) where.push(`complaint_id = $${params.push(complaintId)}::uuid`);
  // The time as whole epoch milliseconds (what a JavaScript Date holds), not text: parsing timestamp text cost a
  // fifth of the verifier's CPU. floor() gives the same Date as pg's own parser, which drops the microseconds.
  const { rows } = await db.query(
    `select complaint_id, seq, type, actor_role, actor_id, visibility, payload, floor(extract(epoch from created_at) * 1000)::float8 as created_ms, prev_hash, hash
       from complaint_events ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
      order by complaint_id, seq limit $1`,
    params,
  );
  return rows.map((r) => ({
    complaintId: r.complaint_id,
    seq: r.seq,
    type: r.type,
    actorRole: r.actor_role,
    actorId: r.actor_id,
    visibility: r.visibility,
    payload: r.payload,
    createdAt: new Date(r.created_ms),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/** The next `limit` complaint heads in id order after `afterId`, optionally one complaint only. */
export async function complaintHeads(db: Queryable, afterId: string | null, limit: number, complaintId: string | null = null): Promise<ComplaintHead[]> {
  const params: unknown[] = [limit];
  const where: string[] = [];
  if (afterId) where.push(`id > $${params.push(afterId)}::uuid`);
  if (complaintId) where.push(`id = $${params.push(complaintId)}::uuid`);
  const { rows } = await db.query(
    `select id, code, event_count, last_event_hash from complaints ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by id limit $1`,
    params,
  );
  return rows.map((r) => ({ id: r.id, code: r.code, eventCount: r.event_count, lastEventHash: r.last_event_hash }));
}

/** The id of the complaint with this tracking code, or null. */
export async function complaintIdByCode(db: Queryable, code: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('select id from complaints where code = $1', [code]);
  return rows[0]?.id ?? null;
}

/** The next `limit` event hashes in id order with afterId < id <= throughId: what anchors digest. */
export async function eventHashesById(db: Queryable, afterId: number, throughId: number, limit: number): Promise<{ id: number; hash: Buffer }[]> {
  const { rows } = await db.query<{ id: string; hash: Buffer }>(
    'select id, hash from complaint_events where id > $1 and id <= $2 order by id limit $3',
    [afterId, throughId, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), hash: r.hash }));
}

/** Rough counts for progress (the planner's estimates: instant, and never a reason to scan). */
export async function estimatedChainSizes(db: Queryable): Promise<{ events: number; complaints: number }> {
  const { rows } = await db.query<{ relname: string; n: number }>(
    `select relname, greatest(reltuples, 0)::float8 as n from pg_class where relname in ('complaint_events', 'complaints') and relkind = 'r'`,
  );
  const get = (name: string) => Math.round(rows.find((r) => r.relname === name)?.n ?? 0);
  return { events: get('complaint_events'), complaints: get('complaints') };
}

/**
 * The highest complaint event id below which every event is committed: the highest visible now, once every
 * transaction that was still writing events has ended. Ids come from a sequence, so a transaction that writes later
 * gets a higher id; one that had written but not yet committed holds a lock on the table, which pg_locks shows.
 * Waiting this way blocks no one (a SHARE lock would stall intake behind a slow writer) and needs no privilege.
 */
export async function settledEventCutoff(db: Queryable, timeoutMs = 60_000): Promise<number> {
  // One statement: pg_locks is read after the statement's snapshot was taken, so every writer the max(id) cannot see
  // (and that has not finished since) is listed.
  const { rows } = await db.query<{ cutoff: string; writers: string[] | null }>(
    `select (select coalesce(max(id), 0) from complaint_events) as cutoff,
            (select array_agg(distinct t.transactionid::text)
               from pg_locks r join pg_locks t on t.pid = r.pid and t.locktype = 'transactionid' and t.mode = 'ExclusiveLock'
              where r.locktype = 'relation' and r.relation = 'complaint_events'::regclass and r.mode = 'RowExclusiveLock'
                and r.database = (select oid from pg_database where datname = current_database()) and r.pid <> pg_backend_pid()) as writers`,
  );
  const writers = rows[0]?.writers ?? [];
  const deadline = Date.now() + timeoutMs;
  for (let wait = 10; writers.length > 0; wait = Math.min(wait * 2, 500)) {
    const { rows: running } = await db.query<{ n: number }>(`select count(*)::int as n from pg_locks where locktype = 'transactionid' and transactionid::text = any($1)`, [writers]);
    if ((running[0]?.n ?? 0) === 0) break;
    if (Date.now() > deadline) throw new Error(`transactions writing complaint events did not finish within ${timeoutMs / 1000} s; try again later`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return Number(rows[0]?.cutoff ?? 0);
}

const ANCHOR_COLUMNS = 'id, created_at, cutoff_event_id, event_count, events_hash, audit_log_id, audit_log_hash, prev_hash, hash';

/** The latest anchor, or null before the first. */
export async function lastAnchor(db: Queryable): Promise<AnchorRecord | null> {
  const { rows } = await db.query(`select ${ANCHOR_COLUMNS} from audit_anchors order by id desc limit 1`);
  return rows[0] ? toAnchor(rows[0]) : null;
}

/** The next `limit` anchors in id order after `afterId`. */
export async function anchorsAfter(db: Queryable, afterId: number, limit: number): Promise<AnchorRecord[]> {
  const { rows } = await db.query(`select ${ANCHOR_COLUMNS} from audit_anchors where id > $1 order by id limit $2`, [afterId, limit]);
  return rows.map(toAnchor);
}

/** The anchors with these ids (to compare with copies kept elsewhere). */
export async function anchorsById(db: Queryable, ids: number[]): Promise<Map<number, AnchorRecord>> {
  const { rows } = await db.query(`select ${ANCHOR_COLUMNS} from audit_anchors where id = any($1::bigint[])`, [ids]);
  return new Map(rows.map((r) => [Number(r.id), toAnchor(r)]));
}

/** Stores a new anchor (append-only table). */
export async function insertAnchor(tx: pg.PoolClient, a: AnchorRecord): Promise<void> {
  await tx.query(
    `insert into audit_anchors (${ANCHOR_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [a.id, a.createdAt, a.cutoffEventId, a.eventCount, a.eventsHash, a.auditLogId, a.auditLogHash, a.prevHash, a.hash],
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row; its shape is ANCHOR_COLUMNS
function toAnchor(r: Record<string, any>): AnchorRecord {
  return {
    id: Number(r.id),
    createdAt: r.created_at,
    cutoffEventId: Number(r.cutoff_event_id),
    eventCount: Number(r.event_count),
    eventsHash: r.events_hash,
    auditLogId: Number(r.audit_log_id),
    auditLogHash: r.audit_log_hash,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
