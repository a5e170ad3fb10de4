import { findHotspots, type Hotspot } from '../ai/hotspots/hotspots.js';
import { spikeAlerts, type SpikeAlert } from '../ai/spikes/spike-alerts.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { jurisdictionKeys } from '../domain/permissions/jurisdiction.js';
import { parsePeriod } from '../domain/statistics/metrics.js';
import { invalidRequest } from '../errors.js';
import { withStaffScope, type Db } from '../store/db.js';
import type { AnalyticsRepository } from '../store/analytics.repository.js';
import type { HolidayRepository } from '../store/holiday.repository.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** Days of history before the period that the spike baseline learns from (seasonal factors and level). */
export const SPIKE_HISTORY_DAYS = 182;
/** Most open complaints clustered in one request, newest first. */
export const HOTSPOT_POINT_LIMIT = 50_000;
const DAY_MS = 86_400_000;

/** Spike alerts of a period. */
export interface SpikesAnswer {
  period: { from: string; to: string };
  historyFrom: string;
  alerts: SpikeAlert[];
}

/** Hotspots of one category's open complaints. */
export interface HotspotsAnswer {
  categoryId: string;
  epsMetres: number;
  minPts: number;
  /** Open complaints with coordinates that were clustered. */
  points: number;
  hotspots: Hotspot[];
}

/** Spike and hotspot detection over the complaints a staff member may see (row-level security). */
export class AnalyticsService {
  constructor(
    /** The row-level-security pool: analytics read only what the viewer may see. */
    private readonly staffDb: Db,
    private readonly reference: ReferenceDataService,
    private readonly analytics: AnalyticsRepository,
    /** The office calendar: holidays are "no data" in the series (docs/AI.md, Holidays). */
    private readonly holidays: HolidayRepository,
  ) {}

  /** Alerts per category × district for the days of the period, each against its own baseline. */
  async spikes(actor: StaffActor, query: { from?: string | undefined; to?: string | undefined }, now = new Date()): Promise<SpikesAnswer> {
    const parsed = parsePeriod(query, now);
    if (!parsed.ok) throw invalidRequest('The period cannot be read.', parsed.problems);
    const { period } = parsed;
    const historyStart = new Date(period.start.getTime() - SPIKE_HISTORY_DAYS * DAY_MS);
    const historyFrom = new Date(Date.parse(period.from) - SPIKE_HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10);
    // Officers see their offices' complaints, monitors their scope: the counts are of what the viewer may see.
    const { counts, holidays } = await withStaffScope(this.staffDb, actor, async (tx) => ({
      counts: await this.analytics.dailyCounts(tx, { start: historyStart, end: period.end, keys: jurisdictionKeys(actor) }),
      holidays: await this.holidays.datesBetween(tx, historyFrom, period.to),
    }));
    const alerts = spikeAlerts(counts, { historyFrom, from: period.from, to: period.to, noData: new Set(holidays) });
    return { period: { from: period.from, to: period.to }, historyFrom, alerts };
  }

  /** Clusters of a category's open complaints (DBSCAN, eps in metres). */
  async hotspots(actor: StaffActor, query: { categoryId: string; eps?: number | undefined; minPts?: number | undefined }): Promise<HotspotsAnswer> {
    const ref = await this.reference.current();
    if (!ref.categories.has(query.categoryId)) throw invalidRequest('Hotspots need a known category.', [{ pointer: '/querystring/categoryId', detail: 'no such category' }]);
    const epsMetres = query.eps ?? 250;
    const minPts = query.minPts ?? 5;
    const rows = await withStaffScope(this.staffDb, actor, (tx) =>
      this.analytics.openPoints(tx, { categoryId: query.categoryId, limit: HOTSPOT_POINT_LIMIT, keys: jurisdictionKeys(actor) }),
    );
    const points = rows.map((r) => ({ id: r.code, latitude: r.latitude, longitude: r.longitude }));
    return { categoryId: query.categoryId, epsMetres, minPts, points: points.length, hotspots: findHotspots(points, epsMetres, minPts) };
  }
}
