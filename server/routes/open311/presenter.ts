import { open311Status, statusNote } from '../../domain/open311/open311-status.js';
import { roundCoordinate } from '../../domain/open311/open311-request.js';
import type { ReferenceData } from '../../services/reference-data.service.js';
import type { CategoryRecord } from '../../store/reference.repository.js';
import type { Open311RequestRow, Open311UpdateRow } from '../../store/open311.repository.js';

/** One service of GET /services: a category, grouped by its department. */
export function presentService(c: CategoryRecord, ref: ReferenceData) {
  return {
    service_code: c.serviceCode,
    service_name: c.name.en,
    description: c.description,
    // No category asks for extra fields yet, so no service has attributes to describe.
    metadata: false,
    type: 'realtime',
    keywords: c.keywords.join(', '),
    group: ref.departments.get(c.departmentId)?.name.en ?? c.departmentId,
  };
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
