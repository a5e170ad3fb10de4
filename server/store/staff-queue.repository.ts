import { jurisdictionKeys, type StaffActor } from '../domain/permissions/jurisdiction.js';
import type { Queryable } from './db.js';

/** What a staff queue may be narrowed to. */
export interface QueueFilter {
  states: string[];
  officeId?: string;
  /** 'me': assigned to the caller; 'unassigned': to nobody yet. */
  assignee?: 'me' | 'unassigned';
  overdue?: boolean;
  minEscalationLevel?: number;
  categoryId?: string;
  limit: number;
  /** The last item of the previous page: its deadline and id. */
  after?: { dueAt: Date | null; id: string };
}

/** One line of a staff queue. */
export interface QueueItem {
  id: string;
  code: string;
  state: string;
  categoryId: string | null;
  officeId: string | null;
  departmentId: string | null;
  areaId: string | null;
  escalationLevel: number;
  dueAt: Date | null;
  assignedOfficerId: string | null;
  channel: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  eventCount: number;
  /** The abuse screen's flag when it still marks the complaint: waiting for a moderator, or upheld; else null. */
  moderation: 'pending' | 'upheld' | null;
  /** The urgency model's guess at intake (the organisation's label and its confidence), null without one. */
  urgency: string | null;
  urgencyConfidence: number | null;
  /** The SLA clock (server/domain/sla/sla-clock.ts), null where none was ever started. */
  slaBudgetMinutes: number | null;
  slaStartedAt: Date | null;
  slaConsumedMinutes: number;
  slaPausedAt: Date | null;
}

/**
 * The SQL form of the jurisdiction rules of domain/permissions/jurisdiction.ts (canWorkOn), for lists: array overlap
 * of the complaint's jurisdiction keys with the actor's (migration 0013), which a GIN index serves. Row-level security
 * applies the same test again on the staff pool; test/row-level-security.test.ts holds the three together.
 */
export function jurisdictionSql(actor: StaffActor, params: unknown[], alias = 'c'): string {
  return `${alias}.jurisdiction_keys && $${params.push(jurisdictionKeys(actor))}::text[]`;
}

/** Staff work queues: the complaints within a staff member's jurisdiction, most urgent first. */
export class StaffQueueRepository {
  /** A page of the queue, ordered by deadline (none last), then id. */
  async page(db: Queryable, actor: StaffActor, filter: QueueFilter): Promise<QueueItem[]> {
    const params: unknown[] = [];
    const where = [jurisdictionSql(actor, params), `c.state = any($${params.push(filter.states)}::text[])`];
    if (filter.officeId) where.push(`c.office_id = $${params.push(filter.officeId)}`);
    if (filter.assignee === 'me') where.push(`c.assigned_officer_id = $${params.push(actor.id)}`);
    if (filter.assignee === 'unassigned') where.push('c.assigned_officer_id is null');
    if (filter.overdue) where.push('c.due_at < now()');
    if (filter.minEscalationLevel) where.push(`c.escalation_level >= $${params.push(filter.minEscalationLevel)}`);
    if (filter.categoryId) where.push(`c.category_id = $${params.push(filter.categoryId)}`);
    if (filter.after) {
      // Keyset paging on (due_at nulls last, id): stable while complaints come and go.
      const due = params.push(filter.after.dueAt);
      const id = params.push(filter.after.id);
      where.push(`(case when $${due}::timestamptz is null then c.due_at is null and c.id > $${id}::uuid
                        else c.due_at > $${due} or c.due_at is null or (c.due_at = $${due} and c.id > $${id}::uuid) end)`);
    }
    const { rows } = await db.query(
      `select c.id, c.code, c.state, c.category_id, c.office_id, c.department_id, c.area_id, c.escalation_level, c.due_at, c.assigned_officer_id,
              c.channel, left(c.description, 280) as description, c.created_at, c.updated_at, c.event_count,
              case when c.moderation_status in ('pending', 'upheld') then c.moderation_status end as moderation, c.urgency, c.urgency_confidence,
              c.sla_budget_minutes, c.sla_started_at, c.sla_consumed_minutes, c.sla_paused_at
         from complaints c
        where ${where.join(' and ')}
        order by c.due_at asc nulls last, c.id
        limit $${params.push(filter.limit)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      state: r.state,
      categoryId: r.category_id,
      officeId: r.office_id,
      departmentId: r.department_id,
      areaId: r.area_id,
      escalationLevel: r.escalation_level,
      dueAt: r.due_at,
      assignedOfficerId: r.assigned_officer_id,
      channel: r.channel,
      description: r.description,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      eventCount: r.event_count,
      moderation: r.moderation,
      urgency: r.urgency,
      urgencyConfidence: r.urgency_confidence,
      slaBudgetMinutes: r.sla_budget_minutes,
      slaStartedAt: r.sla_started_at,
      slaConsumedMinutes: r.sla_consumed_minutes,
      slaPausedAt: r.sla_paused_at,
    }));
  }
}
