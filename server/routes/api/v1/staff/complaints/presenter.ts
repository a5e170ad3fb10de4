import type { QueueItem } from '../../../../../store/staff-queue.repository.js';
import { presentAttributes } from '../../complaints/presenter.js';
import type { ReferenceData } from '../../../../../services/reference-data.service.js';
import type { StaffComplaintView } from '../../../../../services/staff-complaint.service.js';

/** The urgency model's guess, as staff see it: the organisation's label and the model's confidence (3 decimals). */
const urgencyOf = (label: string | null | undefined, confidence: number | null | undefined) =>
  label ? { label, confidence: confidence == null ? null : Math.round(confidence * 1000) / 1000 } : null;

const named = (x: { id: string; name: { en: string; ur: string | null; ps: string | null } } | undefined) => (x ? { id: x.id, name: x.name } : null);

/** One line of a staff queue. */
export function presentQueueItem(item: QueueItem & { breachRisk: number | null }, ref: ReferenceData, now: Date) {
  return {
    code: item.code,
    state: item.state,
    category: named(item.categoryId ? ref.categories.get(item.categoryId) : undefined),
    office: named(item.officeId ? ref.offices.get(item.officeId) : undefined),
    area: named(item.areaId ? ref.areas.get(item.areaId) : undefined),
    escalationLevel: item.escalationLevel,
    dueAt: item.dueAt?.toISOString() ?? null,
    overdue: item.dueAt !== null && item.dueAt < now,
    breachRisk: item.breachRisk === null ? null : Math.round(item.breachRisk * 1000) / 1000,
    assignedOfficerId: item.assignedOfficerId,
    channel: item.channel,
    excerpt: item.description,
    submittedAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    version: item.eventCount,
    moderation: item.moderation,
    urgency: urgencyOf(item.urgency, item.urgencyConfidence),
  };
}

/** A complaint for the staff who work it: the whole timeline, internal notes included; contact details are not here (they are read apart, and each read is logged). */
export function presentStaffComplaint({ complaint: c, events, attachments, ref, actions, masterCode }: StaffComplaintView) {
  return {
    code: c.code,
    version: c.eventCount,
    state: c.state,
    category: named(c.categoryId ? ref.categories.get(c.categoryId) : undefined),
    department: named(c.departmentId ? ref.departments.get(c.departmentId) : undefined),
    office: named(c.officeId ? ref.offices.get(c.officeId) : undefined),
    area: named(c.areaId ? ref.areas.get(c.areaId) : undefined),
    escalationLevel: c.escalationLevel,
    outcome: c.outcome,
    channel: c.channel,
    language: c.language,
    description: c.description,
    address: c.address,
    latitude: c.latitude,
    longitude: c.longitude,
    anonymous: c.anonymous,
    attributes: presentAttributes(c.attributes, c.categoryId ? ref.categories.get(c.categoryId) : undefined),
    assignedOfficerId: c.assignedOfficerId,
    masterCode,
    submittedAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    dueAt: c.dueAt?.toISOString() ?? null,
    slaPaused: c.slaPausedAt !== null,
    closedAt: c.closedAt?.toISOString() ?? null,
    feedbackRating: c.feedbackRating,
    moderation: { status: c.moderationStatus ?? 'none', reasons: c.moderationReasons ?? [] },
    urgency: urgencyOf(c.urgency, c.urgencyConfidence),
    timeline: events.map((e) => ({ seq: e.seq, type: e.type, at: e.createdAt.toISOString(), visibility: e.visibility, actorRole: e.actorRole, actorId: e.actorId, details: e.payload })),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes, eventSeq: a.eventSeq, url: `/api/v1/staff/complaints/${c.code}/attachments/${a.id}` })),
    actions,
  };
}
