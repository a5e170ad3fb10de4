/**
 * Analytics reports for staff over their jurisdiction (row-level security scopes every read of complaints): trends
 * per day, week or month; topic terms per district; performance per office or officer. The definitions are the
 * dashboard's (docs/STATISTICS.md), read by the same repository.
 */
import { distinctiveTerms, termCounts, type DistinctiveTerm } from '../ai/topics/distinctive-terms.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { jurisdictionKeys } from '../domain/permissions/jurisdiction.js';
import { bucketsOf, districtOf, filterReachable, isSmallCell, rate, type TrendInterval } from '../domain/statistics/metrics.js';
import { invalidRequest, statisticsOutsideJurisdiction, type FieldProblem } from '../errors.js';
import type { AnalyticsRepository } from '../store/analytics.repository.js';
import { withStaffScope, type Db } from '../store/db.js';
import type { Names } from '../store/reference.repository.js';
import type { RateCounts, StatisticsFilter, StatisticsRepository, TrendBucketCounts } from '../store/statistics.repository.js';
import type { ReferenceDataService } from './reference-data.service.js';
import { EMPTY_RATES, periodOf, reachOf } from './statistics.service.js';

/** Most descriptions read for topics, newest first (the viewer's, and the background's). */
export const TOPIC_TEXT_LIMIT = 50_000;

/** A trend: one row per bucket of the period, zeros where nothing happened. */
export interface TrendsAnswer {
  period: { from: string; to: string };
  interval: TrendInterval;
  filter: { departmentId: string | null; categoryId: string | null; districtId: string | null };
  buckets: TrendBucketCounts[];
}

/** Topic terms per district; a district with one to four complaints has its terms withheld. */
export interface TopicsAnswer {
  period: { from: string; to: string };
  districts: { id: string; name: Names | null; complaints: number | null; suppressed: boolean; terms: DistinctiveTerm[] }[];
}

/** One row of the performance report: the dashboard's counts and rates, plus escalations and open work now. */
export type PerformanceRow = Omit<RateCounts, 'key' | 'resolvedByOutcome'> & {
  id: string;
  name: Names | null;
  slaCompliance: number | null;
  satisfiedClosureRate: number | null;
  reopenRate: number | null;
  escalations: number;
  open: number;
  overdue: number;
};

type PeriodQuery = { from?: string | undefined; to?: string | undefined };

/** Trends, topics and performance over what a staff member may see. */
export class AnalyticsReportService {
  constructor(
    /** The service pool: staff names, and the province-wide background of the topic terms (counts only). */
    private readonly db: Db,
    /** The row-level-security pool: every read of complaints is the viewer's. */
    private readonly staffDb: Db,
    private readonly reference: ReferenceDataService,
    private readonly statistics: StatisticsRepository,
    private readonly analytics: AnalyticsRepository,
  ) {}

  /** Received, resolved, closed (satisfied, no response) and breached per bucket, narrowed as asked. */
  async trends(actor: StaffActor, query: PeriodQuery & { interval?: TrendInterval | undefined; department?: string | undefined; category?: string | undefined; district?: string | undefined }, now = new Date()): Promise<TrendsAnswer> {
    const period = periodOf(query, now);
    await this.checkNarrowing(actor, query);
    const interval = query.interval ?? 'day';
    const filter: StatisticsFilter = { start: period.start, end: period.end, departmentId: query.department, categoryId: query.category, areaId: query.district, keys: jurisdictionKeys(actor) };
    const rows = await withStaffScope(this.staffDb, actor, (tx) => this.statistics.trendBuckets(tx, filter, interval));
    const found = new Map(rows.map((r) => [r.bucket, r]));
    return {
      period: { from: period.from, to: period.to },
      interval,
      filter: { departmentId: query.department ?? null, categoryId: query.category ?? null, districtId: query.district ?? null },
      buckets: bucketsOf(period, interval).map((bucket) => found.get(bucket) ?? { bucket, received: 0, resolved: 0, closedSatisfied: 0, closedNoResponse: 0, breached: 0 }),
    };
  }

  /**
   * Terms distinctive of each district's complaints (the viewer's) against the province's complaints of the same
   * departments in the period. The province's texts never leave this method: only the viewer's districts' terms,
   * with the viewer's counts, are returned.
   */
  async topics(actor: StaffActor, query: PeriodQuery & { district?: string | undefined; limit?: number | undefined }, now = new Date()): Promise<TopicsAnswer> {
    const period = periodOf(query, now);
    await this.checkNarrowing(actor, query);
    const ref = await this.reference.current();
    const own = await withStaffScope(this.staffDb, actor, (tx) =>
      this.analytics.descriptions(tx, { start: period.start, end: period.end, limit: TOPIC_TEXT_LIMIT, district: query.district, keys: jurisdictionKeys(actor) }),
    );
    const departments = [...new Set(own.map((r) => r.department).filter((d): d is string => d !== null))];
    const background = departments.length ? termCounts((await this.analytics.descriptions(this.db, { start: period.start, end: period.end, limit: TOPIC_TEXT_LIMIT, departments })).map((r) => r.text)) : new Map<string, number>();
    const byDistrict = new Map<string, string[]>();
    for (const row of own) {
      const texts = byDistrict.get(row.district);
      if (texts) texts.push(row.text);
      else byDistrict.set(row.district, [row.text]);
    }
    const districts = [...byDistrict.keys()].sort().map((id) => {
      const texts = byDistrict.get(id)!;
      const suppressed = isSmallCell(texts.length);
      const terms = suppressed ? [] : distinctiveTerms(termCounts(texts), background, { limit: query.limit ?? 10 });
      return { id, name: ref.areas.get(id)?.name ?? null, complaints: suppressed ? null : texts.length, suppressed, terms };
    });
    return { period: { from: period.from, to: period.to }, districts };
  }

  /**
   * Per office or officer: the dashboard's rates, the 90th percentile of hours to resolve, escalations, open and
   * overdue now. Officers see only their own row at officer level; row-level security limits the rest.
   */
  async performance(actor: StaffActor, query: PeriodQuery & { level?: 'office' | 'officer' | undefined }, now = new Date()): Promise<{ period: { from: string; to: string }; level: 'office' | 'officer'; rows: PerformanceRow[] }> {
    const period = periodOf(query, now);
    const level = query.level ?? 'office';
    const ref = await this.reference.current();
    const filter: StatisticsFilter = { start: period.start, end: period.end, keys: jurisdictionKeys(actor) };
    const read = await withStaffScope(this.staffDb, actor, async (tx) => ({
      rates: await this.statistics.rates(tx, filter, level),
      open: await this.statistics.openBy(tx, filter, level, now),
      escalations: await this.statistics.escalationsBy(tx, filter, level),
    }));
    let ids = [...new Set([...read.rates, ...read.open].map((r) => r.key).filter((k): k is string => k !== null))].sort();
    // An officer's colleagues are in the same office's complaints; their figures are not the officer's to see.
    if (level === 'officer' && actor.role === 'officer') ids = ids.filter((id) => id === actor.id);
    const staffNames = level === 'officer' ? await this.statistics.staffNames(this.db, ids) : new Map<string, string>();
    const name = (id: string): Names | null => {
      if (level === 'office') return ref.offices.get(id)?.name ?? null;
      const n = staffNames.get(id);
      return n === undefined ? null : { en: n, ur: null, ps: null };
    };
    const rows = ids.map((id): PerformanceRow => {
      const r = read.rates.find((x) => x.key === id) ?? EMPTY_RATES;
      const o = read.open.find((x) => x.key === id);
      return {
        id, name: name(id), complaints: r.complaints, received: r.received, resolved: r.resolved, closed: r.closed, closedSatisfied: r.closedSatisfied,
        reopened: r.reopened, resolvedWithinSla: r.resolvedWithinSla, medianHoursToResolve: r.medianHoursToResolve, p90HoursToResolve: r.p90HoursToResolve,
        slaCompliance: rate(r.resolvedWithinSla, r.resolved), satisfiedClosureRate: rate(r.closedSatisfied, r.closed), reopenRate: rate(r.reopened, r.resolved),
        escalations: read.escalations.get(id) ?? 0, open: o?.open ?? 0, overdue: o?.overdue ?? 0,
      };
    });
    return { period: { from: period.from, to: period.to }, level, rows };
  }

  /** 400 for an unknown department, category or district; 403 for one outside the viewer's reach. */
  private async checkNarrowing(actor: StaffActor, query: { department?: string | undefined; category?: string | undefined; district?: string | undefined }): Promise<void> {
    const ref = await this.reference.current();
    const problems: FieldProblem[] = [];
    if (query.department !== undefined && !ref.departments.has(query.department)) problems.push({ pointer: '/querystring/department', detail: 'no such department' });
    if (query.category !== undefined && !ref.categories.has(query.category)) problems.push({ pointer: '/querystring/category', detail: 'no such category' });
    if (query.district !== undefined && (!ref.areas.has(query.district) || districtOf(query.district) !== query.district)) problems.push({ pointer: '/querystring/district', detail: 'no such district' });
    if (problems.length) throw invalidRequest('The analytics cannot be narrowed that way.', problems);
    const reach = reachOf(actor, ref);
    const categoryDepartment = query.category === undefined ? undefined : ref.categories.get(query.category)!.departmentId;
    if (query.department !== undefined && !filterReachable(reach, { departmentId: query.department })) throw statisticsOutsideJurisdiction('/querystring/department');
    if (categoryDepartment !== undefined && !filterReachable(reach, { departmentId: categoryDepartment })) throw statisticsOutsideJurisdiction('/querystring/category');
    if (!filterReachable(reach, { departmentId: query.department ?? categoryDepartment, areaId: query.district })) throw statisticsOutsideJurisdiction('/querystring/district');
  }
}
