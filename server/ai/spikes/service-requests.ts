/**
 * Reads public 311 service-request exports (NYC Open Data, LA MyLA311) into plain records, for evaluating spike and
 * hotspot detection on real series. Timestamps are kept as the city's local calendar day and hour, as published.
 */
import { parse } from 'csv-parse/sync';

/** One service request: where, when and what. */
export interface ServiceRequest {
  id: string;
  /** What the request is about (request type, or complaint type). */
  category: string;
  /** Finer kind where the export has one (NYC descriptor). */
  descriptor: string;
  /** Area: NYC borough, LA area planning commission. */
  district: string;
  /** Local calendar day, 'YYYY-MM-DD'. */
  day: string;
  /** Local hour, 0-23. */
  hour: number;
  status: string;
  latitude: number | null;
  longitude: number | null;
}

/** Which export a file is, from its header row. */
export type ServiceRequestFormat = 'nyc311' | 'la311';

const COLUMNS: Record<ServiceRequestFormat, Record<keyof Omit<ServiceRequest, 'day' | 'hour'> | 'created', string>> = {
  nyc311: {
    id: 'Unique Key',
    created: 'Created Date',
    category: 'Complaint Type',
    descriptor: 'Descriptor',
    district: 'Borough',
    status: 'Status',
    latitude: 'Latitude',
    longitude: 'Longitude',
  },
  la311: {
    id: 'SRNumber',
    created: 'CreatedDate',
    category: 'RequestType',
    descriptor: 'RequestType',
    district: 'APC',
    status: 'Status',
    latitude: 'Latitude',
    longitude: 'Longitude',
  },
};

/** Parses a whole NYC or LA 311 CSV export; throws if the header is neither. */
export function parseServiceRequests(csv: string | Buffer): ServiceRequest[] {
  const rows = parse(csv, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<
    string,
    string
  >[];
  const first = rows[0];
  if (!first) return [];
  const format = detectFormat(Object.keys(first));
  const c = COLUMNS[format];
  const out: ServiceRequest[] = [];
  for (const row of rows) {
    const when = parseUsTimestamp(row[c.created] ?? '');
    if (!when) continue;
    out.push({
      id: row[c.id] ?? '',
      category: (row[c.category] ?? '').trim(),
      descriptor: (row[c.descriptor] ?? '').trim(),
      district: (row[c.district] ?? '').trim() || 'Unspecified',
      day: when.day,
      hour: when.hour,
      status: (row[c.status] ?? '').trim(),
      latitude: coordinate(row[c.latitude], 90),
      longitude: coordinate(row[c.longitude], 180),
    });
  }
  return out;
}

function detectFormat(header: readonly string[]): ServiceRequestFormat {
  for (const format of ['nyc311', 'la311'] as const) {
    const c = COLUMNS[format];
    if ([c.id, c.created, c.category, c.district].every((name) => header.includes(name))) return format;
  }
  throw new Error(`not an NYC or LA 311 export: columns ${header.slice(0, 6).join(', ')}…`);
}

/** 'MM/DD/YYYY hh:mm:ss AM' → local day and hour; null if malformed. */
export function parseUsTimestamp(text: string): { day: string; hour: number } | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([AP]M)$/.exec(text.trim());
  if (!m) return null;
  const [, mm, dd, yyyy, hh, , , ampm] = m;
  const h12 = Number(hh);
  if (h12 < 1 || h12 > 12 || Number(mm) < 1 || Number(mm) > 12 || Number(dd) < 1 || Number(dd) > 31) return null;
  const hour = (h12 % 12) + (ampm === 'PM' ? 12 : 0);
  return { day: `${yyyy}-${mm}-${dd}`, hour };
}

function coordinate(text: string | undefined, limit: number): number | null {
  if (!text || text.trim() === '') return null;
  const v = Number(text);
  // Some exports write 0 for "unknown"; no complaint in these cities is at 0°.
  return Number.isFinite(v) && v !== 0 && Math.abs(v) <= limit ? v : null;
}
