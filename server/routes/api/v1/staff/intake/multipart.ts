import type { FastifyRequest } from 'fastify';
import { attributesFromForm } from '../../../../../domain/intake/category-attributes.js';
import { attachmentTooLarge } from '../../../../../errors.js';
import type { ScanInput } from '../../../../../services/attachment.service.js';

// Form fields that belong inside the complaint's location or the writer's contact; the rest stay at the top.
const NESTED: Record<string, [string, string]> = {
  areaId: ['location', 'areaId'],
  latitude: ['location', 'latitude'],
  longitude: ['location', 'longitude'],
  address: ['location', 'address'],
  name: ['contact', 'name'],
  phone: ['contact', 'phone'],
  email: ['contact', 'email'],
  cnic: ['contact', 'cnic'],
};

/**
 * Reads a letter sent as multipart/form-data: its text fields into the JSON body's shape (so one schema names every
 * bad field), its file parts as scanned pages, kept as bytes (their type is decided later, by their magic bytes).
 */
export async function readLetterParts(request: FastifyRequest, maxBytes: number): Promise<{ body: Record<string, unknown>; scans: ScanInput[] }> {
  const body: Record<string, unknown> = {};
  const scans: ScanInput[] = [];
  const attributeFields: [string, string][] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer().catch((error: { code?: string }) => {
        throw error.code === 'FST_REQ_FILE_TOO_LARGE' ? attachmentTooLarge(`/scans/${scans.length}`, maxBytes) : error;
      });
      scans.push({ filename: part.filename, data });
      continue;
    }
    const value = String(part.value);
    if (part.fieldname.startsWith('attributes[')) {
      attributeFields.push([part.fieldname, value]);
      continue;
    }
    // Prototype keys must never become properties (the complaint form's reader drops them the same way).
    if (part.fieldname === '__proto__' || part.fieldname === 'constructor' || part.fieldname === 'prototype') continue;
    const nested = NESTED[part.fieldname];
    if (!nested) {
      body[part.fieldname] = value;
      continue;
    }
    const [outer, inner] = nested;
    const target = (body[outer] ??= {}) as Record<string, unknown>;
    target[inner] = inner === 'latitude' || inner === 'longitude' ? (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value) : value;
  }
  // The category's extra fields: attributes[code]=value, attributes[code][]=key once per key of a multivaluelist.
  if (attributeFields.length > 0) body.attributes = attributesFromForm(attributeFields, 'attributes');
  return { body, scans };
}
