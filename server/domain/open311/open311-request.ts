import { attributesFromForm } from '../intake/category-attributes.js';

/**
 * Open311 GeoReport v2 input, read and checked as plain data: the form of POST requests, the filters of GET requests,
 * and the ".json"/".xml" suffix of every path. No I/O; every problem names the Open311 field it is about.
 */

/** The two answer formats of GeoReport v2. */
export type Open311Format = 'json' | 'xml';

/** A bad Open311 field and why (the spec's error format carries only a description, so the field leads it). */
export interface Open311Problem {
  field: string;
  detail: string;
}

/** A parsed and checked POST /requests form (api_key is checked by the service, not here). */
export interface Open311NewRequest {
  serviceCode: string;
  lat: number | null;
  long: number | null;
  addressString: string | null;
  addressId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  description: string;
  mediaUrl: string | null;
  /** attribute[code]=value and attribute[code][]=key, by code; checked against the service's definition by the caller. */
  attributes: Record<string, string | string[]>;
}

/** Checked GET /requests filters: either tracking codes, or a time window with optional service codes and status. */
export type Open311RequestQuery =
  | { kind: 'ids'; codes: string[] }
  | { kind: 'window'; serviceCodes: string[]; start: Date; end: Date; status: 'open' | 'closed' | null };

/** Most requests one GET answers, and the longest window it may span (both GeoReport v2's defaults). */
export const OPEN311_LIMIT = 1000;
export const OPEN311_WINDOW_DAYS = 90;

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Open311Problem[] };
type Fields = Record<string, unknown>;

const DAY_MS = 24 * 60 * 60 * 1000;
// NUL and lone surrogates cannot be stored as sent (see plugins/storable-text.ts).
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;
const LIMITS: Record<string, number> = {
  service_code: 80,
  address_string: 500,
  address_id: 200,
  email: 254,
  phone: 32,
  first_name: 60,
  last_name: 60,
  description: 5000,
  media_url: 2000,
};

/** Splits "services.json" into its name and format; null when the suffix is neither .json nor .xml. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const dot = file.lastIndexOf('.');
  const format = file.slice(dot + 1).toLowerCase();
  if (dot <= 0 || (format !== 'json' && format !== 'xml')) return null;
  return { name: file.slice(0, dot), format };
}

/**
 * Reads a POST /requests form; every bad field is named at once. The attribute[…] fields are collected as they are
 * (their check needs the service's definition); other unknown fields (device_id, account_id) are ignored.
 */
export function parseNewRequest(fields: Fields): Parsed<Open311NewRequest> {
  const problems: Open311Problem[] = [];
  const text = (name: string) => textField(fields, name, problems);
  const serviceCode = text('service_code');
  if (serviceCode === null && !problems.some((p) => p.field === 'service_code')) problems.push({ field: 'service_code', detail: 'is required' });
  const latText = text('lat');
  const longText = text('long');
  const lat = coordinate(latText, 'lat', 90, problems);
  const long = coordinate(longText, 'long', 180, problems);
  if ((latText === null) !== (longText === null)) problems.push({ field: latText === null ? 'lat' : 'long', detail: 'lat and long must be given together' });
  const addressString = text('address_string');
  const addressId = text('address_id');
  const located = (latText !== null && longText !== null) || addressString !== null || addressId !== null;
  if (!located && !problems.some((p) => ['lat', 'long', 'address_string', 'address_id'].includes(p.field))) {
    problems.push({ field: 'lat', detail: 'a location is required: lat and long, address_string or address_id' });
  }
  const email = text('email');
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email)) problems.push({ field: 'email', detail: 'is not an e-mail address' });
  const mediaUrl = text('media_url');
  if (mediaUrl !== null && !isWebUrl(mediaUrl)) problems.push({ field: 'media_url', detail: 'must be an http or https URL' });
  const description = text('description') ?? '';
  if (description.length < 10 && !problems.some((p) => p.field === 'description')) problems.push({ field: 'description', detail: 'describe the problem in at least 10 characters' });
  const value = { serviceCode: serviceCode ?? '', lat, long, addressString, addressId, email, phone: text('phone'), firstName: text('first_name'), lastName: text('last_name'), description, mediaUrl, attributes: readAttributeFields(fields) };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/** The form's attribute[code] and attribute[code][] fields (a repeated field arrives as a list of values). */
export function readAttributeFields(fields: Fields): Record<string, string | string[]> {
  const entries: [string, string][] = [];
  for (const [name, raw] of Object.entries(fields)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) if (typeof value === 'string') entries.push([name, value]);
  }
  return attributesFromForm(entries, 'attribute');
}

/** The Open311 field of an extra field's answer, as the spec's error descriptions name it. */
export function attributeField(code: string | null): string {
  return code === null ? 'attribute' : `attribute[${code.slice(0, 64)}]`;
}

/** Reads GET /requests filters. service_request_id overrides the rest (spec); otherwise a window of at most 90 days, the last 90 by default. */
export function parseRequestQuery(fields: Fields, now: Date): Parsed<Open311RequestQuery> {
  const problems: Open311Problem[] = [];
  const text = (name: string) => textField(fields, name, problems, name === 'service_request_id' ? 20_000 : 2000);
  const ids = text('service_request_id');
  if (ids !== null) {
    const codes = list(ids);
    if (codes.length > OPEN311_LIMIT) problems.push({ field: 'service_request_id', detail: `at most ${OPEN311_LIMIT} ids` });
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { kind: 'ids', codes } };
  }
  const window = parseWindow(fields, now, problems);
  const status = text('status');
  if (status !== null && status !== 'open' && status !== 'closed') problems.push({ field: 'status', detail: 'must be open or closed' });
  const serviceCodes = list(text('service_code') ?? '');
  if (problems.length > 0 || !window) return { ok: false, problems };
  return { ok: true, value: { kind: 'window', serviceCodes, ...window, status: status as 'open' | 'closed' | null } };
}

/** Reads start_date and end_date (W3C date-times): at most 90 days apart, the last 90 days by default. */
export function parseWindow(fields: Fields, now: Date, problems: Open311Problem[]): { start: Date; end: Date } | null {
  const before = problems.length;
  const start = dateField(textField(fields, 'start_date', problems, 100), 'start_date', problems);
  const end = dateField(textField(fields, 'end_date', problems, 100), 'end_date', problems);
  if (problems.length > before) return null;
  const to = end ?? (start ? new Date(Math.min(now.getTime(), start.getTime() + OPEN311_WINDOW_DAYS * DAY_MS)) : now);
  const from = start ?? new Date(to.getTime() - OPEN311_WINDOW_DAYS * DAY_MS);
  if (from > to) problems.push({ field: 'end_date', detail: 'is before start_date' });
  else if (to.getTime() - from.getTime() > OPEN311_WINDOW_DAYS * DAY_MS) problems.push({ field: 'end_date', detail: `may be at most ${OPEN311_WINDOW_DAYS} days after start_date` });
  return problems.length > before ? null : { start: from, end: to };
}

/** A coordinate rounded to three decimals (about 110 m), so a published point does not lead to a citizen's door. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1000) / 1000;
}

// One value of a form field, trimmed; null when absent or empty. Repeated, over-long or unstorable values are problems.
function textField(fields: Fields, name: string, problems: Open311Problem[], max = LIMITS[name] ?? 2000): string | null {
  const raw = fields[name];
  if (raw === undefined) return null;
  if (typeof raw !== 'string') {
    problems.push({ field: name, detail: 'must be given once' });
    return null;
  }
  const value = raw.trim();
  if (value.length > max) problems.push({ field: name, detail: `may be at most ${max} characters` });
  else if (UNSTORABLE.test(value)) problems.push({ field: name, detail: 'contains characters that are not text' });
  else return value === '' ? null : value;
  return null;
}

function coordinate(text: string | null, field: string, bound: number, problems: Open311Problem[]): number | null {
  if (text === null) return null;
  const value = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || Math.abs(value) > bound) {
    problems.push({ field, detail: `must be a number from -${bound} to ${bound}` });
    return null;
  }
  return value;
}

function dateField(text: string | null, field: string, problems: Open311Problem[]): Date | null {
  if (text === null) return null;
  // W3C format (ISO 8601): a date, optionally with a time and a zone.
  const valid = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text);
  const date = valid ? new Date(text.replace(' ', 'T')) : null;
  if (!date || Number.isNaN(date.getTime())) {
    problems.push({ field, detail: 'must be a W3C date-time such as 2026-01-31T09:00:00+05:00' });
    return null;
  }
  return date;
}

function list(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
