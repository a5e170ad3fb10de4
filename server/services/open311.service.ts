import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { FINAL_STATES, OPEN_STATES } from '../domain/lifecycle/index.js';
import { checkAttributeValues } from '../domain/intake/category-attributes.js';
import { OPEN311_LIMIT, attributeField, parseNewRequest, parseRequestQuery, parseWindow, readAttributeFields, type Open311Problem } from '../domain/open311/open311-request.js';
import { NOTE_EVENT_TYPES } from '../domain/open311/open311-status.js';
import { AppError, open311InvalidFields, open311KeyRefused, open311NotFound } from '../errors.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import type { Db } from '../store/db.js';
import type { Open311Repository, Open311RequestRow, Open311UpdateRow } from '../store/open311.repository.js';
import type { CategoryRecord } from '../store/reference.repository.js';
import type { ComplaintIntakeService } from './complaint-intake.service.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';

// Where the intake's own field names land in Open311's (so its refusals name the field the client sent).
const FIELD_OF_POINTER: [string, string][] = [
  ['/categoryId', 'service_code'],
  ['/description', 'description'],
  ['/location/areaId', 'address_id'],
  ['/location/address', 'address_string'],
  ['/location', 'lat'],
  ['/contact/phone', 'phone'],
  ['/contact/email', 'email'],
  ['/contact', 'email'],
  ['/phone', 'phone'],
];

/** A client's form or query: string values, or arrays where a field was repeated. */
export type Open311Fields = Record<string, unknown>;

/** Open311 GeoReport v2 over our catalogue and complaints: services are categories, requests are complaints. */
export class Open311Service {
  constructor(
    private readonly db: Db,
    private readonly reference: ReferenceDataService,
    private readonly intake: ComplaintIntakeService,
    private readonly repository: Open311Repository,
  ) {}

  /** The catalogue, with each category's department. */
  async services(): Promise<{ categories: CategoryRecord[]; ref: ReferenceData }> {
    const ref = await this.reference.current();
    return { categories: [...ref.categories.values()].sort((a, b) => a.serviceCode.localeCompare(b.serviceCode)), ref };
  }

  /** One category by its Open311 service code. */
  async service(serviceCode: string): Promise<CategoryRecord> {
    const ref = await this.reference.current();
    const category = byServiceCode(ref, serviceCode);
    if (!category) throw open311NotFound('service_code', serviceCode);
    return category;
  }

  /** Files a complaint from an Open311 client: the key first, then the form, then the intake's own checks. */
  async submit(fields: Open311Fields, clientIp: string | null, now = new Date()): Promise<{ code: string; token: string | null }> {
    const client = typeof fields.api_key === 'string' && fields.api_key !== '' ? await this.repository.useKey(this.db, hashKey(fields.api_key), now) : null;
    if (!client) throw open311KeyRefused();
    const parsed = parseNewRequest(fields);
    // The service's extra fields are checked with the rest of the form, so one answer names every bad field.
    const serviceCode = parsed.ok ? parsed.value.serviceCode : typeof fields.service_code === 'string' ? fields.service_code.trim() : '';
    const category = byServiceCode(await this.reference.current(), serviceCode);
    const attributes = category ? checkAttributeValues(category.attributes, parsed.ok ? parsed.value.attributes : readAttributeFields(fields)) : null;
    const attributeProblems = attributes && !attributes.ok ? attributes.problems.map((p) => ({ field: attributeField(p.code), detail: p.detail })) : [];
    if (!parsed.ok || attributeProblems.length > 0) throw open311InvalidFields([...(parsed.ok ? [] : parsed.problems), ...attributeProblems]);
    const form = parsed.value;
    if (!category) throw open311InvalidFields([{ field: 'service_code', detail: `no service "${form.serviceCode.slice(0, 40)}"; see GET /open311/v2/services.json` }]);
    const name = [form.firstName, form.lastName].filter((n) => n !== null).join(' ');
    try {
      const result = await this.intake.submit(
        {
          categoryId: category.id,
          description: form.description,
          location: {
            ...(form.lat !== null && form.long !== null && { latitude: form.lat, longitude: form.long }),
            ...(form.addressString !== null && { address: form.addressString }),
            ...(form.addressId !== null && { areaId: form.addressId }),
          },
          contact: { ...(name && { name }), ...(form.email && { email: form.email }), ...(form.phone && { phone: form.phone }) },
          attributes: form.attributes,
          // With no way to reach the citizen there is nobody to hide; with one, the office can answer them.
          anonymous: form.email === null && form.phone === null,
          channel: 'open311',
          // media_url is kept as text and never fetched: fetching a client-given URL from here would let anyone make
          // this server call addresses on its own network (SSRF).
          channelDetails: { client: client.name, ...(form.mediaUrl && { mediaUrl: form.mediaUrl }) },
        },
        null,
        now,
        clientIp,
      );
      return { code: result.code, token: await this.issueToken(result.code, client.id, now) };
    } catch (error) {
      throw asOpen311Error(error);
    }
  }

  /** GET /tokens/{token}: the service_request_id a POST's token stands for. */
  async token(tokenInput: string): Promise<{ code: string; token: string }> {
    const token = tokenInput.toLowerCase();
    const code = UUID.test(token) ? await this.repository.codeOfToken(this.db, token) : null;
    if (!code) throw open311NotFound('token_id', tokenInput);
    return { code, token };
  }

  // The complaint is already committed: a token that could not be kept is left out of the answer (the id is in it
  // anyway) rather than failing a POST whose retry would file the complaint twice.
  private async issueToken(code: string, keyId: string, now: Date): Promise<string | null> {
    const token = randomUUID();
    try {
      await this.repository.addToken(this.db, token, code, keyId, now);
      return token;
    } catch {
      return null;
    }
  }

  /** GET /requests: by tracking codes, or by window, service codes and status; newest first, at most 1,000. */
  async requests(query: Open311Fields, now = new Date()): Promise<{ rows: Open311RequestRow[]; ref: ReferenceData }> {
    const parsed = parseRequestQuery(query, now);
    if (!parsed.ok) throw open311InvalidFields(parsed.problems);
    const ref = await this.reference.current();
    const q = parsed.value;
    if (q.kind === 'ids') {
      const codes = q.codes.map((c) => parseTrackingCode(c)).filter((c): c is string => c !== null);
      return { rows: codes.length > 0 ? await this.repository.requests(this.db, { kind: 'codes', codes }, NOTE_EVENT_TYPES, OPEN311_LIMIT) : [], ref };
    }
    // An unknown service code matches nothing, as a filter should (a list of codes may mix known and retired ones).
    const categoryIds = q.serviceCodes.length > 0 ? q.serviceCodes.map((s) => byServiceCode(ref, s)?.id ?? '') : null;
    const states = q.status === null ? null : q.status === 'open' ? OPEN_STATES : FINAL_STATES;
    const rows = await this.repository.requests(this.db, { kind: 'window', categoryIds, start: q.start, end: q.end, states }, NOTE_EVENT_TYPES, OPEN311_LIMIT);
    return { rows, ref };
  }

  /** GET /requests/{id}: one complaint by tracking code. */
  async request(id: string): Promise<{ rows: Open311RequestRow[]; ref: ReferenceData }> {
    const code = parseTrackingCode(id);
    const rows = code ? await this.repository.requests(this.db, { kind: 'codes', codes: [code] }, NOTE_EVENT_TYPES, 1) : [];
    if (rows.length === 0) throw open311NotFound('service_request_id', id);
    return { rows, ref: await this.reference.current() };
  }

  /** mySociety's servicerequestupdates: public events in a window (the last 90 days by default), oldest first. */
  async updates(query: Open311Fields, now = new Date()): Promise<Open311UpdateRow[]> {
    const problems: Open311Problem[] = [];
    const window = parseWindow(query, now, problems);
    if (!window) throw open311InvalidFields(problems);
    return this.repository.publicEvents(this.db, window.start, window.end, OPEN311_LIMIT);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Makes an Open311 client key named `name`: stored as its hash only, returned once; null when the name is taken. */
export async function createOpen311Key(db: Db, repository: Open311Repository, name: string, now = new Date()): Promise<string | null> {
  const key = `o311_${randomBytes(24).toString('base64url')}`;
  const added = await repository.addKey(db, { id: randomUUID(), name, keyHash: hashKey(key), createdAt: now });
  return added ? key : null;
}

/** SHA-256 of a client key, as the keys table stores it. */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function byServiceCode(ref: ReferenceData, serviceCode: string): CategoryRecord | undefined {
  for (const category of ref.categories.values()) if (category.serviceCode === serviceCode) return category;
  return undefined;
}

// The intake answers bad fields with 422 in our field names; Open311 clients expect 400 in theirs.
function asOpen311Error(error: unknown): unknown {
  if (!(error instanceof AppError) || error.status !== 422 || error.errors.length === 0) return error;
  return open311InvalidFields(
    error.errors.map((e) => ({ field: open311FieldOf(e.pointer), detail: e.detail })),
  );
}

function open311FieldOf(pointer: string): string {
  // /attributes/<code> (RFC 6901 escaped) is the form's attribute[<code>].
  if (pointer.startsWith('/attributes/')) return attributeField(pointer.slice('/attributes/'.length).replaceAll('~1', '/').replaceAll('~0', '~'));
  return FIELD_OF_POINTER.find(([p]) => pointer === p || pointer.startsWith(`${p}/`))?.[1] ?? pointer.replace(/^\//, '');
}
