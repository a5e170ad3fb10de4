import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { jurisdictionKeys } from '../domain/permissions/jurisdiction.js';
import { bucketAges, daysOf, filterReachable, isSmallCell, parsePeriod, rate, type AgeBucket, type Period, type Reach } from '../domain/statistics/metrics.js';
import { invalidRequest, statisticsOutsideJurisdiction, type FieldProblem } from '../errors.js';
import { withStaffScope, type Db, type Queryable } from '../store/db.js';
import type { Names } from '../store/reference.repository.js';
import type { OpenCounts, RateCounts, StatisticsFilter, StatisticsRepository } from '../store/statistics.repository.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';

/** The rates of one cell: counts and the shares computed from them (null when there was nothing to divide by). */
export interface Rates {
  received: number;
  resolved: number;
  resolvedByOutcome: RateCounts['resolvedByOutcome'];
  closed: number;
  closedSatisfied: number;
  reopened: number;
  resolvedWithinSla: number;
  satisfiedClosureRate: number | null;
  reopenRate: number | null;
  slaCompliance: number | null;
  medianHoursToResolve: number | null;
}

/** What is open now. */
export interface OpenFigures {
  byState: Record<string, number>;
  ageing: Record<AgeBucket, number>;
  overdue: number;
}

/** One row of a league table or a per-district list. */
export type Cell = { id: string | null; name: Names | null; complaints: number; open: number; overdue: number } & Rates;

/** A staff member's dashboard over their jurisdiction. */
export interface Dashboard {
  period: { from: string; to: string };
  filter: { departmentId: string | null; areaId: string | null };
  totals: Rates;
  open: OpenFigures;
  escalationsByLevel: Record<'1' | '2' | '3', number>;
  trend: { day: string; received: number; resolved: number }[];
  offices: Cell[];
  officers: Cell[] | null;
  myLoad: { open: number; dueSoon: number; overdue: number } | null;
  districts: Cell[];
}

/** A public breakdown cell: figures null (and `suppressed`) when fewer than five complaints make them up. */
export interface PublicCell {
  id: string;
  name: Names | null;
  suppressed: boolean;
  received: number | null;
  resolved: number | null;
  satisfiedClosureRate: number | null;
  reopenRate: number | null;
  slaCompliance: number | null;
  medianHoursToResolve: number | null;
  /** Open now; null (with openSuppressed) when one to four. */
  open: number | null;
  openSuppressed: boolean;
}

/** The public transparency page's figures: province-wide, per department (ranked) and per district. */
export interface PublicStatistics {
  period: { from: string; to: string };
  totals: Rates;
  open: OpenFigures;
  escalationsByLevel: Record<'1' | '2' | '3', number>;
  trend: { day: string; received: number; resolved: number }[];
  departments: (PublicCell & { rank: number | null })[];
  districts: PublicCell[];
}

/** The counts of a cell with nothing in it. */
export const EMPTY_RATES: RateCounts = {
  key: null, complaints: 0, received: 0, resolved: 0, resolvedByOutcome: { full_relief: 0, partial_relief: 0, no_relief: 0 },
  closed: 0, closedSatisfied: 0, reopened: 0, resolvedWithinSla: 0, medianHoursToResolve: null, p90HoursToResolve: null,
};

/** The shares of a cell's counts (see docs/STATISTICS.md for the definitions). */
export function ratesOf(c: RateCounts): Rates {
  return {
    received: c.received,
    resolved: c.resolved,
    resolvedByOutcome: c.resolvedByOutcome,
    closed: c.closed,
    closedSatisfied: c.closedSatisfied,
    reopened: c.reopened,
    resolvedWithinSla: c.resolvedWithinSla,
    satisfiedClosureRate: rate(c.closedSatisfied, c.closed),
    reopenRate: rate(c.reopened, c.resolved),
    slaCompliance: rate(c.resolvedWithinSla, c.resolved),
    medianHoursToResolve: c.medianHoursToResolve,
  };
}

/** The period of a query, or 400 naming the field that cannot be read. */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const parsed = parsePeriod(query, now);
  if (!parsed.ok) throw invalidRequest('The period cannot be read.', parsed.problems);
  return parsed.period;
}

/** Cells for every key seen in either the period's rates or what is open now. */
function cells(rates: RateCounts[], open: OpenCounts[], name: (id: string) => Names | null): Cell[] {
  const keys = new Set([...rates.map((r) => r.key), ...open.map((o) => o.key)].filter((k): k is string => k !== null));
  return [...keys].sort().map((id) => {
    const o = open.find((x) => x.key === id);
    const r = rates.find((x) => x.key === id) ?? EMPTY_RATES;
    return { id, name: name(id), complaints: r.complaints, ...ratesOf(r), open: o?.open ?? 0, overdue: o?.overdue ?? 0 };
  });
}

/** Dashboards for staff (scoped by row-level security) and the public transparency figures (aggregate only). */
export class StatisticsService {
  constructor(
    private readonly db: Db,
    /** The row-level-security pool: a dashboard reads only what its viewer may see. */
    private readonly staffDb: Db,
    private readonly reference: ReferenceDataService,
    private readonly statistics: StatisticsRepository,
  ) {}

  /** The dashboard of a staff member's jurisdiction, optionally narrowed to a department and an area within it. */
  async dashboard(actor: StaffActor, query: { from?: string | undefined; to?: string | undefined; department?: string | undefined; area?: string | undefined }, now = new Date()): Promise<Dashboard> {
    const ref = await this.reference.current();
    const period = periodOf(query, now);
    const problems: FieldProblem[] = [];
    if (query.department !== undefined && !ref.departments.has(query.department)) problems.push({ pointer: '/querystring/department', detail: 'no such department' });
    if (query.area !== undefined && !ref.areas.has(query.area)) problems.push({ pointer: '/querystring/area', detail: 'no such area' });
    if (problems.length) throw invalidRequest('The dashboard cannot be narrowed that way.', problems);
    const reach = reachOf(actor, ref);
    if (query.department !== undefined && !filterReachable(reach, { departmentId: query.department })) throw statisticsOutsideJurisdiction('/querystring/department');
    if (!filterReachable(reach, { departmentId: query.department, areaId: query.area })) throw statisticsOutsideJurisdiction('/querystring/area');
    const filter: StatisticsFilter = { start: period.start, end: period.end, departmentId: query.department, areaId: query.area, keys: jurisdictionKeys(actor) };
    const heads = actor.role === 'head_of_office';
    const read = await withStaffScope(this.staffDb, actor, async (tx) => ({
      ...(await this.common(tx, filter, period, now)),
      offices: cells(await this.statistics.rates(tx, filter, 'office'), await this.statistics.openBy(tx, filter, 'office', now), (id) => ref.offices.get(id)?.name ?? null),
      districts: cells(await this.statistics.rates(tx, filter, 'district'), await this.statistics.openBy(tx, filter, 'district', now), (id) => ref.areas.get(id)?.name ?? null),
      officerRates: heads ? await this.statistics.rates(tx, filter, 'officer') : null,
      officerOpen: heads ? await this.statistics.openBy(tx, filter, 'officer', now) : null,
      myLoad: actor.role === 'officer' ? await this.statistics.officerLoad(tx, actor.id, now) : null,
    }));
    let officers: Cell[] | null = null;
    if (read.officerRates && read.officerOpen) {
      const ids = [...new Set([...read.officerRates, ...read.officerOpen].map((r) => r.key).filter((k): k is string => k !== null))];
      // Staff accounts are not complaint data: their names come from the service pool.
      const names = await this.statistics.staffNames(this.db, ids);
      officers = cells(read.officerRates, read.officerOpen, (id) => {
        const n = names.get(id);
        return n === undefined ? null : { en: n, ur: null, ps: null };
      });
    }
    return {
      period: { from: period.from, to: period.to },
      filter: { departmentId: query.department ?? null, areaId: query.area ?? null },
      totals: read.totals,
      open: read.open,
      escalationsByLevel: read.escalationsByLevel,
      trend: read.trend,
      offices: read.offices,
      officers,
      myLoad: read.myLoad,
      districts: read.districts,
    };
  }

  /** Province-wide figures for everyone: no names of staff or citizens, nothing per complaint, small cells suppressed. */
  async publicStatistics(query: { from?: string | undefined; to?: string | undefined }, now = new Date()): Promise<PublicStatistics> {
    const ref = await this.reference.current();
    const period = periodOf(query, now);
    const filter: StatisticsFilter = { start: period.start, end: period.end };
    const common = await this.common(this.db, filter, period, now);
    const cell = (c: Cell): PublicCell => {
      const small = isSmallCell(c.complaints);
      const openSmall = isSmallCell(c.open);
      return {
        id: c.id!, name: c.name, suppressed: small,
        received: small ? null : c.received,
        resolved: small ? null : c.resolved,
        satisfiedClosureRate: small || isSmallCell(c.closed) ? null : c.satisfiedClosureRate,
        reopenRate: small || isSmallCell(c.resolved) ? null : c.reopenRate,
        slaCompliance: small || isSmallCell(c.resolved) ? null : c.slaCompliance,
        medianHoursToResolve: small || isSmallCell(c.resolved) ? null : c.medianHoursToResolve,
        open: openSmall ? null : c.open,
        openSuppressed: openSmall,
      };
    };
    const departments = cells(await this.statistics.rates(this.db, filter, 'department'), await this.statistics.openBy(this.db, filter, 'department', now), (id) => ref.departments.get(id)?.name ?? null).map(cell);
    const districts = cells(await this.statistics.rates(this.db, filter, 'district'), await this.statistics.openBy(this.db, filter, 'district', now), (id) => ref.areas.get(id)?.name ?? null).map(cell);
    return { period: { from: period.from, to: period.to }, ...common, departments: rankDepartments(departments), districts };
  }

  private async common(db: Queryable, filter: StatisticsFilter, period: Period, now: Date) {
    const [totals] = await this.statistics.rates(db, filter, 'total');
    const open = await this.statistics.open(db, filter, now);
    const escalations = await this.statistics.escalations(db, filter);
    const trend = new Map((await this.statistics.trend(db, filter)).map((t) => [t.day, t]));
    return {
      totals: ratesOf(totals ?? EMPTY_RATES),
      open: { byState: open.byState, ageing: bucketAges(open.ageDays), overdue: open.overdue },
      escalationsByLevel: { 1: escalations['1'] ?? 0, 2: escalations['2'] ?? 0, 3: escalations['3'] ?? 0 },
      trend: daysOf(period).map((day) => ({ day, received: trend.get(day)?.received ?? 0, resolved: trend.get(day)?.resolved ?? 0 })),
    };
  }
}

/** Departments ranked by satisfied-closure rate, then SLA compliance, then median time (shorter first); unranked without a rate. */
export function rankDepartments<T extends PublicCell>(cells: T[]): (T & { rank: number | null })[] {
  const ranked = cells.filter((c) => c.satisfiedClosureRate !== null).sort((a, b) =>
    b.satisfiedClosureRate! - a.satisfiedClosureRate!
    || (b.slaCompliance ?? -1) - (a.slaCompliance ?? -1)
    || (a.medianHoursToResolve ?? Infinity) - (b.medianHoursToResolve ?? Infinity)
    || a.id.localeCompare(b.id));
  const rest = cells.filter((c) => c.satisfiedClosureRate === null).sort((a, b) => a.id.localeCompare(b.id));
  return [...ranked.map((c, i) => ({ ...c, rank: i + 1 })), ...rest.map((c) => ({ ...c, rank: null }))];
}

/** The (department, area) pairs a staff member reaches: their offices' and their scope's (as jurisdictionKeys reads them). */
export function reachOf(actor: StaffActor, ref: ReferenceData): Reach[] {
  const reach: Reach[] = [];
  if (actor.role === 'officer' || actor.role === 'head_of_office') {
    for (const id of actor.officeIds) {
      const office = ref.offices.get(id);
      if (office) reach.push({ departmentId: office.departmentId, areaId: office.areaId });
    }
  }
  if (actor.role === 'head_of_office' || actor.role === 'department_monitor' || actor.role === 'provincial_monitor') reach.push(...actor.scope);
  return reach;
}
