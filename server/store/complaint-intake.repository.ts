import type pg from 'pg';
import type { HashedEventFields } from '../domain/audit/event-hash.js';
import { emailLookupKey } from '../domain/contact.js';
import type { AttributeValues } from '../domain/intake/category-attributes.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import { refusePersonalFields } from '../domain/privacy/personal-fields.js';
import type { AttachmentStorage } from './attachment.storage.js';
import { UNIQUE_VIOLATION, sqlState, withTransaction, type Db, type Queryable } from './db.js';

/**
 * A citizen's contact as given (phone in E.164, CNIC as its 13 digits). The store seals the personal fields and
 * computes the blind indexes as it writes, so no caller can write them in clear or forget a lookup.
 */
export interface CitizenRow {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  cnic: string | null;
  address: string | null;
  countryCode: string | null;
  /** The zone the citizen chose for the times in their messages (IANA); absent or null: their number's country's. */
  timeZone?: string | null;
  language: string;
  createdAt: Date;
}

/** A citizens row as stored: personal fields as envelopes, lookups as blind indexes. */
interface SealedCitizenRow extends CitizenRow {
  phoneLookup: string | null;
  emailLookup: string | null;
  cnicLookup: string | null;
}

/** Seals a citizen's personal fields and computes their lookups under the current key. */
export function sealCitizen(cipher: FieldCipher, c: CitizenRow): SealedCitizenRow {
  return {
    ...c,
    name: cipher.seal('citizens.name', c.id, c.name),
    phone: cipher.seal('citizens.phone', c.id, c.phone),
    email: cipher.seal('citizens.email', c.id, c.email),
    cnic: cipher.seal('citizens.cnic', c.id, c.cnic),
    address: cipher.seal('citizens.address', c.id, c.address),
    ...citizenLookups(cipher, c),
  };
}

/** The blind indexes of a citizen's phone (E.164), e-mail (lower-cased) and CNIC (digits) under the current key. */
export function citizenLookups(cipher: FieldCipher, c: Pick<CitizenRow, 'phone' | 'email' | 'cnic'>): Pick<SealedCitizenRow, 'phoneLookup' | 'emailLookup' | 'cnicLookup'> {
  return {
    phoneLookup: cipher.lookup('phone', c.phone),
    emailLookup: cipher.lookup('email', c.email === null ? null : emailLookupKey(c.email)),
    cnicLookup: cipher.lookup('cnic', c.cnic),
  };
}

/** A complaints row as written at intake. */
export interface ComplaintRow {
  id: string;
  code: string;
  state: string;
  departmentId: string | null;
  areaId: string | null;
  officeId: string | null;
  categoryId: string | null;
  citizenId: string | null;
  anonymous: boolean;
  channel: string;
  language: string;
  description: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  citizenSecretHash: Buffer;
  slaDays: number | null;
  dueAt: Date | null;
  createdAt: Date;
  eventCount: number;
  lastEventHash: Buffer | null;
  /** Intake writes new complaints (level 0, no outcome, open); imports and demo data may write older ones. */
  escalationLevel?: number;
  outcome?: string | null;
  updatedAt?: Date;
  closedAt?: Date | null;
  /** The SLA clock (see domain/sla/sla-clock.ts); due_at is derived from it. */
  slaBudgetMinutes?: number | null;
  slaStartedAt?: Date | null;
  slaConsumedMinutes?: number;
  slaPausedAt?: Date | null;
  /** When the SLA sweep next has something to do for it (a reminder or the breach); null when its clock is not running. */
  slaAlarmAt?: Date | null;
  slaAlarmsSent?: number;
  /** Answers to the category's extra fields, checked and normalised; null (or absent) when none were given. Sealed as it is written. */
  attributes?: AttributeValues | null;
  /** The abuse screen's verdict (server/ai/abuse): intake writes 'pending' (the moderation queue) or 'none' (also when absent); a moderator 'cleared' or 'upheld'. */
  moderationStatus?: 'none' | 'pending' | 'cleared' | 'upheld';
  moderationReasons?: string[];
  moderationScore?: number | null;
  moderationConfidence?: number | null;
  /** The urgency model's label (the organisation's own word) and its confidence; null (or absent) without an urgency model. */
  urgency?: string | null;
  urgencyConfidence?: number | null;
}

/** A complaint_events row: the hashed fields plus the chain links. */
export interface EventRow extends HashedEventFields {
  prevHash: Buffer | null;
  hash: Buffer;
}

/** An attachments row together with its bytes. */
export interface AttachmentRow {
  id: string;
  complaintId: string;
  eventSeq: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: Buffer;
  storageKey: string;
  createdAt: Date;
  data: Buffer;
}

/** An outbox row: a message to deliver once the transaction commits. */
export interface OutboxRow {
  topic: string;
  complaintId: string | null;
  payload: Record<string, unknown>;
}

/** Everything one new complaint writes, built in full before it reaches the database. */
export interface NewComplaint {
  citizen: CitizenRow | null;
  complaint: ComplaintRow;
  events: EventRow[];
  attachments: AttachmentRow[];
  outbox: OutboxRow[];
  idempotency: { key: string; requestHash: Buffer; citizenSecret: string } | null;
}

/** The Idempotency-Key was already taken (by an earlier or a concurrent request). */
export class IdempotencyKeyTaken extends Error {
  constructor(readonly key: string) {
    super(`idempotency key already used`);
  }
}

interface Pending {
  item: NewComplaint;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes new complaints with group commit: submissions that arrive while a transaction is in flight
 * wait and go together in the next one (multi-row inserts, one commit, one WAL flush). Under light load
 * a submission is written at once; under heavy load one transaction carries many. If a batch fails,
 * each of its complaints is retried alone so one bad row never fails its neighbours.
 */
export class IntakeWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  /** Committed transactions and the complaints they carried (a ratio above 1 means group commit is working). */
  readonly stats = { transactions: 0, complaints: 0 };

  constructor(
    private readonly db: Db,
    private readonly options: { maxBatch: number; maxInFlight: number; regenerateCode: () => string; storage: AttachmentStorage; cipher: FieldCipher },
  ) {}

  /** Resolves once the complaint is committed; its code may have been regenerated on a collision. */
  write(item: NewComplaint): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.flush(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      await this.insert(batch.map((p) => p.item));
      this.count(batch.length);
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1) return this.retryAlone(batch[0]!, error);
      await Promise.all(batch.map((p) => this.retryAlone(p, null)));
    }
  }

  // Without attachments the batch is one statement, atomic by itself: no BEGIN/COMMIT round trips.
  private insert(items: NewComplaint[]): Promise<void> {
    const { storage, cipher } = this.options;
    if (items.every((i) => i.attachments.length === 0)) return insertComplaints(this.db, items, storage, cipher);
    return withTransaction(this.db, (tx) => insertComplaints(tx, items, storage, cipher));
  }

  private count(complaints: number): void {
    this.stats.transactions += 1;
    this.stats.complaints += complaints;
  }

  private async retryAlone(pending: Pending, firstError: unknown, attempts = 0): Promise<void> {
    let error = firstError;
    try {
      if (error === null) {
        await this.insert([pending.item]);
        this.count(1);
        return pending.resolve();
      }
    } catch (caught) {
      error = caught;
    }
    const constraint = (error as { constraint?: string }).constraint;
    if (sqlState(error) === UNIQUE_VIOLATION && constraint === 'idempotency_keys_pkey' && pending.item.idempotency) {
      return pending.reject(new IdempotencyKeyTaken(pending.item.idempotency.key));
    }
    // Tracking codes are random; a collision with an existing code just draws another.
    if (sqlState(error) === UNIQUE_VIOLATION && constraint === 'complaints_code_key' && attempts < 5) {
      pending.item.complaint.code = this.options.regenerateCode();
      return this.retryAlone(pending, null, attempts + 1);
    }
    pending.reject(error);
  }
}

/**
 * Inserts whole new complaints, rows of every table, as ONE statement (data-modifying CTEs): one round
 * trip, atomic on its own. Attachment bytes go through the storage interface as a second statement, so
 * a batch with attachments must run inside a transaction (the caller's `q` is then its client).
 * Personal fields are sealed here, in memory: encryption adds no round trip.
 */
export async function insertComplaints(q: Queryable, items: NewComplaint[], storage: AttachmentStorage, cipher: FieldCipher): Promise<void> {
  const params: unknown[] = [];
  const events = items.flatMap((i) => i.events);
  refusePersonalFields(events);
  const inserts = [
    unnestInsert('citizens', CITIZEN_COLUMNS, items.flatMap((i) => (i.citizen ? [sealCitizen(cipher, i.citizen)] : [])), params),
    unnestInsert('complaints', COMPLAINT_COLUMNS, items.map((i) => sealComplaint(cipher, i.complaint)), params),
    unnestInsert('complaint_events', EVENT_COLUMNS, events, params),
    unnestInsert('attachments', ATTACHMENT_COLUMNS, items.flatMap((i) => i.attachments), params),
    unnestInsert('outbox', OUTBOX_COLUMNS, items.flatMap((i) => i.outbox), params),
    unnestInsert('idempotency_keys', IDEMPOTENCY_COLUMNS, items.flatMap((i) => (i.idempotency ? [{ ...i.idempotency, complaintId: i.complaint.id }] : [])), params),
  ];
  await runWith(q, inserts, notifyEvents(events, params), params);
  const blobs = items.flatMap((i) => i.attachments.map((a) => ({ key: a.storageKey, data: a.data })));
  if (blobs.length > 0) await storage.put(q, blobs);
}

/** Appends events (any number, any complaints) in one statement, announcing them to listeners on commit. */
export async function insertEvents(q: Queryable, rows: EventRow[]): Promise<void> {
  refusePersonalFields(rows);
  const params: unknown[] = [];
  const insert = unnestInsert('complaint_events', EVENT_COLUMNS, rows, params);
  if (insert) await runWith(q, [insert], notifyEvents(rows, params), params);
}

// Data-modifying CTEs always run; a plain SELECT only runs as the main query, so the notices go there.
async function runWith(q: Queryable, inserts: (string | null)[], main: string | null, params: unknown[]): Promise<void> {
  const ctes = inserts.filter((sql) => sql !== null).map((sql, n) => `w${n} as (${sql})`);
  await q.query(`${ctes.length > 0 ? `with ${ctes.join(',\n')} ` : ''}${main ?? 'select 1'}`, params);
}

/** The channel on which committed complaint events are announced ({"c": complaint id, "s": seq}). */
export const EVENTS_CHANNEL = 'complaint_events';

// NOTIFY is delivered only when the transaction commits, so listeners never hear of an event that was rolled back.
// One notice per complaint (its last new event) is enough: listeners read everything after what they have.
function notifyEvents(rows: EventRow[], params: unknown[]): string | null {
  if (rows.length === 0) return null;
  const last = new Map<string, number>();
  for (const row of rows) last.set(row.complaintId, Math.max(last.get(row.complaintId) ?? 0, row.seq));
  params.push([...last].map(([c, s]) => JSON.stringify({ c, s })));
  return `select count(pg_notify('${EVENTS_CHANNEL}', n)) from unnest($${params.length}::text[]) as n`;
}

/** Stores attachments: their bytes through the storage interface, their metadata here. */
export async function insertAttachments(tx: pg.PoolClient, rows: AttachmentRow[], storage: AttachmentStorage): Promise<void> {
  await storage.put(tx, rows.map((r) => ({ key: r.storageKey, data: r.data })));
  await insertRows(tx, 'attachments', ATTACHMENT_COLUMNS, rows);
}

/** Queues outbound messages in the caller's transaction. */
export async function insertOutbox(q: Queryable, rows: OutboxRow[]): Promise<void> {
  await insertRows(q, 'outbox', OUTBOX_COLUMNS, rows);
}

/** A column of a multi-row insert: its name, its PostgreSQL type, and how to read it off a row. */
type Column<T> = readonly [name: string, type: string, get: (row: T) => unknown, select?: (value: string) => string];

const CITIZEN_COLUMNS: Column<SealedCitizenRow>[] = [
  ['id', 'uuid', (r) => r.id], ['name', 'text', (r) => r.name], ['phone', 'text', (r) => r.phone], ['phone_lookup', 'text', (r) => r.phoneLookup],
  ['email', 'text', (r) => r.email], ['email_lookup', 'text', (r) => r.emailLookup], ['cnic', 'text', (r) => r.cnic], ['cnic_lookup', 'text', (r) => r.cnicLookup],
  ['address', 'text', (r) => r.address], ['country_code', 'text', (r) => r.countryCode], ['language', 'text', (r) => r.language], ['created_at', 'timestamptz', (r) => r.createdAt],
  ['time_zone', 'text', (r) => r.timeZone ?? null],
];

/** A complaints row as stored: the address and the extra fields' answers as envelopes. */
type SealedComplaintRow = Omit<ComplaintRow, 'attributes'> & { attributes: string | null };

// The complaint's address is often the citizen's home, and its extra fields can lead to them (an account number),
// so both are sealed like their contact.
function sealComplaint(cipher: FieldCipher, c: ComplaintRow): SealedComplaintRow {
  return {
    ...c,
    address: c.address === null ? null : cipher.seal('complaints.address', c.id, c.address),
    attributes: c.attributes ? cipher.seal('complaints.attributes', c.id, JSON.stringify(c.attributes)) : null,
  };
}

const COMPLAINT_COLUMNS: Column<SealedComplaintRow>[] = [
  ['id', 'uuid', (r) => r.id], ['code', 'text', (r) => r.code], ['state', 'text', (r) => r.state], ['department_id', 'text', (r) => r.departmentId],
  ['area_id', 'text', (r) => r.areaId], ['office_id', 'text', (r) => r.officeId], ['category_id', 'text', (r) => r.categoryId],
  ['citizen_id', 'uuid', (r) => r.citizenId], ['anonymous', 'bool', (r) => r.anonymous], ['channel', 'text', (r) => r.channel],
  ['language', 'text', (r) => r.language], ['description', 'text', (r) => r.description], ['address', 'text', (r) => r.address],
  ['latitude', 'float8', (r) => r.latitude], ['longitude', 'float8', (r) => r.longitude], ['citizen_secret_hash', 'bytea', (r) => r.citizenSecretHash],
  ['sla_days', 'int', (r) => r.slaDays], ['due_at', 'timestamptz', (r) => r.dueAt], ['created_at', 'timestamptz', (r) => r.createdAt],
  ['updated_at', 'timestamptz', (r) => r.updatedAt ?? r.createdAt], ['event_count', 'int', (r) => r.eventCount],
  ['last_event_hash', 'bytea', (r) => r.lastEventHash], ['escalation_level', 'smallint', (r) => r.escalationLevel ?? 0],
  ['outcome', 'text', (r) => r.outcome ?? null], ['closed_at', 'timestamptz', (r) => r.closedAt ?? null],
  ['sla_budget_minutes', 'int', (r) => r.slaBudgetMinutes ?? null], ['sla_started_at', 'timestamptz', (r) => r.slaStartedAt ?? null],
  ['sla_consumed_minutes', 'float8', (r) => r.slaConsumedMinutes ?? 0], ['sla_paused_at', 'timestamptz', (r) => r.slaPausedAt ?? null],
  ['sla_alarm_at', 'timestamptz', (r) => r.slaAlarmAt ?? null], ['sla_alarms_sent', 'smallint', (r) => r.slaAlarmsSent ?? 0],
  ['attributes', 'text', (r) => r.attributes],
  ['moderation_status', 'text', (r) => r.moderationStatus ?? 'none'], ['moderation_score', 'real', (r) => r.moderationScore ?? null],
  ['moderation_confidence', 'real', (r) => r.moderationConfidence ?? null],
  ['urgency', 'text', (r) => r.urgency ?? null], ['urgency_confidence', 'real', (r) => r.urgencyConfidence ?? null],
  // unnest cannot carry an array per row: the reasons (plain words) travel comma-joined and are split back.
  ['moderation_reasons', 'text', (r) => (r.moderationReasons ?? []).join(','), (v) => `coalesce(string_to_array(nullif(${v}, ''), ','), '{}')`],
];

const EVENT_COLUMNS: Column<EventRow>[] = [
  ['complaint_id', 'uuid', (r) => r.complaintId], ['seq', 'int', (r) => r.seq], ['type', 'text', (r) => r.type], ['actor_role', 'text', (r) => r.actorRole],
  ['actor_id', 'text', (r) => r.actorId], ['visibility', 'text', (r) => r.visibility], ['payload', 'jsonb', (r) => JSON.stringify(r.payload)],
  ['created_at', 'timestamptz', (r) => r.createdAt], ['prev_hash', 'bytea', (r) => r.prevHash], ['hash', 'bytea', (r) => r.hash],
];

const ATTACHMENT_COLUMNS: Column<Omit<AttachmentRow, 'data'>>[] = [
  ['id', 'uuid', (r) => r.id], ['complaint_id', 'uuid', (r) => r.complaintId], ['event_seq', 'int', (r) => r.eventSeq], ['filename', 'text', (r) => r.filename],
  ['content_type', 'text', (r) => r.contentType], ['size_bytes', 'int', (r) => r.sizeBytes], ['sha256', 'bytea', (r) => r.sha256],
  ['storage_key', 'text', (r) => r.storageKey], ['created_at', 'timestamptz', (r) => r.createdAt],
];

const OUTBOX_COLUMNS: Column<OutboxRow>[] = [
  ['topic', 'text', (r) => r.topic], ['complaint_id', 'uuid', (r) => r.complaintId], ['payload', 'jsonb', (r) => JSON.stringify(r.payload)],
];

const IDEMPOTENCY_COLUMNS: Column<{ key: string; requestHash: Buffer; complaintId: string; citizenSecret: string }>[] = [
  ['key', 'text', (r) => r.key], ['request_hash', 'bytea', (r) => r.requestHash], ['complaint_id', 'uuid', (r) => r.complaintId], ['citizen_secret', 'text', (r) => r.citizenSecret],
];

/** `insert … select * from unnest($n::type[], …)` with one array parameter per column appended to params; null for no rows. */
function unnestInsert<T>(table: string, columns: readonly Column<T>[], rows: T[], params: unknown[]): string | null {
  if (rows.length === 0) return null;
  const arrays = columns.map(([, type, get]) => {
    params.push(rows.map(get));
    return `$${params.length}::${type}[]`;
  });
  const names = columns.map(([name]) => name).join(', ');
  if (columns.every(([, , , select]) => select === undefined)) return `insert into ${table} (${names}) select * from unnest(${arrays.join(', ')})`;
  // A column with its own select expression (a conversion unnest cannot make) reads the unnested value by position.
  const values = columns.map(([, , , select], n) => (select ? select(`u.c${n}`) : `u.c${n}`));
  return `insert into ${table} (${names}) select ${values.join(', ')} from unnest(${arrays.join(', ')}) as u(${columns.map((_, n) => `c${n}`).join(', ')})`;
}

/** Inserts citizens rows, sealed (followers, too, are citizens with their own contact row). */
export async function insertCitizens(q: Queryable, rows: CitizenRow[], cipher: FieldCipher): Promise<void> {
  await insertRows(q, 'citizens', CITIZEN_COLUMNS, rows.map((row) => sealCitizen(cipher, row)));
}

async function insertRows<T>(q: Queryable, table: string, columns: readonly Column<T>[], rows: T[]): Promise<void> {
  const params: unknown[] = [];
  const sql = unnestInsert(table, columns, rows, params);
  if (sql) await q.query(sql, params);
}
