import { isWithinArea } from '../routing/area-tree.js';

/** A share: numerator over denominator, or null when nothing was counted (never NaN). Rounded to 4 places. */
export function rate(numerator: number, denominator: number): number | null {
  if (!(denominator > 0)) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

/** The ageing buckets of open complaints, by whole days since filing: [lowest day, highest day or null for no end]. */
export const AGE_BUCKETS = [
  { label: '0-3', from: 0, to: 3 },
  { label: '4-7', from: 4, to: 7 },
  { label: '8-15', from: 8, to: 15 },
  { label: '16-30', from: 16, to: 30 },
  { label: '31+', from: 31, to: null },
] as const;

/** The label of an ageing bucket. */
export type AgeBucket = (typeof AGE_BUCKETS)[number]['label'];

/** The bucket of a complaint open for `days` whole days (negative ages, from clock skew, count as 0). */
export function ageBucket(days: number): AgeBucket {
  const d = Math.max(0, Math.floor(days));
  return AGE_BUCKETS.find((b) => b.to === null || d <= b.to)!.label;
}

/** Sums counts per whole-day age into the ageing buckets (every bucket present, zero when empty). */
export function bucketAges(counts: readonly { days: number; count: number }[]): Record<AgeBucket, number> {
  const out = Object.fromEntries(AGE_BUCKETS.map((b) => [b.label, 0])) as Record<AgeBucket, number>;
  for (const { days, count } of counts) out[ageBucket(days)] += count;
  return out;
}

/** Cells with fewer complaints than this are not shown in public breakdowns, so nobody can be singled out. */
export const SMALL_CELL = 5;

/** True when a public breakdown cell of `size` complaints must be suppressed (some, but fewer than `min`). */
export function isSmallCell(size: number, min = SMALL_CELL): boolean {
  return size > 0 && size < min;
}

/** The district an area lies in (province.division.district), or null above district level. */
export function districtOf(areaId: string | null): string | null {
  if (!areaId) return null;
  const parts = areaId.split('.');
  return parts.length >= 3 ? parts.slice(0, 3).join('.') : null;
}

/** The longest period a statistics request may cover, in days. */
export const MAX_PERIOD_DAYS = 366;
/** The period a request gets when it names none: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

/** A period of whole days (Asia/Karachi), `from` and `to` both included, and the instants that bound it. */
export interface Period {
  from: string;
  to: string;
  /** The first instant of `from` in Karachi. */
  start: Date;
  /** The first instant after `to` in Karachi (exclusive end). */
  end: Date;
  days: number;
}

/** A field of the query that cannot be read. */
export interface PeriodProblem {
  pointer: string;
  detail: string;
}

const DAY_MS = 86_400_000;
// Pakistan keeps UTC+5 all year (no daylight saving), so a Karachi day is a fixed UTC interval.
const KARACHI_OFFSET_MS = 5 * 3_600_000;

function parseDay(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value ? ms : null;
}

/** Today's date in Karachi. */
export function karachiToday(now: Date): string {
  return new Date(now.getTime() + KARACHI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Reads `from` and `to` (YYYY-MM-DD, both included, Karachi days). Missing `to` is today; missing `from` is 29 days
 * before `to`. Refuses bad dates, `from` after `to` and periods over MAX_PERIOD_DAYS, naming the field.
 */
export function parsePeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date): { ok: true; period: Period } | { ok: false; problems: PeriodProblem[] } {
  const problems: PeriodProblem[] = [];
  const toMs = query.to === undefined ? parseDay(karachiToday(now)) : parseDay(query.to);
  if (toMs === null) problems.push({ pointer: '/querystring/to', detail: 'must be a date, YYYY-MM-DD' });
  const fromMs = query.from === undefined ? (toMs === null ? null : toMs - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS) : parseDay(query.from);
  if (fromMs === null && query.from !== undefined) problems.push({ pointer: '/querystring/from', detail: 'must be a date, YYYY-MM-DD' });
  if (fromMs === null || toMs === null) return { ok: false, problems };
  if (fromMs > toMs) return { ok: false, problems: [{ pointer: '/querystring/from', detail: 'must not be after to' }] };
  const days = (toMs - fromMs) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS) return { ok: false, problems: [{ pointer: '/querystring/from', detail: `the period may cover at most ${MAX_PERIOD_DAYS} days` }] };
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { ok: true, period: { from: iso(fromMs), to: iso(toMs), start: new Date(fromMs - KARACHI_OFFSET_MS), end: new Date(toMs + DAY_MS - KARACHI_OFFSET_MS), days } };
}

/** Every day of the period, in order (for a trend with no gaps). */
export function daysOf(period: Pick<Period, 'from' | 'days'>): string[] {
  const first = parseDay(period.from)!;
  return Array.from({ length: period.days }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
}

/** A pair of a viewer's reach: a department (null: all) over an area. */
export interface Reach {
  departmentId: string | null;
  areaId: string;
}

/**
 * Could a dashboard narrowed to this department and area show the viewer anything? True when one of the viewer's
 * reach pairs (their offices, their scope) matches the department and lies inside, or contains, the area.
 */
export function filterReachable(reach: readonly Reach[], filter: { departmentId?: string | undefined; areaId?: string | undefined }): boolean {
  return reach.some(
    (r) =>
      (filter.departmentId === undefined || r.departmentId === null || r.departmentId === filter.departmentId) &&
      (filter.areaId === undefined || isWithinArea(filter.areaId, r.areaId) || isWithinArea(r.areaId, filter.areaId)),
  );
}

/** How a trend groups days: each day, ISO weeks (Monday to Sunday) or calendar months. */
export type TrendInterval = 'day' | 'week' | 'month';

/**
 * The buckets of a period, each named by its first day (as PostgreSQL's date_trunc names them): every day, the
 * Monday of every week the period touches, or the first of every month. The first and last may reach outside the
 * period; only the period's days are counted in them.
 */
export function bucketsOf(period: Pick<Period, 'from' | 'to'>, interval: TrendInterval): string[] {
  const first = parseDay(period.from)!;
  const last = parseDay(period.to)!;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const out: string[] = [];
  if (interval === 'month') {
    const d = new Date(first);
    for (let y = d.getUTCFullYear(), m = d.getUTCMonth(); Date.UTC(y, m, 1) <= last; m++) out.push(iso(Date.UTC(y, m, 1)));
    return out;
  }
  const step = interval === 'week' ? 7 : 1;
  // 1970-01-01 was a Thursday: the Monday on or before a day is 3 days after the previous multiple of 7 days.
  const start = interval === 'week' ? first - (((first / DAY_MS + 3) % 7) + 7) % 7 * DAY_MS : first;
  for (let ms = start; ms <= last; ms += step * DAY_MS) out.push(iso(ms));
  return out;
}
