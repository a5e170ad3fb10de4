import { availableCommands, isComplaintState, isEscalationLevel, OPEN_STATES, type CommandType } from '../domain/lifecycle/index.js';
import { canWorkOn, type StaffActor } from '../domain/permissions/jurisdiction.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { AppError, attachmentNotFound, complaintNotFound, invalidTrackingCode } from '../errors.js';
import type { AttachmentStorage } from '../store/attachment.storage.js';
import type { AttachmentRecord, ComplaintRecord, ComplaintRepository, EventRecord } from '../store/complaint.repository.js';
import { withStaffScope, type Db, type Queryable } from '../store/db.js';
import type { QueueFilter, QueueItem, StaffQueueRepository } from '../store/staff-queue.repository.js';
import type { StaffUserRepository } from '../store/staff-user.repository.js';
import type { DuplicateService, DuplicateSuggestion } from './duplicate.service.js';
import type { BreachRiskService } from './breach-risk.service.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';

/** A complaint as the staff who work it see it: every event, internal ones too, and what they may do next. */
export interface StaffComplaintView {
  complaint: ComplaintRecord;
  events: EventRecord[];
  attachments: AttachmentRecord[];
  ref: ReferenceData;
  actions: CommandType[];
  /** The master's code, when this one was merged into it as a duplicate. */
  masterCode: string | null;
}

// The staff-side commands (the rest are the citizen's or the system's).
const STAFF_COMMANDS = new Set<CommandType>(['assign_office', 'acknowledge', 'assign_officer', 'ask_information', 'add_note', 'public_update', 'transfer', 'recategorise', 'resolve', 'propose_rejection', 'reject', 'merge_duplicate']);

/**
 * What staff read: their queue and the complaints in it. A complaint outside the reader's jurisdiction answers 404,
 * as if it did not exist: its internal notes and even its presence in another office's work are not theirs to see.
 */
export class StaffComplaintService {
  constructor(
    private readonly db: Db,
    /** The row-level-security pool: every read runs under the reader's scope (db.ts withStaffScope). */
    private readonly staffDb: Db,
    private readonly reference: ReferenceDataService,
    private readonly complaints: ComplaintRepository,
    private readonly queue: StaffQueueRepository,
    private readonly users: StaffUserRepository,
    private readonly storage: AttachmentStorage,
    private readonly duplicates: DuplicateService,
    private readonly breachRisk: BreachRiskService,
  ) {}

  /** A page of the actor's queue (open complaints by default), most urgent first, each with its SLA-breach risk (null where no office clock runs). */
  async list(actor: StaffActor, filter: Omit<QueueFilter, 'states'> & { states?: string[] }, now = new Date()): Promise<{ items: (QueueItem & { breachRisk: number | null })[]; ref: ReferenceData }> {
    if (!['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'].includes(actor.role)) {
      throw new AppError(403, 'role_not_allowed', 'Not allowed for your role', 'Work queues are for officers, heads of office and monitors.');
    }
    const ref = await this.reference.current();
    const items = await withStaffScope(this.staffDb, actor, async (tx) => {
      const page = await this.queue.page(tx, actor, { ...filter, states: filter.states ?? [...OPEN_STATES] });
      // The page's office loads and reopenings in one more statement, under the same scope: no query per row.
      const risks = await this.breachRisk.forQueue(tx, page, ref.calendar, now);
      return page.map((item) => ({ ...item, breachRisk: risks.get(item.id) ?? null }));
    });
    return { items, ref };
  }

  /** One complaint with its whole timeline and the actions open to the actor. */
  async view(actor: StaffActor, codeInput: string): Promise<StaffComplaintView> {
    const { complaint, events, attachments, masterCode } = await withStaffScope(this.staffDb, actor, async (tx) => {
      const found = await this.visible(tx, actor, codeInput);
      return {
        complaint: found,
        events: await this.complaints.events(tx, found.id, true),
        attachments: await this.complaints.attachments(tx, found.id),
        masterCode: null as string | null,
      };
    });
    const ref = await this.reference.current();
    // The master may lie outside the reader's scope; its code is public anyway (it is on the public timeline).
    const master = await this.complaints.codeOf(this.db, complaint.masterComplaintId);
    const snapshot = isComplaintState(complaint.state) && isEscalationLevel(complaint.escalationLevel) ? { state: complaint.state, escalationLevel: complaint.escalationLevel } : null;
    const actions = snapshot ? availableCommands(snapshot, actor.role).filter((t) => STAFF_COMMANDS.has(t)) : [];
    return { complaint, events, attachments, ref, actions, masterCode: master ?? masterCode };
  }

  /**
   * Open complaints the reader may see that read like this one, nearby and near in time (the duplicate score): the
   * candidates for "merge as a duplicate", with their texts.
   */
  async possibleDuplicates(actor: StaffActor, codeInput: string): Promise<(DuplicateSuggestion & { description: string })[]> {
    return withStaffScope(this.staffDb, actor, async (tx) => this.duplicates.likeComplaint(tx, await this.visible(tx, actor, codeInput)));
  }

  /** A photo of a complaint the actor may work on. */
  async attachment(actor: StaffActor, codeInput: string, attachmentId: string): Promise<{ meta: AttachmentRecord; data: Buffer }> {
    const { meta, data } = await withStaffScope(this.staffDb, actor, async (tx) => {
      const complaint = await this.visible(tx, actor, codeInput);
      const found = (await this.complaints.attachments(tx, complaint.id)).find((a) => a.id === attachmentId);
      return { meta: found, data: found ? await this.storage.get(tx, found.storageKey) : null };
    });
    if (!meta || !data) throw attachmentNotFound(attachmentId);
    return { meta, data };
  }

  /** The officers a complaint of this office can be assigned to (for heads of office and monitors over it). */
  async officersOf(actor: StaffActor, officeId: string): Promise<{ id: string; displayName: string; role: string }[]> {
    const office = (await this.reference.current()).offices.get(officeId);
    if (!office || !canWorkOn(actor, { officeId, departmentId: office.departmentId, areaId: office.areaId })) {
      throw new AppError(404, 'office_not_found', 'Office not found', 'No office with that id within your jurisdiction.');
    }
    return this.users.officersOf(this.db, officeId);
  }

  private async visible(tx: Queryable, actor: StaffActor, codeInput: string): Promise<ComplaintRecord> {
    const code = parseTrackingCode(codeInput);
    if (!code) throw invalidTrackingCode(codeInput);
    const complaint = await this.complaints.findByCode(tx, code);
    if (!complaint || !canWorkOn(actor, complaint)) throw complaintNotFound(code);
    return complaint;
  }
}
