/**
 * Category-specific extra fields ("attributes", as Open311 GeoReport v2 calls them): an electricity bill's reference
 * number, a vehicle's registration, whether an FIR was lodged. Each category's definitions are data (categories.json,
 * the categories table); this module checks definitions, and checks and normalises a submission's values against
 * them. Plain data in, plain data out: no I/O, never a throw on any input.
 */

/** Open311's datatypes: one line, a number, a date (and time), several lines, one choice, several choices. */
export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

/** Text in the portal's three languages (every one given, unlike place names). */
export interface AttributeText {
  en: string;
  ur: string;
  ps: string;
}

/** One choice of a list field: the key a client sends, and its name. */
export interface AttributeChoice {
  key: string;
  name: AttributeText;
}

/** One extra field of a category. */
export interface AttributeDefinition {
  /** What clients send it as: `attributes.<code>` (web), `attribute[<code>]` (Open311). */
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  /** Where the form shows it: 1 first. */
  order: number;
  /** The question put to the citizen. */
  description: AttributeText;
  /** How to write the value (Open311's datatype_description), e.g. "14 digits as printed on the bill". */
  formatHint?: AttributeText;
  /** The choices of a singlevaluelist or multivaluelist (and only of those). */
  values?: AttributeChoice[];
  /** string and text: the most characters kept (defaults below). */
  maxLength?: number;
  /** string: a regular expression (anchored with ^ and $) the normalised value must match. */
  pattern?: string;
  /** string: kept in capitals (registration numbers), so "lea-1234" and "LEA-1234" are one value. */
  uppercase?: boolean;
  /** number: the smallest and largest value accepted. */
  min?: number;
  max?: number;
}

/** A normalised value: text (string, text, datetime, a list key), a number, or the keys of a multivaluelist. */
export type AttributeValue = string | number | string[];

/** A submission's normalised values by field code, in the definitions' order; fields not given are absent. */
export type AttributeValues = Record<string, AttributeValue>;

/** A value that cannot be accepted; `code` is the field's (null for the whole `attributes` value). */
export interface AttributeProblem {
  code: string | null;
  /** JSON pointer into the web submission: /attributes/<code>. */
  pointer: string;
  detail: string;
}

/** Most fields one category may define, and most a submission may give (known or not). */
export const MAX_ATTRIBUTES = 20;
export const MAX_GIVEN_ATTRIBUTES = 50;
const DEFAULT_MAX_LENGTH: Record<'string' | 'text', number> = { string: 200, text: 2000 };
const LIMIT_MAX_LENGTH = 5000;
const MAX_CHOICES = 50;
const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;
// NUL and lone surrogates cannot be stored as sent (see plugins/storable-text.ts).
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u;
const DECIMAL = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;
// ISO 8601 as people and clients write it: a date, or a date and time with an optional zone.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
// A time written without a zone is Pakistan time (UTC+5, no daylight saving): the province's clocks.
const PAKISTAN_OFFSET = '+05:00';
const DATETIME_HINT = 'must be a date (2026-01-31) or a date and time (2026-01-31T09:30:00+05:00)';

type Checked = { ok: true; value: AttributeValue | undefined } | { ok: false; detail: string };

/** The JSON pointer of a field of the web submission (RFC 6901 escaping; an over-long code is cut). */
export function attributePointer(code: string): string {
  return `/attributes/${code.slice(0, 64).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * Checks a submission's `attributes` against a category's definitions and returns the values normalised (trimmed,
 * numbers as numbers, dates in one form, list keys in the definitions' order), or every problem at once, each
 * naming its field: unknown code, missing required value, wrong type, value not in the list, too long, not matching
 * the pattern, not an ISO date. Absent, null, empty text and empty lists count as not given. With `requireAll`
 * false a required field may be left out (a channel that shows no form cannot ask for it); what is given is checked.
 */
export function checkAttributeValues(
  definitions: readonly AttributeDefinition[],
  given: unknown,
  { requireAll = true }: { requireAll?: boolean } = {},
): { ok: true; values: AttributeValues } | { ok: false; problems: AttributeProblem[] } {
  const whole = (detail: string) => ({ ok: false as const, problems: [{ code: null, pointer: '/attributes', detail }] });
  const input: unknown = given ?? {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return whole('must be an object of field codes and values; see the category in GET /api/v1/categories');
  const codes = Object.keys(input);
  if (codes.length > MAX_GIVEN_ATTRIBUTES) return whole(`at most ${MAX_GIVEN_ATTRIBUTES} fields`);
  const byCode = new Map(definitions.map((d) => [d.code, d]));
  const problems: AttributeProblem[] = [];
  const problem = (code: string, detail: string) => problems.push({ code, pointer: attributePointer(code), detail });
  for (const code of codes) if (!byCode.has(code)) problem(code, definitions.length === 0 ? 'this category has no extra fields' : `this category has no such field; its fields are ${definitions.map((d) => d.code).join(', ')}`);
  const values: AttributeValues = {};
  for (const definition of [...definitions].sort((a, b) => a.order - b.order)) {
    const raw = Object.prototype.hasOwnProperty.call(input, definition.code) ? (input as Record<string, unknown>)[definition.code] : undefined;
    const checked = checkValue(definition, raw);
    if (!checked.ok) problem(definition.code, checked.detail);
    else if (checked.value !== undefined) values[definition.code] = checked.value;
    else if (definition.required && requireAll) problem(definition.code, 'is required');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

// One value: undefined when not given, the normalised value, or why not.
function checkValue(d: AttributeDefinition, raw: unknown): Checked {
  if (raw === undefined || raw === null) return { ok: true, value: undefined };
  switch (d.datatype) {
    case 'string':
    case 'text':
      return checkText(d, raw);
    case 'number':
      return checkNumber(d, raw);
    case 'datetime':
      return typeof raw === 'string' ? checkDatetime(raw.trim()) : { ok: false, detail: DATETIME_HINT };
    case 'singlevaluelist': {
      if (Array.isArray(raw)) return { ok: false, detail: `choose one of: ${keysOf(d)}` };
      const key = choiceKey(raw);
      if (key === undefined) return { ok: false, detail: `choose one of: ${keysOf(d)}` };
      if (key === '') return { ok: true, value: undefined };
      const choice = choiceFor(d, key);
      return choice ? { ok: true, value: choice } : { ok: false, detail: `"${key.slice(0, 40)}" is not one of: ${keysOf(d)}` };
    }
    case 'multivaluelist':
      return checkChoices(d, Array.isArray(raw) ? raw : [raw]);
  }
}

function checkText(d: AttributeDefinition, raw: unknown): Checked {
  if (typeof raw === 'number' && Number.isFinite(raw)) raw = String(raw);
  if (typeof raw !== 'string') return { ok: false, detail: 'must be text' };
  if (UNSTORABLE.test(raw)) return { ok: false, detail: 'contains characters that are not text' };
  // One line keeps single spaces; several lines keep their line breaks (as \n) but not the spaces around the whole.
  let value = d.datatype === 'string' ? raw.replace(/\s+/gu, ' ').trim() : raw.replace(/\r\n?/g, '\n').trim();
  if (d.uppercase) value = value.toUpperCase();
  if (value === '') return { ok: true, value: undefined };
  const max = d.maxLength ?? DEFAULT_MAX_LENGTH[d.datatype as 'string' | 'text'];
  if ([...value].length > max) return { ok: false, detail: `may be at most ${max} characters` };
  if (d.pattern !== undefined && !new RegExp(d.pattern, 'u').test(value)) return { ok: false, detail: `is not in the expected form${d.formatHint ? ` (${d.formatHint.en})` : ''}` };
  return { ok: true, value };
}

function checkNumber(d: AttributeDefinition, raw: unknown): Checked {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return { ok: true, value: undefined };
    value = DECIMAL.test(text) ? Number(text) : NaN;
  } else return { ok: false, detail: 'must be a number' };
  if (!Number.isFinite(value)) return { ok: false, detail: 'must be a number, e.g. 12 or 3.5' };
  if (d.min !== undefined && value < d.min) return { ok: false, detail: `must be at least ${d.min}` };
  if (d.max !== undefined && value > d.max) return { ok: false, detail: `must be at most ${d.max}` };
  // -0 is 0: the value is stored as JSON, which has no negative zero.
  return { ok: true, value: value === 0 ? 0 : value };
}

// A date stays a date (YYYY-MM-DD); a date and time becomes one instant in UTC (toISOString).
function checkDatetime(text: string): Checked {
  if (text === '') return { ok: true, value: undefined };
  const m = DATETIME.exec(text);
  if (!m) return { ok: false, detail: DATETIME_HINT };
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone] = m;
  if (Number(year) < 1900 || Number(year) > 2100) return { ok: false, detail: 'the year must be from 1900 to 2100' };
  const date = `${year}-${month}-${day}`;
  const calendar = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(calendar.getTime()) || calendar.toISOString().slice(0, 10) !== date) return { ok: false, detail: `${date} is not a calendar date` };
  if (hour === undefined) return { ok: true, value: date };
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return { ok: false, detail: 'is not a time of day' };
  const offset = zone === undefined ? PAKISTAN_OFFSET : zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) > 59)) return { ok: false, detail: 'the time zone is not one' };
  const instant = new Date(`${date}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`);
  return Number.isNaN(instant.getTime()) ? { ok: false, detail: DATETIME_HINT } : { ok: true, value: instant.toISOString() };
}

function checkChoices(d: AttributeDefinition, raws: unknown[]): Checked {
  const keys = raws.map(choiceKey);
  if (keys.some((k) => k === undefined)) return { ok: false, detail: `choose from: ${keysOf(d)}` };
  const chosen = new Set<string>();
  const unknown: string[] = [];
  for (const key of keys as string[]) {
    if (key === '') continue;
    const choice = choiceFor(d, key);
    if (choice) chosen.add(choice);
    else unknown.push(`"${key.slice(0, 40)}"`);
  }
  if (unknown.length > 0) return { ok: false, detail: `${unknown.slice(0, 5).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among: ${keysOf(d)}` };
  if (chosen.size === 0) return { ok: true, value: undefined };
  return { ok: true, value: (d.values ?? []).map((v) => v.key).filter((k) => chosen.has(k)) };
}

// A list choice as sent: text or a number (the spec's own example keys are numbers); undefined for anything else.
function choiceKey(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

// Keys are matched regardless of case, and kept as the definition writes them.
function choiceFor(d: AttributeDefinition, key: string): string | undefined {
  const lower = key.toLowerCase();
  return d.values?.find((v) => v.key.toLowerCase() === lower)?.key;
}

function keysOf(d: AttributeDefinition): string {
  return (d.values ?? []).map((v) => v.key).join(', ');
}

/**
 * Collects form fields named `<prefix>[code]` (one value) and `<prefix>[code][]` (one key of a multivaluelist each)
 * into one object of answers, in the order given: a code given once is its text, `[]` or a repeat makes a list.
 * Other fields are left out. Built with fromEntries, so a code such as "__proto__" is an own key, never a prototype.
 */
export function attributesFromForm(fields: Iterable<readonly [string, string]>, prefix: string): Record<string, string | string[]> {
  const collected = new Map<string, string | string[]>();
  for (const [name, value] of fields) {
    if (!name.startsWith(`${prefix}[`)) continue;
    const match = /^\[([^\]]*)\](\[\])?$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const code = match[1]!;
    const earlier = collected.get(code);
    collected.set(code, match[2] || earlier !== undefined ? [...(earlier === undefined ? [] : Array.isArray(earlier) ? earlier : [earlier]), value] : value);
  }
  return Object.fromEntries(collected);
}

/**
 * Checks a category's definitions as stored or written by hand: returns the valid ones (sorted by order) and a
 * problem for each that is not, naming it. Used by the seed generator (which refuses any problem) and by the
 * reference data (which keeps only what can be checked against).
 */
export function checkAttributeDefinitions(raw: unknown, where = 'attributes'): { definitions: AttributeDefinition[]; problems: string[] } {
  if (raw === undefined || raw === null) return { definitions: [], problems: [] };
  if (!Array.isArray(raw)) return { definitions: [], problems: [`${where} must be a list`] };
  const problems: string[] = [];
  const definitions: AttributeDefinition[] = [];
  if (raw.length > MAX_ATTRIBUTES) problems.push(`${where}: at most ${MAX_ATTRIBUTES} fields`);
  raw.slice(0, MAX_ATTRIBUTES).forEach((item: unknown, i) => {
    const at = `${where}[${i}]`;
    const before = problems.length;
    const definition = definitionOf(item, at, problems);
    if (definition && problems.length === before) definitions.push(definition);
  });
  const seen = new Set<string>();
  for (const d of definitions) {
    if (seen.has(d.code)) problems.push(`${where}: code ${d.code} is defined twice`);
    seen.add(d.code);
  }
  const orders = definitions.map((d) => d.order);
  if (new Set(orders).size !== orders.length) problems.push(`${where}: two fields share an order`);
  return { definitions: definitions.filter((d, i) => definitions.findIndex((x) => x.code === d.code) === i).sort((a, b) => a.order - b.order), problems };
}

function definitionOf(item: unknown, at: string, problems: string[]): AttributeDefinition | null {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    problems.push(`${at} must be an object`);
    return null;
  }
  const r = item as Record<string, unknown>;
  const known = new Set(['code', 'datatype', 'required', 'order', 'description', 'formatHint', 'values', 'maxLength', 'pattern', 'uppercase', 'min', 'max']);
  for (const key of Object.keys(r)) if (!known.has(key)) problems.push(`${at}.${key} is not a known property`);
  const code = typeof r.code === 'string' && CODE.test(r.code) ? r.code : null;
  if (!code) problems.push(`${at}.code must be lower-case letters, digits and _ (starting with a letter, 40 at most)`);
  const datatype = (ATTRIBUTE_DATATYPES as readonly unknown[]).includes(r.datatype) ? (r.datatype as AttributeDatatype) : null;
  if (!datatype) problems.push(`${at}.datatype must be one of ${ATTRIBUTE_DATATYPES.join(', ')}`);
  if (typeof r.required !== 'boolean') problems.push(`${at}.required must be true or false`);
  if (!Number.isInteger(r.order) || (r.order as number) < 1) problems.push(`${at}.order must be a whole number from 1`);
  const description = textOf(r.description, `${at}.description`, problems);
  const formatHint = r.formatHint === undefined ? undefined : textOf(r.formatHint, `${at}.formatHint`, problems);
  const isList = datatype === 'singlevaluelist' || datatype === 'multivaluelist';
  const values = isList ? choicesOf(r.values, `${at}.values`, problems) : undefined;
  if (!isList && r.values !== undefined) problems.push(`${at}.values is only for singlevaluelist and multivaluelist`);
  const isText = datatype === 'string' || datatype === 'text';
  if (r.maxLength !== undefined && (!isText || !Number.isInteger(r.maxLength) || (r.maxLength as number) < 1 || (r.maxLength as number) > LIMIT_MAX_LENGTH)) {
    problems.push(`${at}.maxLength must be a whole number from 1 to ${LIMIT_MAX_LENGTH}, for string or text`);
  }
  if (r.pattern !== undefined && (datatype !== 'string' || !isAnchoredPattern(r.pattern))) problems.push(`${at}.pattern must be a valid regular expression from ^ to $, for string`);
  if (r.uppercase !== undefined && (datatype !== 'string' || typeof r.uppercase !== 'boolean')) problems.push(`${at}.uppercase must be true or false, for string`);
  for (const bound of ['min', 'max'] as const) {
    if (r[bound] !== undefined && (datatype !== 'number' || typeof r[bound] !== 'number' || !Number.isFinite(r[bound]))) problems.push(`${at}.${bound} must be a number, for number`);
  }
  if (typeof r.min === 'number' && typeof r.max === 'number' && r.min > r.max) problems.push(`${at}.min is above max`);
  if (!code || !datatype || !description) return null;
  return {
    code,
    datatype,
    required: r.required === true,
    order: r.order as number,
    description,
    ...(formatHint && { formatHint }),
    ...(values && { values }),
    ...(typeof r.maxLength === 'number' && { maxLength: r.maxLength }),
    ...(typeof r.pattern === 'string' && { pattern: r.pattern }),
    ...(r.uppercase === true && { uppercase: true }),
    ...(typeof r.min === 'number' && { min: r.min }),
    ...(typeof r.max === 'number' && { max: r.max }),
  };
}

function textOf(raw: unknown, at: string, problems: string[]): AttributeText | null {
  const r = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const ok = (['en', 'ur', 'ps'] as const).every((l) => typeof r[l] === 'string' && r[l].trim() !== '' && r[l].length <= 300);
  if (!ok) {
    problems.push(`${at} must give en, ur and ps (300 characters at most)`);
    return null;
  }
  return { en: r.en as string, ur: r.ur as string, ps: r.ps as string };
}

function choicesOf(raw: unknown, at: string, problems: string[]): AttributeChoice[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_CHOICES) {
    problems.push(`${at} must list 1 to ${MAX_CHOICES} choices`);
    return undefined;
  }
  const choices: AttributeChoice[] = [];
  raw.forEach((item: unknown, i) => {
    const r = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const key = typeof r.key === 'string' && KEY.test(r.key) ? r.key : null;
    if (!key) problems.push(`${at}[${i}].key must be lower-case letters, digits, _ and - (40 at most)`);
    const name = textOf(r.name, `${at}[${i}].name`, problems);
    if (key && name) choices.push({ key, name });
  });
  if (new Set(choices.map((c) => c.key.toLowerCase())).size !== choices.length) problems.push(`${at}: two choices share a key`);
  return choices;
}

function isAnchoredPattern(pattern: unknown): boolean {
  if (typeof pattern !== 'string' || !pattern.startsWith('^') || !pattern.endsWith('$') || pattern.length > 300) return false;
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
