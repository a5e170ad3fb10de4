import { chainEvent } from '../domain/audit/event-hash.js';
import { roleMayTake, type LifecycleCommand, type Outcome } from '../domain/lifecycle/index.js';
import { canWorkOn, type StaffActor } from '../domain/permissions/jurisdiction.js';
import type { FeedbackPolicy } from '../domain/sla/feedback.js';
import { clockAfter } from '../domain/sla/sla-clock.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { AUDIT_ACTIONS } from '../domain/audit/audit-log-hash.js';
import { AppError, categoryOfOtherDepartment, complaintNotFound, invalidFields, invalidTrackingCode, outsideJurisdiction, versionConflict } from '../errors.js';
import type { AttachmentStorage } from '../store/attachment.storage.js';
import { insertAttachments, insertOutbox } from '../store/complaint-intake.repository.js';
import { preparePhotos, type PhotoInput } from './attachment.service.js';
import type { ComplaintRecord, ComplaintRepository } from '../store/complaint.repository.js';
import { withStaffScope, type Db } from '../store/db.js';
import { decideOrThrow } from './lifecycle.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';
import type { RouterModelRepository } from '../store/router-model.repository.js';
import type { AuditRecorder } from './audit.js';
import { DEFAULT_SLA_DAYS, slaColumns, storedClock } from './sla.service.js';
import type pg from 'pg';

/** What staff can do to a complaint (DESIGN.md section 2), with the words each action records. */
export type StaffCommand =
  | { type: 'acknowledge' }
  | { type: 'assign_officer'; officerId: string }
  | { type: 'ask_information'; question: string }
  | { type: 'add_note'; text: string }
  | { type: 'public_update'; text: string; photos?: PhotoInput[] }
  | { type: 'transfer'; toOfficeId: string; reason: string; categoryId?: string }
  | { type: 'recategorise'; categoryId: string; reason: string }
  | { type: 'assign_office'; officeId: string }
  | { type: 'resolve'; outcome: Outcome; reason?: string; photos?: PhotoInput[] }
  | { type: 'propose_rejection'; reason: string }
  | { type: 'reject'; reason: string }
  | { type: 'merge_duplicate'; masterCode: string };

/**
 * Staff actions on complaints. Each is checked, in order, against the complaint's version (two officers acting at
 * once: the second gets 409), the actor's jurisdiction (403), the action's own preconditions, and the lifecycle
 * (409); then it is written with its event, its SLA effect and, for public events, an outbox message, in one
 * transaction. Nothing is written when any check fails.
 */
export class StaffActionService {
  constructor(
    private readonly db: Db,
    /** The row-level-security pool: every action runs under the actor's scope (db.ts withStaffScope). */
    private readonly staffDb: Db,
    private readonly reference: ReferenceDataService,
    private readonly complaints: ComplaintRepository,
    private readonly feedbackPolicy: FeedbackPolicy,
    private readonly storage: AttachmentStorage,
    private readonly limits: { attachmentMaxBytes: number },
    /** Officers' corrections of a category, kept as the routing classifier's labelled examples. */
    private readonly routingExamples: RouterModelRepository,
    private readonly audit: AuditRecorder,
  ) {}

  /** Applies `command` as `actor`; `expectedVersion` is the complaint's event count the actor last saw (null: do not check). */
  async act(codeInput: string, actor: StaffActor, command: StaffCommand, expectedVersion: number | null, now = new Date()): Promise<ComplaintRecord> {
    const code = parseTrackingCode(codeInput);
    if (!code) throw invalidTrackingCode(codeInput);
    const ref = await this.reference.current();
    // Evidence of the work (a repaired pipe, a posted teacher): checked photos, attached to the event that reports it.
    // Staff evidence never keeps the photo's location: the complaint's own place is what the public sees.
    const photos = command.type === 'resolve' || command.type === 'public_update' ? (await preparePhotos(command.photos ?? [], '/photos', this.limits.attachmentMaxBytes)).attachments : [];
    return withStaffScope(this.staffDb, actor, async (tx) => {
      const c = await this.complaints.lockByCode(tx, code);
      // Outside the scope PostgreSQL shows no row; a complaint that exists elsewhere is refused as such (403), not hidden.
      if (!c) throw (await this.complaints.findByCode(this.db, code)) ? outsideJurisdiction() : complaintNotFound(code);
      if (expectedVersion !== null && expectedVersion !== c.eventCount) throw versionConflict(expectedVersion, c.eventCount);
      if (!canWorkOn(actor, c)) throw outsideJurisdiction();
      // A role that may never take the action hears so before anything about the action's fields.
      if (!roleMayTake(command.type, actor.role)) throw new AppError(403, 'actor_not_allowed', 'Not allowed for your role', `Your role (${actor.role.replace(/_/g, ' ')}) may not do this.`);
      const lifecycle = await this.preconditions(tx, c, command, ref);
      const decision = decideOrThrow(c, lifecycle, actor.role);
      const event = chainEvent(
        { complaintId: c.id, eventCount: c.eventCount, lastEventHash: c.lastEventHash },
        { type: decision.eventType, actorRole: actor.role, actorId: actor.id, visibility: decision.visibility, payload: { ...payloadOf(command, c), ...(photos.length > 0 && { attachments: photos.length }) }, createdAt: now },
      );
      const clock = clockAfter(ref.calendar, storedClock(c), decision, c.slaDays ?? DEFAULT_SLA_DAYS, now);
      const resolvedAt = decision.state === 'resolved' ? now : c.resolvedAt;
      // Resolution starts the wait for the citizen's answer; its reminders use their own bits, from none sent.
      const sent = decision.state === 'resolved' ? 0 : c.slaAlarmsSent;
      await this.complaints.applyTransition(tx, c.id, {
        state: decision.state,
        escalationLevel: decision.escalationLevel,
        outcome: command.type === 'resolve' ? command.outcome : c.outcome,
        closedAt: decision.closes ? now : c.closedAt,
        updatedAt: now,
        eventCount: event.seq,
        lastEventHash: event.hash,
        resolvedAt,
        feedbackRating: c.feedbackRating,
        ...slaColumns(ref.calendar, clock, decision.state, sent, { resolvedAt, policy: this.feedbackPolicy }),
      }, event);
      await this.recategorise(tx, c, command, actor, ref, now);
      await this.sideEffects(tx, c, lifecycle, ref, now);
      if (photos.length > 0) await insertAttachments(tx, photos.map((p) => ({ ...p, complaintId: c.id, eventSeq: event.seq, createdAt: now })), this.storage);
      if (decision.visibility === 'public') await insertOutbox(tx, [{ topic: `complaint.${decision.eventType}`, complaintId: c.id, payload: { complaintId: c.id, seq: event.seq } }]);
      return (await this.complaints.lockByCode(tx, code)) ?? c;
    });
  }

  /**
   * Bulk assign or bulk transfer for heads of office: each complaint in its own transaction, so one refusal (a
   * complaint outside their jurisdiction, one already moved) never undoes the others; the answer says which is which.
   */
  async bulk(codes: string[], actor: StaffActor, command: Extract<StaffCommand, { type: 'assign_officer' | 'transfer' }>, now = new Date()): Promise<{ code: string; ok: boolean; error?: string }[]> {
    if (actor.role !== 'head_of_office' && actor.role !== 'department_monitor' && actor.role !== 'provincial_monitor') {
      throw new AppError(403, 'actor_not_allowed', 'Not allowed for your role', 'Bulk assignment and transfer are for heads of office and monitors.');
    }
    const results: { code: string; ok: boolean; error?: string }[] = [];
    for (const code of [...new Set(codes)]) {
      try {
        await this.act(code, actor, command, null, now);
        results.push({ code, ok: true });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ code, ok: false, error: error.code });
      }
    }
    return results;
  }

  // Checks that depend on other rows (offices, the master complaint) and turns the action into a lifecycle command.
  private async preconditions(tx: pg.PoolClient, c: ComplaintRecord, command: StaffCommand, ref: ReferenceData): Promise<LifecycleCommand> {
    switch (command.type) {
      case 'transfer':
      case 'assign_office': {
        const officeId = command.type === 'transfer' ? command.toOfficeId : command.officeId;
        const pointer = command.type === 'transfer' ? '/toOfficeId' : '/officeId';
        if (!ref.offices.has(officeId)) throw invalidFields('No such office.', [{ pointer, detail: `unknown office "${officeId}"` }]);
        // "Not our department" moves the complaint on; moving it to where it already is would only reset nothing and hide it.
        if (officeId === c.officeId) throw new AppError(409, 'transfer_to_same_office', 'Already with that office', 'The complaint is already with that office; transfer it to the office that should handle it.');
        if (command.type === 'transfer' && command.categoryId !== undefined) {
          // The category named with a transfer must be one the receiving office's department handles.
          const category = ref.categories.get(command.categoryId);
          const department = ref.offices.get(officeId)!.departmentId;
          if (!category) throw invalidFields('No such category.', [{ pointer: '/categoryId', detail: `unknown category "${command.categoryId}"` }]);
          if (category.departmentId !== department) throw invalidFields('The category is not one of the receiving office\'s department.', [{ pointer: '/categoryId', detail: `a category of ${category.departmentId}, not of ${department}` }]);
        }
        return command.type === 'transfer' ? { type: 'transfer', toOfficeId: officeId, reason: command.reason } : { type: 'assign_office', officeId };
      }
      case 'recategorise': {
        const category = ref.categories.get(command.categoryId);
        if (!category) throw invalidFields('No such category.', [{ pointer: '/categoryId', detail: `unknown category "${command.categoryId}"` }]);
        if (category.id === c.categoryId) throw new AppError(409, 'same_category', 'Already in that category', 'The complaint is already in that category.');
        // Another department's category would leave the complaint with an office that does not handle it: that is a transfer.
        if (category.departmentId !== c.departmentId) throw categoryOfOtherDepartment(category.id, category.departmentId);
        return { type: 'recategorise', categoryId: category.id, reason: command.reason };
      }
      case 'merge_duplicate': {
        const masterCode = parseTrackingCode(command.masterCode);
        const master = masterCode ? await this.complaints.findByCode(tx, masterCode) : null;
        if (!master) throw invalidFields('No such master complaint.', [{ pointer: '/masterCode', detail: 'not the code of a complaint' }]);
        if (master.id === c.id) throw invalidFields('A complaint cannot be merged into itself.', [{ pointer: '/masterCode', detail: 'is this complaint' }]);
        if (['closed', 'closed_no_response', 'withdrawn', 'duplicate', 'rejected'].includes(master.state)) {
          throw new AppError(409, 'master_closed', 'The master complaint is closed', 'Merge into an open complaint, so its followers hear of the work still to come.');
        }
        return { type: 'merge_duplicate', masterComplaintId: master.id };
      }
      case 'assign_officer': {
        // Only someone who works in the complaint's office can be given it: not a stranger, not a disabled account.
        const works = await this.complaints.worksInOffice(tx, command.officerId, c.officeId);
        if (!works) throw invalidFields('That officer does not work in the office handling this complaint.', [{ pointer: '/officerId', detail: 'not an active officer of the complaint’s office' }]);
        return command;
      }
      case 'add_note':
        return { type: 'add_note' };
      case 'public_update':
        return { type: 'public_update' };
      default:
        return command;
    }
  }

  /**
   * A new category (a recategorisation, or a transfer that names one) is written before any move, while the complaint
   * is still in the actor's scope, and kept as a labelled example for the routing classifier, on the audit log too.
   */
  private async recategorise(tx: pg.PoolClient, c: ComplaintRecord, command: StaffCommand, actor: StaffActor, ref: ReferenceData, now: Date): Promise<void> {
    const categoryId = command.type === 'recategorise' || command.type === 'transfer' ? command.categoryId : undefined;
    if (categoryId === undefined || categoryId === c.categoryId) return;
    await this.complaints.setCategory(tx, c.id, categoryId);
    const source = command.type === 'recategorise' ? 'recategorised' : 'transferred';
    await this.routingExamples.addExample(tx, { complaintId: c.id, categoryId, source, actorId: actor.id, createdAt: now });
    const toDepartment = ref.categories.get(categoryId)?.departmentId ?? null;
    await this.audit(tx, { action: AUDIT_ACTIONS.complaintRecategorised, actorRole: actor.role, actorId: actor.id, subjectType: 'complaint', subjectId: c.id, payload: { fromCategoryId: c.categoryId, toCategoryId: categoryId, by: source, ...(toDepartment !== c.departmentId && { toDepartmentId: toDepartment }) }, createdAt: now });
  }

  // The lifecycle command carries what the preconditions resolved (the target office, the master's id).
  private async sideEffects(tx: pg.PoolClient, c: ComplaintRecord, command: LifecycleCommand, ref: ReferenceData, now: Date): Promise<void> {
    if (command.type === 'transfer' || command.type === 'assign_office') {
      const office = ref.offices.get(command.type === 'transfer' ? command.toOfficeId : command.officeId);
      if (office) await this.complaints.place(tx, c.id, office);
    }
    if (command.type === 'assign_officer') await this.complaints.assignOfficer(tx, c.id, command.officerId);
    if (command.type === 'merge_duplicate') await this.complaints.mergeInto(tx, c.id, command.masterComplaintId, now);
  }
}

// What each action's event records: its own words, and where a transfer came from and went.
function payloadOf(command: StaffCommand, c: ComplaintRecord): Record<string, unknown> {
  switch (command.type) {
    case 'transfer':
      return { fromOfficeId: c.officeId, toOfficeId: command.toOfficeId, reason: command.reason.trim(), ...(command.categoryId !== undefined && command.categoryId !== c.categoryId && { fromCategoryId: c.categoryId, categoryId: command.categoryId }) };
    case 'recategorise':
      return { fromCategoryId: c.categoryId, categoryId: command.categoryId, reason: command.reason.trim() };
    case 'assign_office':
      return { officeId: command.officeId };
    case 'merge_duplicate':
      return { masterCode: parseTrackingCode(command.masterCode) };
    case 'add_note':
    case 'public_update':
      return { text: command.text.trim() };
    case 'ask_information':
      return { question: command.question.trim() };
    case 'resolve':
      return { outcome: command.outcome, ...(command.reason ? { reason: command.reason.trim() } : {}) };
    case 'propose_rejection':
    case 'reject':
      return { reason: command.reason.trim() };
    case 'assign_officer':
      return { officerId: command.officerId };
    case 'acknowledge':
      return {};
  }
}
