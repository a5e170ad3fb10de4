import type { FastifyRequest } from 'fastify';
import { attributesFromForm } from '../../../../domain/intake/category-attributes.js';
import { AppError, attachmentTooLarge, jsonTooComplex } from '../../../../errors.js';
import { REQUEST_JSON_LIMITS, exceededLimit, measureJson } from '../../../../plugins/json-shape.js';

// Form fields a browser or app may send flat; they land where the JSON body has them.
const FLAT_FIELDS: Record<string, string[]> = {
  areaId: ['location', 'areaId'],
  latitude: ['location', 'latitude'],
  longitude: ['location', 'longitude'],
  address: ['location', 'address'],
  name: ['contact', 'name'],
  phone: ['contact', 'phone'],
  email: ['contact', 'email'],
  cnic: ['contact', 'cnic'],
};
const NUMBERS = new Set(['latitude', 'longitude']);
const BOOLEANS = new Set(['anonymous', 'satisfied', 'keepPhotoLocation']);

/**
 * Reads a multipart/form-data submission into the same shape as the JSON body, so one schema validates
 * both: either a `complaint` (or `body`) field holding that JSON, or flat fields (`categoryId`, `description`,
 * `areaId`, `phone`, `location[address]`, `attributes[code]`, …); every file part is a photo. Oversize files answer 413.
 */
export async function readMultipartBody(request: FastifyRequest, maxBytes: number): Promise<Record<string, unknown>> {
  let body: Record<string, unknown> = {};
  const photos: { filename: string; data: string }[] = [];
  const attributeFields: [string, string][] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer().catch((error: { code?: string }) => {
        throw error.code === 'FST_REQ_FILE_TOO_LARGE' ? attachmentTooLarge(`/photos/${photos.length}`, maxBytes) : error;
      });
      photos.push({ filename: part.filename, data: data.toString('base64') });
    } else if (part.fieldname === 'complaint' || part.fieldname === 'body') {
      body = { ...body, ...parseJsonField(part.fieldname, String(part.value)) };
    } else if (part.fieldname.startsWith('attributes[')) {
      attributeFields.push([part.fieldname, String(part.value)]);
    } else {
      setField(body, part.fieldname, String(part.value));
    }
  }
  if (photos.length > 0) body.photos = [...(Array.isArray(body.photos) ? body.photos : []), ...photos];
  // attributes[code]=value and attributes[code][]=key (once per key); they add to (and win over) a JSON field's.
  if (attributeFields.length > 0) body.attributes = { ...(isObject(body.attributes) ? body.attributes : {}), ...attributesFromForm(attributeFields, 'attributes') };
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseJsonField(name: string, value: string): Record<string, unknown> {
  const over = exceededLimit(measureJson(value, REQUEST_JSON_LIMITS), REQUEST_JSON_LIMITS);
  if (over) throw jsonTooComplex(over, REQUEST_JSON_LIMITS[over]);
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the same answer as for a non-object
  }
  throw new AppError(400, 'malformed_json', 'The request is not valid', `The "${name}" form field must hold a JSON object.`, [{ pointer: `/${name}`, detail: 'not a JSON object' }]);
}

function setField(body: Record<string, unknown>, name: string, raw: string): void {
  const path = FLAT_FIELDS[name] ?? name.split(/[[\].]+/).filter(Boolean);
  const leaf = path[path.length - 1] ?? name;
  // Prototype keys must never become object paths.
  if (path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')) return;
  let target = body;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    target = (target[key] = next !== null && typeof next === 'object' ? next : {}) as Record<string, unknown>;
  }
  target[leaf] = convert(leaf, raw);
}

// Form values are text; numbers and booleans are converted only when they read as such, so the schema names the rest.
function convert(leaf: string, raw: string): unknown {
  if (NUMBERS.has(leaf) && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (BOOLEANS.has(leaf) && ['true', 'false', 'on', '1', '0'].includes(raw)) return raw === 'true' || raw === 'on' || raw === '1';
  return raw;
}
