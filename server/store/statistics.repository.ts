import type { Queryable } from './db.js';

/** What statistics are narrowed to: a period [start, end), optionally a department and an area (with the areas inside it). */
export interface StatisticsFilter {
  start: Date;
  end: Date;
  departmentId?: string | undefined;
  areaId?: string | undefined;
  categoryId?: string | undefined;
  /** A staff member's jurisdiction keys (migration 0013), for the index; row-level security applies them anyway. */
  keys?: readonly string[] | undefined;
}

/** What rate figures can be broken down by; each is the complaint's current placement. */
export type Breakdown = 'total' | 'office' | 'officer' | 'department' | 'district';

/** Counts behind the rates of one cell of a breakdown (see docs/STATISTICS.md for what each means). */
export interface RateCounts {
  key: string | null;
  /** Distinct complaints that count in the cell (filed in the period, or with a resolution, closure or escalation in it). */
  complaints: number;
  received: number;
  resolved: number;
  resolvedByOutcome: { full_relief: number; partial_relief: number; no_relief: number };
  closed: number;
  closedSatisfied: number;
  reopened: number;
  resolvedWithinSla: number;
  medianHoursToResolve: number | null;
  /** The 90th percentile of the same wall-clock hours (the performance report's). */
  p90HoursToResolve: number | null;
}

/** The events of one trend bucket (see docs/STATISTICS.md, "Trends"). */
export interface TrendBucketCounts {
  bucket: string;
  received: number;
  resolved: number;
  closedSatisfied: number;
  closedNoResponse: number;
  breached: number;
}

/** Counts of complaints open now. */
export interface OpenSnapshot {
  byState: Record<string, number>;
  /** Open complaints (not yet resolved) by whole days since filing. */
  ageDays: { days: number; count: number }[];
  overdue: number;
}

/** Open and overdue complaints now, per key of a breakdown. */
export interface OpenCounts {
  key: string | null;
  open: number;
  overdue: number;
}

// Closures as events: the citizen satisfied, closed for no response, withdrawn, merged, rejected (lifecycle CLOSURE_KIND).
const CLOSING_EVENTS = ['citizen_satisfied', 'closed_no_response', 'withdrawn', 'merged_as_duplicate', 'rejected'];
// States in which the SLA clock runs, so "overdue" means something (awaiting_citizen pauses it; resolved stops it).
const RUNNING_STATES = ['triage', 'assigned', 'in_progress'];
// Open and still with the office or the citizen: every open state but resolved.
const UNRESOLVED_STATES = ['submitted', 'triage', 'assigned', 'in_progress', 'awaiting_citizen'];

const DISTRICT_SQL = `case when cardinality(string_to_array(c.area_id, '.')) >= 3 then array_to_string((string_to_array(c.area_id, '.'))[1:3], '.') end`;
const GROUP_SQL: Record<Breakdown, string> = {
  total: 'null::text',
  office: 'c.office_id',
  officer: 'c.assigned_officer_id',
  department: 'c.department_id',
  district: DISTRICT_SQL,
};

/** The conditions that narrow complaints `c` to the filter's place (and category), adding their parameters. */
export function placeSql(filter: StatisticsFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (filter.categoryId) where.push(`c.category_id = $${params.push(filter.categoryId)}`);
  if (filter.keys) where.push(`c.jurisdiction_keys && $${params.push(filter.keys)}::text[]`);
  if (filter.departmentId) where.push(`c.department_id = $${params.push(filter.departmentId)}`);
  if (filter.areaId) {
    const a = params.push(filter.areaId);
    where.push(`(c.area_id = $${a} or c.area_id like $${a} || '.%')`);
  }
  return where;
}

/**
 * Aggregates for dashboards and the transparency page, computed in PostgreSQL (no complaint rows reach Node). Run
 * on a staff-scoped connection (withStaffScope) it sees only the viewer's jurisdiction; on the service pool, all.
 */
export class StatisticsRepository {
  /** The counts behind the rates, for the whole filter or per key of a breakdown. */
  async rates(db: Queryable, filter: StatisticsFilter, by: Breakdown): Promise<RateCounts[]> {
    const params: unknown[] = [filter.start, filter.end];
    const where = placeSql(filter, params);
    const closing = params.push(CLOSING_EVENTS);
    const { rows } = await db.query(
      `with ids as (
         select c.id from complaints c where c.created_at >= $1 and c.created_at < $2
         union
         select e.complaint_id from complaint_events e
          where (e.type in ('resolved', 'escalated') or e.type = any($${closing}::text[])) and e.created_at >= $1 and e.created_at < $2
       ),
       scoped as (
         select c.id, c.created_at, ${GROUP_SQL[by]} as key
           from complaints c join ids on ids.id = c.id
          ${where.length ? `where ${where.join(' and ')}` : ''}
       ),
       per as (
         select s.key, s.created_at,
                s.created_at >= $1 and s.created_at < $2 as received,
                min(e.created_at) filter (where e.type = 'resolved' and e.created_at >= $1) as resolved_at,
                (array_agg(e.payload->>'outcome' order by e.seq desc) filter (where e.type = 'resolved' and e.created_at >= $1))[1] as outcome,
                bool_or(e.type = any($${closing}::text[]) and e.created_at >= $1) as closed,
                bool_or(e.type = 'citizen_satisfied' and e.created_at >= $1) as satisfied,
                bool_or(e.type = 'citizen_not_satisfied') as reopened,
                min(e.created_at) filter (where e.type in ('escalated', 'sla_breached')) as breached_at
           from scoped s
           left join complaint_events e on e.complaint_id = s.id and e.created_at < $2
                 and (e.type in ('resolved', 'citizen_not_satisfied', 'escalated', 'sla_breached') or e.type = any($${closing}::text[]))
          group by s.id, s.key, s.created_at
       )
       select key,
              count(*)::int as complaints,
              count(*) filter (where received)::int as received,
              count(*) filter (where resolved_at is not null)::int as resolved,
              count(*) filter (where resolved_at is not null and outcome = 'full_relief')::int as full_relief,
              count(*) filter (where resolved_at is not null and outcome = 'partial_relief')::int as partial_relief,
              count(*) filter (where resolved_at is not null and outcome = 'no_relief')::int as no_relief,
              count(*) filter (where closed)::int as closed,
              count(*) filter (where satisfied)::int as satisfied,
              count(*) filter (where resolved_at is not null and reopened)::int as reopened,
              count(*) filter (where resolved_at is not null and (breached_at is null or breached_at > resolved_at))::int as within_sla,
              percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at) / 3600) filter (where resolved_at is not null) as median_hours,
              percentile_cont(0.9) within group (order by extract(epoch from resolved_at - created_at) / 3600) filter (where resolved_at is not null) as p90_hours
         from per
        group by key
        order by key nulls first`,
      params,
    );
    return rows.map((r) => ({
      key: r.key,
      complaints: r.complaints,
      received: r.received,
      resolved: r.resolved,
      resolvedByOutcome: { full_relief: r.full_relief, partial_relief: r.partial_relief, no_relief: r.no_relief },
      closed: r.closed,
      closedSatisfied: r.satisfied,
      reopened: r.reopened,
      resolvedWithinSla: r.within_sla,
      medianHoursToResolve: hours(r.median_hours),
      p90HoursToResolve: hours(r.p90_hours),
    }));
  }

  /** Complaints filed and complaints resolved per Karachi day of the period (days with neither are absent). */
  async trend(db: Queryable, filter: StatisticsFilter): Promise<{ day: string; received: number; resolved: number }[]> {
    const params: unknown[] = [filter.start, filter.end];
    const where = placeSql(filter, params);
    const place = where.length ? `and ${where.join(' and ')}` : '';
    const { rows } = await db.query(
      `with received as (
         select to_char(c.created_at at time zone 'Asia/Karachi', 'YYYY-MM-DD') as day, count(*)::int as n
           from complaints c where c.created_at >= $1 and c.created_at < $2 ${place} group by 1
       ), resolved as (
         select to_char(e.created_at at time zone 'Asia/Karachi', 'YYYY-MM-DD') as day, count(*)::int as n
           from complaint_events e join complaints c on c.id = e.complaint_id
          where e.type = 'resolved' and e.created_at >= $1 and e.created_at < $2 ${place} group by 1
       )
       select coalesce(r.day, s.day) as day, coalesce(r.n, 0) as received, coalesce(s.n, 0) as resolved
         from received r full join resolved s on s.day = r.day order by 1`,
      params,
    );
    return rows;
  }

  /**
   * Per bucket (day, ISO week from Monday, or month, in Karachi time) of the period: complaints filed, resolutions,
   * satisfied closures, closures for no response, and complaints whose SLA was first breached (their first
   * `escalated` or `sla_breached` event). Buckets with none are absent.
   */
  async trendBuckets(db: Queryable, filter: StatisticsFilter, interval: 'day' | 'week' | 'month'): Promise<TrendBucketCounts[]> {
    const params: unknown[] = [filter.start, filter.end, interval];
    const where = placeSql(filter, params);
    const place = where.length ? `and ${where.join(' and ')}` : '';
    const { rows } = await db.query(
      `with ev as (
         select 'received' as kind, c.created_at as at from complaints c where c.created_at >= $1 and c.created_at < $2 ${place}
         union all
         select e.type, e.created_at from complaint_events e join complaints c on c.id = e.complaint_id
          where e.type in ('resolved', 'citizen_satisfied', 'closed_no_response') and e.created_at >= $1 and e.created_at < $2 ${place}
         union all
         select 'breached', b.at from (
           select min(e.created_at) as at from complaint_events e join complaints c on c.id = e.complaint_id
            where e.type in ('escalated', 'sla_breached') and e.created_at < $2 ${place} group by e.complaint_id
         ) b where b.at >= $1
       )
       select to_char(date_trunc($3::text, at at time zone 'Asia/Karachi'), 'YYYY-MM-DD') as bucket,
              count(*) filter (where kind = 'received')::int as received,
              count(*) filter (where kind = 'resolved')::int as resolved,
              count(*) filter (where kind = 'citizen_satisfied')::int as closed_satisfied,
              count(*) filter (where kind = 'closed_no_response')::int as closed_no_response,
              count(*) filter (where kind = 'breached')::int as breached
         from ev group by 1 order by 1`,
      params,
    );
    return rows.map((r) => ({ bucket: r.bucket, received: r.received, resolved: r.resolved, closedSatisfied: r.closed_satisfied, closedNoResponse: r.closed_no_response, breached: r.breached }));
  }

  /** Escalations in the period per key of a breakdown (the performance report's). */
  async escalationsBy(db: Queryable, filter: StatisticsFilter, by: Breakdown): Promise<Map<string | null, number>> {
    const params: unknown[] = [filter.start, filter.end];
    const where = placeSql(filter, params);
    const { rows } = await db.query(
      `select ${GROUP_SQL[by]} as key, count(*)::int as n
         from complaint_events e join complaints c on c.id = e.complaint_id
        where e.type = 'escalated' and e.created_at >= $1 and e.created_at < $2 ${where.length ? `and ${where.join(' and ')}` : ''}
        group by 1`,
      params,
    );
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  /** Escalations in the period by the level they reached (1 head of office … 3 provincial monitor). */
  async escalations(db: Queryable, filter: StatisticsFilter): Promise<Record<string, number>> {
    const params: unknown[] = [filter.start, filter.end];
    const where = placeSql(filter, params);
    const { rows } = await db.query(
      `select e.payload->>'toLevel' as level, count(*)::int as n
         from complaint_events e join complaints c on c.id = e.complaint_id
        where e.type = 'escalated' and e.created_at >= $1 and e.created_at < $2 ${where.length ? `and ${where.join(' and ')}` : ''}
        group by 1`,
      params,
    );
    return Object.fromEntries(rows.map((r) => [String(r.level), r.n]));
  }

  /** What is open now: by state, by age in whole days (unresolved only), and how many are overdue. */
  async open(db: Queryable, filter: StatisticsFilter, now: Date): Promise<OpenSnapshot> {
    const params: unknown[] = [now];
    const where = placeSql(filter, params);
    const place = where.length ? `and ${where.join(' and ')}` : '';
    const unresolved = params.push(UNRESOLVED_STATES);
    const running = params.push(RUNNING_STATES);
    const { rows } = await db.query(
      `select 'state' as kind, c.state as key, count(*)::int as n from complaints c
        where c.state = any($${unresolved}::text[] || array['resolved']) ${place} group by c.state
       union all
       select 'age', floor(extract(epoch from $1 - c.created_at) / 86400)::int::text, count(*)::int from complaints c
        where c.state = any($${unresolved}::text[]) ${place} group by 2
       union all
       select 'overdue', null, count(*)::int from complaints c
        where c.state = any($${running}::text[]) and c.due_at < $1 ${place}`,
      params,
    );
    const snapshot: OpenSnapshot = { byState: {}, ageDays: [], overdue: 0 };
    for (const r of rows) {
      if (r.kind === 'state') snapshot.byState[r.key] = r.n;
      else if (r.kind === 'age') snapshot.ageDays.push({ days: Number(r.key), count: r.n });
      else snapshot.overdue = r.n;
    }
    return snapshot;
  }

  /** Open (unresolved) and overdue complaints now, per key of a breakdown. */
  async openBy(db: Queryable, filter: StatisticsFilter, by: Breakdown, now: Date): Promise<OpenCounts[]> {
    const params: unknown[] = [now];
    const where = placeSql(filter, params);
    const unresolved = params.push(UNRESOLVED_STATES);
    const running = params.push(RUNNING_STATES);
    const { rows } = await db.query(
      `select ${GROUP_SQL[by]} as key, count(*)::int as open, count(*) filter (where c.state = any($${running}::text[]) and c.due_at < $1)::int as overdue
         from complaints c where c.state = any($${unresolved}::text[]) ${where.length ? `and ${where.join(' and ')}` : ''}
        group by 1 order by 1 nulls first`,
      params,
    );
    return rows;
  }

  /** An officer's own load now: open complaints assigned to them, those due within a day, those overdue. */
  async officerLoad(db: Queryable, officerId: string, now: Date): Promise<{ open: number; dueSoon: number; overdue: number }> {
    const { rows } = await db.query(
      `select count(*)::int as open,
              count(*) filter (where c.state = any($3::text[]) and c.due_at >= $2 and c.due_at < $2 + interval '24 hours')::int as due_soon,
              count(*) filter (where c.state = any($3::text[]) and c.due_at < $2)::int as overdue
         from complaints c where c.assigned_officer_id = $1 and c.state = any($4::text[])`,
      [officerId, now, RUNNING_STATES, UNRESOLVED_STATES],
    );
    return { open: rows[0].open, dueSoon: rows[0].due_soon, overdue: rows[0].overdue };
  }

  /** Display names of staff members, for the officers' league table (staff only). */
  async staffNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await db.query('select id::text, display_name from staff_users where id::text = any($1::text[])', [ids]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}

// Hours to 0.1, or null.
function hours(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
}
