import type { AttributeValues } from '../../../../domain/intake/category-attributes.js';
import { availableCommands, isComplaintState, isEscalationLevel } from '../../../../domain/lifecycle/index.js';
import type { ComplaintView } from '../../../../services/complaint.service.js';
import type { EventRow } from '../../../../store/complaint-intake.repository.js';
import type { CategoryRecord } from '../../../../store/reference.repository.js';

// Which payload fields of a public event anyone may read, and which only the citizen who filed it.
// Anything not listed (internal notes, contact details, free text a citizen wrote) never leaves the server.
const PUBLIC_FIELDS: Record<string, string[]> = {
  submitted: ['channel', 'attachments', 'takenBy'],
  routed: ['officeId'],
  office_assigned: ['officeId'],
  transferred: ['toOfficeId', 'reason'],
  information_requested: ['question'],
  update_posted: ['text'],
  resolved: ['outcome', 'reason'],
  rejected: ['reason'],
  merged_as_duplicate: ['masterCode'],
};
const OWNER_FIELDS: Record<string, string[]> = {
  information_provided: ['text', 'attachments'],
  contested: ['reason'],
  citizen_satisfied: ['reason'],
  citizen_not_satisfied: ['reason'],
  withdrawn: ['reason'],
};
const CITIZEN_COMMANDS = new Set(['provide_information', 'withdraw', 'feedback', 'contest']);

/** Shapes a complaint for tracking: public facts for anyone, plus the citizen's own text for its owner. */
export function presentComplaint({ complaint: c, events, ref, owner, attachments = [] }: ComplaintView) {
  const category = c.categoryId ? ref.categories.get(c.categoryId) : undefined;
  const area = c.areaId ? ref.areas.get(c.areaId) : undefined;
  const named = (x: { id: string; name: { en: string; ur: string | null; ps: string | null } } | undefined) => (x ? { id: x.id, name: x.name } : null);
  const snapshot = isComplaintState(c.state) && isEscalationLevel(c.escalationLevel) ? { state: c.state, escalationLevel: c.escalationLevel } : null;
  return {
    code: c.code,
    state: c.state,
    category: category ? { id: category.id, serviceCode: category.serviceCode, name: category.name } : null,
    department: named(c.departmentId ? ref.departments.get(c.departmentId) : undefined),
    office: named(c.officeId ? ref.offices.get(c.officeId) : undefined),
    area: area ? { id: area.id, name: area.name, level: area.level } : null,
    escalationLevel: c.escalationLevel,
    outcome: c.outcome,
    submittedAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    dueAt: c.dueAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    timeline: events.map((e) => presentEvent(e, owner, ref)),
    citizenActions: snapshot ? availableCommands(snapshot, 'citizen').filter((t) => CITIZEN_COMMANDS.has(t)) : [],
    ...(owner && {
      own: {
        description: c.description,
        address: c.address,
        latitude: c.latitude,
        longitude: c.longitude,
        anonymous: c.anonymous,
        attributes: presentAttributes(c.attributes, category),
        attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes, url: `/api/v1/complaints/${c.code}/attachments/${a.id}` })),
      },
    }),
  };
}

/** One timeline entry: what anyone may see of an event (plus the citizen's own words for its owner). */
export function presentEvent(e: EventRow, owner: boolean, ref: ComplaintView['ref']) {
  const fields = [...(PUBLIC_FIELDS[e.type] ?? []), ...(owner ? (OWNER_FIELDS[e.type] ?? []) : [])];
  const details: Record<string, unknown> = {};
  for (const field of fields) if (e.payload[field] !== undefined) details[field] = e.payload[field];
  for (const key of ['officeId', 'toOfficeId'] as const) {
    const office = typeof details[key] === 'string' ? ref.offices.get(details[key]) : undefined;
    if (office) details[key === 'officeId' ? 'office' : 'toOffice'] = { id: office.id, name: office.name };
  }
  const by = e.actorRole === 'citizen' ? 'citizen' : e.actorRole === 'system' ? 'system' : 'office';
  return { seq: e.seq, type: e.type, at: e.createdAt.toISOString(), by, details } as const;
}

/** A complaint's answers to its category's extra fields, each with its question (and the names of list choices). */
export function presentAttributes(values: AttributeValues | null, category: CategoryRecord | undefined) {
  return Object.entries(values ?? {}).map(([code, value]) => {
    const field = category?.attributes.find((a) => a.code === code);
    const chosen = field?.values ? (Array.isArray(value) ? value : [value]).map((key) => field.values?.find((v) => v.key === key)?.name) : null;
    return { code, label: field?.description ?? null, value, valueLabels: chosen && chosen.every((n) => n !== undefined) ? chosen : null };
  });
}
