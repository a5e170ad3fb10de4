/**
 * Breach-risk episodes from public 311 exports (NYC Open Data with its Due Date; LA MyLA311, which has none), for
 * measuring the model's calibration on real history. Time is wall-clock here (the cities' SLAs are in calendar
 * time), the "office" is the agency in a borough or area, and the state is unknown ('other').
 */
import { parse } from 'csv-parse/sync';
import { openLoad } from './history.js';
import { LOAD_WINDOW_DAYS } from './model.js';
import type { Episode } from './train.js';

/** A request with the times the model needs (ms since the epoch, the city's local time read as UTC). */
export interface TimedRequest {
  id: string;
  category: string;
  office: string;
  created: number;
  closed: number | null;
  due: number | null;
}

/** A parsed export and the moment it was taken (its latest timestamp): later than that nothing is known. */
export interface TimedExport {
  requests: TimedRequest[];
  extractedAt: number;
}

const HOUR = 3_600_000;

/** Reads an NYC or LA 311 CSV export; throws if the header is neither. */
export function parseTimedRequests(csv: string | Buffer): TimedExport {
  const rows = parse(csv, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  const header = Object.keys(rows[0] ?? {});
  const nyc = header.includes('Created Date');
  if (!nyc && !header.includes('CreatedDate')) throw new Error('not a NYC or LA 311 export (no Created Date / CreatedDate column)');
  const requests: TimedRequest[] = [];
  let extractedAt = 0;
  for (const row of rows) {
    const created = usTime(row[nyc ? 'Created Date' : 'CreatedDate']);
    if (created === null) continue;
    const closed = usTime(row[nyc ? 'Closed Date' : 'ClosedDate']);
    const updated = usTime(row[nyc ? 'Resolution Action Updated Date' : 'UpdatedDate']);
    extractedAt = Math.max(extractedAt, created, closed ?? 0, updated ?? 0);
    requests.push({
      id: row[nyc ? 'Unique Key' : 'SRNumber'] ?? '',
      category: (row[nyc ? 'Complaint Type' : 'RequestType'] ?? '').trim(),
      office: `${(row[nyc ? 'Agency' : 'Owner'] ?? '').trim()}|${(row[nyc ? 'Borough' : 'APC'] ?? '').trim()}`,
      created,
      // A closing time before the creation is a data error: treat the request as closed at once.
      closed: closed === null ? null : Math.max(closed, created),
      due: nyc ? usTime(row['Due Date']) : null,
    });
  }
  return { requests, extractedAt };
}

/** "06/26/2018 10:58:54 AM" → ms (read as UTC); null when empty or not a time. */
export function usTime(text: string | undefined): number | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?(AM|PM)?$/i.exec((text ?? '').trim());
  if (!m) return null;
  let hour = Number(m[4]) % 12;
  if (!m[7]) hour = Number(m[4]);
  else if (m[7].toUpperCase() === 'PM') hour += 12;
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6] ?? 0));
}

/**
 * An SLA per request type where the export has no due dates: the type's `quantile` (80th percentile by default)
 * time to close among the given (training) requests that closed; types with fewer than 5 closures take the
 * quantile over all of them.
 */
export function derivedSlaHours(requests: readonly TimedRequest[], quantile = 0.8): { byCategory: Map<string, number>; fallback: number } {
  const hours = new Map<string, number[]>();
  const all: number[] = [];
  for (const r of requests) {
    if (r.closed === null) continue;
    const h = (r.closed - r.created) / HOUR;
    all.push(h);
    hours.set(r.category, [...(hours.get(r.category) ?? []), h]);
  }
  const q = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.max(1, sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 24);
  };
  const fallback = all.length > 0 ? q(all) : 24;
  return { byCategory: new Map([...hours].filter(([, v]) => v.length >= 5).map(([k, v]) => [k, q(v)])), fallback };
}

const SHARES = [0, 0.25, 0.5, 0.75, 0.9];

/**
 * One episode per request with a deadline (its Due Date, or created + the derived SLA): seen at 0, 25, 50, 75 and
 * 90 % of the time allowed while it was still open, labelled breached when it closed after the deadline or was
 * still open when the export was taken after it. Requests still open before their deadline at export are left out.
 */
export function requestEpisodes(data: TimedExport, slaHours?: { byCategory: Map<string, number>; fallback: number }): Episode[] {
  const { requests, extractedAt } = data;
  // Load: requests open and filed in the last LOAD_WINDOW_DAYS, as in the product.
  const loadAt = openLoad(requests.map((r) => ({ officeId: r.office, from: r.created, to: Math.min(r.closed ?? extractedAt, r.created + LOAD_WINDOW_DAYS * 24 * HOUR) })), () => 1);
  const episodes: Episode[] = [];
  for (const r of requests) {
    const due = slaHours ? r.created + (slaHours.byCategory.get(r.category) ?? slaHours.fallback) * HOUR : r.due;
    if (due === null || due <= r.created) continue;
    const end = r.closed ?? extractedAt;
    if (r.closed === null && due > extractedAt) continue;
    const budget = due - r.created;
    const snapshots = SHARES.filter((s) => r.created + s * budget < end).map((s) => ({
      slaUsed: s,
      remainingHours: ((1 - s) * budget) / HOUR,
      state: 'other' as const,
      // The request itself is open then; the load counts it like any other.
      officeLoadPerOfficer: loadAt(r.office, r.created + s * budget),
    }));
    episodes.push({ startedAt: r.created, categoryId: r.category, officeId: r.office, escalationLevel: 0, reopenedCount: 0, breached: end > due, snapshots });
  }
  return episodes;
}

/** The earliest `share` of the episodes (by start) to train on and the rest held out: an earlier and a later slice. */
export function splitByShare(episodes: readonly Episode[], share: number): [Episode[], Episode[]] {
  const sorted = [...episodes].sort((a, b) => a.startedAt - b.startedAt);
  const cut = Math.floor(sorted.length * share);
  return [sorted.slice(0, cut), sorted.slice(cut)];
}

/** Requests created in [from, to) (ms). */
export function createdWithin(data: TimedExport, from: number, to: number): TimedExport {
  return { ...data, requests: data.requests.filter((r) => r.created >= from && r.created < to) };
}
