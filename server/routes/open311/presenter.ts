import { open311Status, statusNote } from '../../domain/open311/open311-status.js';
import type { AttributeDefinition } from '../../domain/intake/category-attributes.js';
import { roundCoordinate, type Open311Format } from '../../domain/open311/open311-request.js';
import type { ReferenceData } from '../../services/reference-data.service.js';
import type { CategoryRecord } from '../../store/reference.repository.js';
import type { Open311RequestRow, Open311UpdateRow } from '../../store/open311.repository.js';

/** One service of GET /services: a category, grouped by its department. */
export function presentService(c: CategoryRecord, ref: ReferenceData) {
  return {
    service_code: c.serviceCode,
    service_name: c.name.en,
    description: c.description,
    // True when the category asks extra fields: the client then reads them from GET /services/{code}.
    metadata: c.attributes.length > 0,
    type: 'realtime',
    keywords: c.keywords.join(', '),
    group: ref.departments.get(c.departmentId)?.name.en ?? c.departmentId,
  };
}

/**
 * A service definition (GET /services/{code}): the category's extra fields as GeoReport v2 attributes, in English
 * (the spec has no language parameter; GET /api/v1/categories has them in Urdu and Pashto too). XML names each
 * list's items (<attributes><attribute>, <values><value>); JSON has plain arrays.
 */
export function presentServiceDefinition(c: CategoryRecord, format: Open311Format) {
  const attributes = c.attributes.map((a) => {
    const values = a.values?.map((v) => ({ key: v.key, name: v.name.en }));
    return {
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: datatypeDescription(a),
      order: a.order,
      description: a.description.en,
      ...(values && { values: format === 'xml' ? { value: values } : values }),
    };
  });
  return { service_code: c.serviceCode, attributes: format === 'xml' ? { attribute: attributes } : attributes };
}

// How to write the value: the field's own hint, or what our reading of its datatype expects.
function datatypeDescription(a: AttributeDefinition): string | null {
  if (a.formatHint) return a.formatHint.en;
  if (a.datatype === 'datetime') return 'a date (2026-01-31) or a date and time (2026-01-31T09:30:00+05:00); a time without a zone is Pakistan time';
  if (a.datatype === 'multivaluelist') return `one or more keys: attribute[${a.code}][]=key, once for each`;
  if (a.datatype === 'number' && (a.min !== undefined || a.max !== undefined)) return `a number${a.min !== undefined ? ` from ${a.min}` : ''}${a.max !== undefined ? ` up to ${a.max}` : ''}`;
  return null;
}

/**
 * One service request for anyone to read: public facts only. The description, address and contact are the
 * citizen's (the address is sealed personal data), so they are never here, and the point is rounded to ~110 m.
 */
export function presentRequest(r: Open311RequestRow, ref: ReferenceData) {
  const category = r.categoryId ? ref.categories.get(r.categoryId) : undefined;
  return {
    service_request_id: r.code,
    status: open311Status(r.state),
    status_notes: r.noteType && r.notePayload ? statusNote(r.noteType, r.notePayload) : null,
    service_name: category?.name.en ?? null,
    service_code: category?.serviceCode ?? null,
    description: null,
    agency_responsible: (r.officeId ? ref.offices.get(r.officeId)?.name.en : undefined) ?? null,
    service_notice: null,
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: r.dueAt?.toISOString() ?? null,
    address: null,
    address_id: r.areaId,
    zipcode: null,
    lat: r.latitude === null ? null : roundCoordinate(r.latitude),
    long: r.longitude === null ? null : roundCoordinate(r.longitude),
    media_url: null,
  };
}

/** One update of mySociety's servicerequestupdates: a public event, with the status the complaint has now. */
export function presentUpdate(u: Open311UpdateRow) {
  return {
    update_id: u.id,
    service_request_id: u.code,
    status: open311Status(u.state),
    updated_datetime: u.createdAt.toISOString(),
    description: statusNote(u.type, u.payload) ?? u.type.replaceAll('_', ' '),
    media_url: null,
  };
}
