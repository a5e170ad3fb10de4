import type pg from 'pg';
import type { HashedEventFields } from '../domain/audit/event-hash.js';
import type { AttachmentStorage } from './attachment.storage.js';
import { UNIQUE_VIOLATION, sqlState, withTransaction, type Db } from './db.js';

/** A citizens row as written at intake. */
export interface CitizenRow {
  id: string;
  name: string | null;
  phone: string | null;
  phoneLookup: string | null;
  email: string | null;
  emailLookup: string | null;
  countryCode: string | null;
  language: string;
  createdAt: Date;
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
    private readonly options: { maxBatch: number; maxInFlight: number; regenerateCode: () => string; storage: AttachmentStorage },
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
      await withTransaction(this.db, (tx) => insertComplaints(tx, batch.map((p) => p.item), this.options.storage));
      this.count(batch.length);
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1) return this.retryAlone(batch[0]!, error);
      await Promise.all(batch.map((p) => this.retryAlone(p, null)));
    }
  }

  private count(complaints: number): void {
    this.stats.transactions += 1;
    this.stats.complaints += complaints;
  }

  private async retryAlone(pending: Pending, firstError: unknown, attempts = 0): Promise<void> {
    let error = firstError;
    try {
      if (error === null) {
        await withTransaction(this.db, (tx) => insertComplaints(tx, [pending.item], this.options.storage));
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

/** Inserts whole new complaints (rows of every table) in the caller's transaction. */
export async function insertComplaints(tx: pg.PoolClient, items: NewComplaint[], storage: AttachmentStorage): Promise<void> {
  const citizens = items.flatMap((i) => (i.citizen ? [i.citizen] : []));
  if (citizens.length > 0) await insertCitizens(tx, citizens);
  await insertComplaintRows(tx, items.map((i) => i.complaint));
  await insertEvents(tx, items.flatMap((i) => i.events));
  const attachments = items.flatMap((i) => i.attachments);
  if (attachments.length > 0) await insertAttachments(tx, attachments, storage);
  const outbox = items.flatMap((i) => i.outbox);
  if (outbox.length > 0) await insertOutbox(tx, outbox);
  const keys = items.flatMap((i) => (i.idempotency ? [{ ...i.idempotency, complaintId: i.complaint.id }] : []));
  if (keys.length > 0) {
    await tx.query(
      `insert into idempotency_keys (key, request_hash, complaint_id, citizen_secret)
       select * from unnest($1::text[], $2::bytea[], $3::uuid[], $4::text[])`,
      [keys.map((k) => k.key), keys.map((k) => k.requestHash), keys.map((k) => k.complaintId), keys.map((k) => k.citizenSecret)],
    );
  }
}

async function insertCitizens(tx: pg.PoolClient, rows: CitizenRow[]): Promise<void> {
  await tx.query(
    `insert into citizens (id, name, phone, phone_lookup, email, email_lookup, country_code, language, created_at)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])`,
    [col(rows, 'id'), col(rows, 'name'), col(rows, 'phone'), col(rows, 'phoneLookup'), col(rows, 'email'), col(rows, 'emailLookup'), col(rows, 'countryCode'), col(rows, 'language'), col(rows, 'createdAt')],
  );
}

async function insertComplaintRows(tx: pg.PoolClient, rows: ComplaintRow[]): Promise<void> {
  await tx.query(
    `insert into complaints (id, code, state, department_id, area_id, office_id, category_id, citizen_id, anonymous, channel, language,
                             description, address, latitude, longitude, citizen_secret_hash, sla_days, due_at, created_at, updated_at,
                             event_count, last_event_hash, escalation_level, outcome, closed_at)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::bool[], $10::text[],
                          $11::text[], $12::text[], $13::text[], $14::float8[], $15::float8[], $16::bytea[], $17::int[], $18::timestamptz[],
                          $19::timestamptz[], $20::timestamptz[], $21::int[], $22::bytea[], $23::smallint[], $24::text[], $25::timestamptz[])`,
    [
      col(rows, 'id'), col(rows, 'code'), col(rows, 'state'), col(rows, 'departmentId'), col(rows, 'areaId'), col(rows, 'officeId'),
      col(rows, 'categoryId'), col(rows, 'citizenId'), col(rows, 'anonymous'), col(rows, 'channel'), col(rows, 'language'),
      col(rows, 'description'), col(rows, 'address'), col(rows, 'latitude'), col(rows, 'longitude'), col(rows, 'citizenSecretHash'),
      col(rows, 'slaDays'), col(rows, 'dueAt'), col(rows, 'createdAt'), rows.map((r) => r.updatedAt ?? r.createdAt), col(rows, 'eventCount'),
      col(rows, 'lastEventHash'), rows.map((r) => r.escalationLevel ?? 0), rows.map((r) => r.outcome ?? null), rows.map((r) => r.closedAt ?? null),
    ],
  );
}

/** Appends events (any number, any complaints) in one statement. */
export async function insertEvents(tx: pg.PoolClient, rows: EventRow[]): Promise<void> {
  await tx.query(
    `insert into complaint_events (complaint_id, seq, type, actor_role, actor_id, visibility, payload, created_at, prev_hash, hash)
     select * from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::bytea[], $10::bytea[])`,
    [
      col(rows, 'complaintId'), col(rows, 'seq'), col(rows, 'type'), col(rows, 'actorRole'), col(rows, 'actorId'), col(rows, 'visibility'),
      rows.map((r) => JSON.stringify(r.payload)), col(rows, 'createdAt'), col(rows, 'prevHash'), col(rows, 'hash'),
    ],
  );
}

/** Stores attachments: their bytes through the storage interface, their metadata here. */
export async function insertAttachments(tx: pg.PoolClient, rows: AttachmentRow[], storage: AttachmentStorage): Promise<void> {
  await storage.put(tx, rows.map((r) => ({ key: r.storageKey, data: r.data })));
  await tx.query(
    `insert into attachments (id, complaint_id, event_seq, filename, content_type, size_bytes, sha256, storage_key, created_at)
     select * from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::int[], $7::bytea[], $8::text[], $9::timestamptz[])`,
    [col(rows, 'id'), col(rows, 'complaintId'), col(rows, 'eventSeq'), col(rows, 'filename'), col(rows, 'contentType'), col(rows, 'sizeBytes'), col(rows, 'sha256'), col(rows, 'storageKey'), col(rows, 'createdAt')],
  );
}

/** Queues outbound messages in the caller's transaction. */
export async function insertOutbox(tx: pg.PoolClient, rows: OutboxRow[]): Promise<void> {
  await tx.query(`insert into outbox (topic, complaint_id, payload) select * from unnest($1::text[], $2::uuid[], $3::jsonb[])`, [
    col(rows, 'topic'),
    col(rows, 'complaintId'),
    rows.map((r) => JSON.stringify(r.payload)),
  ]);
}

function col<T, K extends keyof T>(rows: T[], key: K): T[K][] {
  return rows.map((row) => row[key]);
}
