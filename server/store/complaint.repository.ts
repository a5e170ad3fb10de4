import type pg from 'pg';
import type { AttributeValues } from '../domain/intake/category-attributes.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import type { Queryable } from './db.js';
import { insertEvents, type ComplaintRow, type EventRow } from './complaint-intake.repository.js';

/** The current state of a complaint, as services load it: the intake row with every column filled. */
export interface ComplaintRecord
  extends Omit<
    ComplaintRow,
    'escalationLevel' | 'outcome' | 'updatedAt' | 'closedAt' | 'slaBudgetMinutes' | 'slaStartedAt' | 'slaConsumedMinutes' | 'slaPausedAt' | 'slaAlarmAt' | 'slaAlarmsSent' | 'attributes'
  > {
  escalationLevel: number;
  outcome: string | null;
  updatedAt: Date;
  closedAt: Date | null;
  masterComplaintId: string | null;
  assignedOfficerId: string | null;
  slaBudgetMinutes: number | null;
  slaStartedAt: Date | null;
  slaConsumedMinutes: number;
  slaPausedAt: Date | null;
  slaAlarmAt: Date | null;
  slaAlarmsSent: number;
  resolvedAt: Date | null;
  feedbackRating: number | null;
  /** Answers to the category's extra fields (opened); personal, so only for the citizen who filed it and staff. */
  attributes: AttributeValues | null;
}

/** An attachment's metadata (its bytes are behind the storage interface). */
export interface AttachmentRecord {
  id: string;
  eventSeq: number | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
  createdAt: Date;
}

/** An event as read back. */
export interface EventRecord extends EventRow {
  id: string;
}

/** The change a transition makes to the complaints row: its state, chain head, SLA clock and answer columns. */
export type ComplaintUpdate = Pick<
  ComplaintRecord,
  | 'state' | 'escalationLevel' | 'outcome' | 'closedAt' | 'updatedAt' | 'eventCount' | 'lastEventHash' | 'dueAt'
  | 'slaBudgetMinutes' | 'slaStartedAt' | 'slaConsumedMinutes' | 'slaPausedAt' | 'slaAlarmAt' | 'slaAlarmsSent' | 'resolvedAt' | 'feedbackRating'
>;

const COLUMNS = `id, code, state, department_id, area_id, office_id, category_id, citizen_id, anonymous, channel, language, description,
  address, latitude, longitude, escalation_level, outcome, citizen_secret_hash, master_complaint_id, sla_days, due_at, created_at,
  updated_at, closed_at, event_count, last_event_hash, sla_budget_minutes, sla_started_at, sla_consumed_minutes, sla_paused_at, sla_alarm_at, sla_alarms_sent, resolved_at, feedback_rating, assigned_officer_id, attributes,
  moderation_status, moderation_reasons, urgency, urgency_confidence`;

/** Reads complaints and their events, and applies lifecycle transitions. The address is opened as it is read. */
export class ComplaintRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /** The tracking code of a complaint by id (a merged duplicate's master), or null. */
  async codeOf(db: Queryable, id: string | null): Promise<string | null> {
    if (id === null) return null;
    const { rows } = await db.query<{ code: string }>('select code from complaints where id = $1', [id]);
    return rows[0]?.code ?? null;
  }

  /** The complaint with this tracking code, or null. */
  async findByCode(db: Queryable, code: string): Promise<ComplaintRecord | null> {
    const { rows } = await db.query(`select ${COLUMNS} from complaints where code = $1`, [code]);
    return rows[0] ? this.toRecord(rows[0]) : null;
  }

  /** The same, locked for update until the transaction ends (so transitions are applied one at a time). */
  async lockByCode(tx: pg.PoolClient, code: string): Promise<ComplaintRecord | null> {
    const { rows } = await tx.query(`select ${COLUMNS} from complaints where code = $1 for update`, [code]);
    return rows[0] ? this.toRecord(rows[0]) : null;
  }

  /**
   * Locks up to `limit` running complaints whose SLA alarm has gone off, skipping any another sweep holds, so
   * several workers sweep side by side and each complaint is handled once.
   */
  async lockDueAlarms(tx: pg.PoolClient, now: Date, limit: number): Promise<ComplaintRecord[]> {
    const { rows } = await tx.query(
      `select ${COLUMNS} from complaints where sla_alarm_at <= $1 order by sla_alarm_at limit $2 for update skip locked`,
      [now, limit],
    );
    return rows.map((r) => this.toRecord(r));
  }

  /** The complaint's events in order, after `afterSeq` if given; only public ones unless `includeInternal`. */
  async events(db: Queryable, complaintId: string, includeInternal: boolean, afterSeq = 0): Promise<EventRecord[]> {
    const { rows } = await db.query(
      `select id, complaint_id, seq, type, actor_role, actor_id, visibility, payload, created_at, prev_hash, hash
         from complaint_events where complaint_id = $1 and ($2 or visibility = 'public') and seq > $3 order by seq`,
      [complaintId, includeInternal, afterSeq],
    );
    return rows.map((r) => ({
      id: r.id,
      complaintId: r.complaint_id,
      seq: r.seq,
      type: r.type,
      actorRole: r.actor_role,
      actorId: r.actor_id,
      visibility: r.visibility,
      payload: r.payload,
      createdAt: r.created_at,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }

  /** Writes a transition: the new current state and the event that records it (if any), in the caller's transaction. */
  async applyTransition(tx: pg.PoolClient, complaintId: string, update: ComplaintUpdate, event: EventRow | null): Promise<void> {
    await tx.query(
      `update complaints set state = $2, escalation_level = $3, outcome = $4, closed_at = $5, updated_at = $6, event_count = $7, last_event_hash = $8,
              due_at = $9, sla_budget_minutes = $10, sla_started_at = $11, sla_consumed_minutes = $12, sla_paused_at = $13,
              sla_alarm_at = $14, sla_alarms_sent = $15, resolved_at = $16, feedback_rating = $17
        where id = $1`,
      [
        complaintId, update.state, update.escalationLevel, update.outcome, update.closedAt, update.updatedAt, update.eventCount, update.lastEventHash,
        update.dueAt, update.slaBudgetMinutes, update.slaStartedAt, update.slaConsumedMinutes, update.slaPausedAt,
        update.slaAlarmAt, update.slaAlarmsSent, update.resolvedAt, update.feedbackRating,
      ],
    );
    if (event) await insertEvents(tx, [event]);
  }

  /** The complaint's attachments, oldest first. */
  async attachments(db: Queryable, complaintId: string): Promise<AttachmentRecord[]> {
    const { rows } = await db.query(
      `select id, event_seq, filename, content_type, size_bytes, storage_key, created_at from attachments where complaint_id = $1 order by created_at, id`,
      [complaintId],
    );
    return rows.map((r) => ({ id: r.id, eventSeq: r.event_seq, filename: r.filename, contentType: r.content_type, sizeBytes: r.size_bytes, storageKey: r.storage_key, createdAt: r.created_at }));
  }

  /** Writes many transitions at once (the SLA sweep's batch): one UPDATE for the rows, one INSERT for the events. */
  async applyTransitions(tx: pg.PoolClient, items: { complaintId: string; update: ComplaintUpdate; event: EventRow | null }[]): Promise<void> {
    if (items.length === 0) return;
    const u = items.map((i) => i.update);
    await tx.query(
      `update complaints c set state = u.state, escalation_level = u.escalation_level, outcome = u.outcome, closed_at = u.closed_at,
              updated_at = u.updated_at, event_count = u.event_count, last_event_hash = u.last_event_hash, due_at = u.due_at,
              sla_budget_minutes = u.sla_budget_minutes, sla_started_at = u.sla_started_at, sla_consumed_minutes = u.sla_consumed_minutes,
              sla_paused_at = u.sla_paused_at, sla_alarm_at = u.sla_alarm_at, sla_alarms_sent = u.sla_alarms_sent,
              resolved_at = u.resolved_at, feedback_rating = u.feedback_rating
         from unnest($1::uuid[], $2::text[], $3::smallint[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::bytea[],
                     $9::timestamptz[], $10::int[], $11::timestamptz[], $12::float8[], $13::timestamptz[], $14::timestamptz[], $15::smallint[],
                     $16::timestamptz[], $17::smallint[])
           as u(id, state, escalation_level, outcome, closed_at, updated_at, event_count, last_event_hash, due_at, sla_budget_minutes,
                sla_started_at, sla_consumed_minutes, sla_paused_at, sla_alarm_at, sla_alarms_sent, resolved_at, feedback_rating)
        where c.id = u.id`,
      [
        items.map((i) => i.complaintId), u.map((x) => x.state), u.map((x) => x.escalationLevel), u.map((x) => x.outcome), u.map((x) => x.closedAt),
        u.map((x) => x.updatedAt), u.map((x) => x.eventCount), u.map((x) => x.lastEventHash), u.map((x) => x.dueAt), u.map((x) => x.slaBudgetMinutes),
        u.map((x) => x.slaStartedAt), u.map((x) => x.slaConsumedMinutes), u.map((x) => x.slaPausedAt), u.map((x) => x.slaAlarmAt),
        u.map((x) => x.slaAlarmsSent), u.map((x) => x.resolvedAt), u.map((x) => x.feedbackRating),
      ],
    );
    const events = items.flatMap((i) => (i.event ? [i.event] : []));
    if (events.length > 0) await insertEvents(tx, events);
  }

  /** Moves a complaint to another office (and that office's department and area): transfers and triage. */
  async place(tx: pg.PoolClient, complaintId: string, office: { id: string; departmentId: string; areaId: string }): Promise<void> {
    // Through migration 0013's function: a transfer may leave the actor's row-level scope, which a plain UPDATE may not.
    const { rows } = await tx.query<{ moved: boolean }>('select ekhtyar_place_complaint($1, $2, $3, $4) as moved', [complaintId, office.id, office.departmentId, office.areaId]);
    if (!rows[0]?.moved) throw new Error(`complaint ${complaintId} could not be placed: outside the actor's scope`);
  }

  /** Puts a complaint in another category (a staff correction; the actor's scope still reaches it). */
  async setCategory(tx: pg.PoolClient, complaintId: string, categoryId: string): Promise<void> {
    const { rowCount } = await tx.query('update complaints set category_id = $2 where id = $1', [complaintId, categoryId]);
    if (rowCount !== 1) throw new Error(`complaint ${complaintId} could not be recategorised: outside the actor's scope`);
  }

  /** True when the account is an active officer or head of the office. */
  async worksInOffice(db: Queryable, userId: string, officeId: string | null): Promise<boolean> {
    if (officeId === null || !/^[0-9a-f-]{36}$/i.test(userId)) return false;
    const { rows } = await db.query(
      `select 1 from staff_user_offices o join staff_users u on u.id = o.user_id
        where o.user_id = $1 and o.office_id = $2 and u.disabled_at is null and u.role in ('officer', 'head_of_office')`,
      [userId, officeId],
    );
    return rows.length > 0;
  }

  /** Sets the officer who works the complaint. */
  async assignOfficer(tx: pg.PoolClient, complaintId: string, officerId: string): Promise<void> {
    await tx.query('update complaints set assigned_officer_id = $2 where id = $1', [complaintId, officerId]);
  }

  /**
   * Records a merge: the duplicate points at its master, and the duplicate's citizen and followers follow the
   * master from now on, so they hear of its updates.
   */
  async mergeInto(tx: pg.PoolClient, duplicateId: string, masterId: string, at: Date): Promise<void> {
    await tx.query('update complaints set master_complaint_id = $2 where id = $1', [duplicateId, masterId]);
    await tx.query(
      `insert into complaint_followers (complaint_id, citizen_id, created_at)
       select $2::uuid, citizen_id, $3::timestamptz from complaint_followers where complaint_id = $1
       union select $2::uuid, citizen_id, $3::timestamptz from complaints where id = $1 and citizen_id is not null
       on conflict do nothing`,
      [duplicateId, masterId, at],
    );
  }

  /** Appends an event that changes nothing else (a note, a follower), moving the chain head. */
  async appendEvent(tx: pg.PoolClient, event: EventRow): Promise<void> {
    await tx.query('update complaints set event_count = $2, last_event_hash = $3, updated_at = $4 where id = $1', [event.complaintId, event.seq, event.hash, event.createdAt]);
    await insertEvents(tx, [event]);
  }

  /** The complaint an Idempotency-Key created, with the request hash and secret stored with it. */
  async findIdempotencyKey(db: Queryable, key: string): Promise<{ requestHash: Buffer; code: string; citizenSecret: string | null } | null> {
    const { rows } = await db.query(
      `select k.request_hash, k.citizen_secret, c.code from idempotency_keys k join complaints c on c.id = k.complaint_id where k.key = $1`,
      [key],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, code: row.code, citizenSecret: row.citizen_secret } : null;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row; its shape is the select list above
  private toRecord(r: Record<string, any>): ComplaintRecord {
    const record = toRecord(r);
    record.address = this.cipher.open('complaints.address', r.id, r.address);
    const attributes = this.cipher.open('complaints.attributes', r.id, r.attributes);
    record.attributes = attributes === null ? null : (JSON.parse(attributes) as AttributeValues);
    return record;
  }

  /**
   * True when the complaint's citizen row carries one of these contact lookups: a citizen signed in with that
   * verified number or address owns it, whichever channel it was filed by.
   */
  async citizenMatches(db: Queryable, citizenId: string | null, lookups: { phone: string | null; email: string | null }): Promise<boolean> {
    if (citizenId === null || (lookups.phone === null && lookups.email === null)) return false;
    const { rows } = await db.query('select 1 from citizens where id = $1 and (phone_lookup = any($2::text[]) or email_lookup = any($3::text[]))', [
      citizenId,
      this.cipher.lookupCandidates('phone', lookups.phone),
      this.cipher.lookupCandidates('email', lookups.email),
    ]);
    return rows.length > 0;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row; its shape is the select list above
function toRecord(r: Record<string, any>): ComplaintRecord {
  return {
    id: r.id,
    code: r.code,
    state: r.state,
    departmentId: r.department_id,
    areaId: r.area_id,
    officeId: r.office_id,
    categoryId: r.category_id,
    citizenId: r.citizen_id,
    anonymous: r.anonymous,
    channel: r.channel,
    language: r.language,
    description: r.description,
    address: r.address,
    latitude: r.latitude,
    longitude: r.longitude,
    escalationLevel: r.escalation_level,
    outcome: r.outcome,
    citizenSecretHash: r.citizen_secret_hash,
    masterComplaintId: r.master_complaint_id,
    assignedOfficerId: r.assigned_officer_id,
    slaDays: r.sla_days,
    dueAt: r.due_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    eventCount: r.event_count,
    lastEventHash: r.last_event_hash,
    slaBudgetMinutes: r.sla_budget_minutes,
    slaStartedAt: r.sla_started_at,
    slaConsumedMinutes: r.sla_consumed_minutes,
    slaPausedAt: r.sla_paused_at,
    slaAlarmAt: r.sla_alarm_at,
    slaAlarmsSent: r.sla_alarms_sent,
    resolvedAt: r.resolved_at,
    feedbackRating: r.feedback_rating,
    attributes: null,
    moderationStatus: r.moderation_status,
    moderationReasons: r.moderation_reasons,
    urgency: r.urgency,
    urgencyConfidence: r.urgency_confidence,
  };
}
