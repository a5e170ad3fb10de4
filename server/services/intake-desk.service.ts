import { randomUUID } from 'node:crypto';
import { AUDIT_ACTIONS } from '../domain/audit/audit-log-hash.js';
import { parsePhone } from '../domain/contact.js';
import { parseDiaryNumber, receivedOnProblem } from '../domain/intake/diary-number.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import { diaryNumberTaken, invalidFields, letterNotFound, type FieldProblem } from '../errors.js';
import type { AttachmentStorage } from '../store/attachment.storage.js';
import type { CitizenRepository } from '../store/citizen.repository.js';
import { insertComplaints } from '../store/complaint-intake.repository.js';
import { withTransaction, type Db } from '../store/db.js';
import type { CallerComplaintRow, IntakeDeskRepository, LetterRecord } from '../store/intake-desk.repository.js';
import { renderAcknowledgementSlip } from './acknowledgement-slip.service.js';
import { prepareScans, type ScanInput } from './attachment.service.js';
import type { AuditRecorder } from './audit.js';
import type { ComplaintIntakeService, SubmitComplaintInput, SubmitResult } from './complaint-intake.service.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';

/** How a call ended, as the agent logs it. */
export type CallOutcome = 'complaint_filed' | 'status_given' | 'information_given' | 'referred' | 'dropped' | 'other';

/** A call to log: the caller's number (kept only as a blind index), how long it lasted, how it ended, and the complaint it concerned. */
export interface CallInput {
  callerPhone?: string;
  durationSeconds: number;
  outcome: CallOutcome;
  complaintCode?: string;
}

/** A letter as the front desk enters it: the diary entry and the complaint transcribed from it. */
export interface LetterInput {
  diaryNumber: string;
  receivedOn: string;
  officeId: string;
  complaint: SubmitComplaintInput;
}

/** The most complaints read back to a caller. */
const CALLER_COMPLAINTS_MAX = 50;

/**
 * The intake desk: helpline agents look callers up and file for them; the front desk enters letters in the office
 * diary. Agents file, they never work complaints; what they see is what they filed and a caller's list of complaints
 * (codes, categories, states and dates only), each lookup recorded on the audit log.
 */
export class IntakeDeskService {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      intake: ComplaintIntakeService;
      reference: ReferenceDataService;
      desk: IntakeDeskRepository;
      citizens: CitizenRepository;
      storage: AttachmentStorage;
      cipher: FieldCipher;
      audit: AuditRecorder;
      publicUrl: string;
    },
  ) {}

  /** The public address tracking links start with. */
  get publicUrl(): string {
    return this.deps.publicUrl;
  }

  /** A caller's complaints by their number (every citizens row with it), recorded on the audit log with what was shown. */
  async lookUpCaller(actor: StaffActor, phone: string, ip: string | null): Promise<{ complaints: CallerComplaintRow[]; ref: ReferenceData }> {
    const parsed = parsePhone(phone);
    if (!parsed) throw invalidFields('The number cannot be looked up.', [{ pointer: '/querystring/phone', detail: 'not a valid phone number; include the country code if outside Pakistan' }]);
    const ref = await this.deps.reference.current();
    const complaints = await withTransaction(this.db, async (tx) => {
      const ids = await this.deps.citizens.idsByContact(tx, { phone: parsed.e164 });
      const found = await this.deps.desk.complaintsOfCitizens(tx, ids, CALLER_COMPLAINTS_MAX);
      // What the agent was shown, not the number: the log must not become a second copy of citizens' contacts.
      await this.deps.audit(tx, { action: AUDIT_ACTIONS.callerLookedUp, actorRole: actor.role, actorId: actor.id, subjectType: 'caller', subjectId: null, payload: { matches: found.length, codes: found.map((c) => c.code) }, ip });
      return found;
    });
    return { complaints, ref };
  }

  /** What this agent filed (DESIGN section 1: an intake agent sees what they filed), newest first. */
  async filings(actor: StaffActor, limit: number): Promise<{ complaints: CallerComplaintRow[]; ref: ReferenceData }> {
    const [complaints, ref] = await Promise.all([this.deps.desk.filingsOf(this.db, actor.id, limit), this.deps.reference.current()]);
    return { complaints, ref };
  }

  /** Files for a caller with channel `phone`, the agent as the submitted event's actor; logs the call in the same transaction when given. */
  async fileForCaller(actor: StaffActor, complaint: SubmitComplaintInput, call: Omit<CallInput, 'complaintCode' | 'callerPhone' | 'outcome'> | null, now = new Date()): Promise<SubmitResult> {
    const { intake, desk, storage, cipher } = this.deps;
    const { plan, citizenSecret, ref } = await intake.prepare({ ...complaint, channel: 'phone' }, { filedBy: { agentId: actor.id, desk: 'helpline' } }, now);
    await withTransaction(this.db, async (tx) => {
      await insertComplaints(tx, [plan], storage, cipher);
      if (call) await desk.insertCall(tx, { id: randomUUID(), agentId: actor.id, callerLookup: cipher.lookup('phone', plan.citizen?.phone ?? null), durationSeconds: call.durationSeconds, outcome: 'complaint_filed', complaintId: plan.complaint.id, createdAt: now });
    });
    return intake.resultOf(plan, citizenSecret, ref, now);
  }

  /** Logs a call; a complaint code, when given, must exist. */
  async logCall(actor: StaffActor, call: CallInput, now = new Date()): Promise<{ id: string }> {
    const problems: FieldProblem[] = [];
    const phone = call.callerPhone ? parsePhone(call.callerPhone) : null;
    if (call.callerPhone && !phone) problems.push({ pointer: '/callerPhone', detail: 'not a valid phone number; include the country code if outside Pakistan' });
    const code = call.complaintCode ? parseTrackingCode(call.complaintCode) : null;
    const complaintId = code ? await this.deps.desk.complaintIdByCode(this.db, code) : null;
    if (call.complaintCode && !complaintId) problems.push({ pointer: '/complaintCode', detail: 'no complaint has this tracking code' });
    if (problems.length > 0) throw invalidFields('The call cannot be logged as sent.', problems);
    const id = randomUUID();
    await this.deps.desk.insertCall(this.db, { id, agentId: actor.id, callerLookup: this.deps.cipher.lookup('phone', phone?.e164 ?? null), durationSeconds: call.durationSeconds, outcome: call.outcome, complaintId, createdAt: now });
    return { id };
  }

  /**
   * Enters a letter in its office's diary and files its complaint with channel `letter`, its scanned pages attached,
   * all in one transaction with the audit entry: a diary number the office already used (409), a bad field (422) or
   * a bad file (415) leaves nothing behind.
   */
  async enterLetter(actor: StaffActor, letter: LetterInput, scans: ScanInput[], now = new Date()): Promise<{ letter: LetterRecord; result: SubmitResult }> {
    const { intake, desk, storage, cipher, reference } = this.deps;
    const ref = await reference.current();
    const problems: FieldProblem[] = [];
    const diaryNumber = parseDiaryNumber(letter.diaryNumber);
    if (!diaryNumber) problems.push({ pointer: '/diaryNumber', detail: 'letters and digits in groups separated by "-" or "/", at most 40 characters, with at least one digit (e.g. D-123/2025)' });
    const dateProblem = receivedOnProblem(letter.receivedOn, now);
    if (dateProblem) problems.push({ pointer: '/receivedOn', detail: dateProblem });
    if (!ref.offices.has(letter.officeId)) problems.push({ pointer: '/officeId', detail: `unknown office "${letter.officeId}"` });
    if (problems.length > 0 || !diaryNumber) throw invalidFields('The letter cannot be entered as sent.', problems);
    // Asked first so a clerk entering a letter twice hears so before the scans are processed; the constraint decides.
    if (await desk.letterByDiaryNumber(this.db, letter.officeId, diaryNumber)) throw diaryNumberTaken(letter.officeId, diaryNumber);
    const pages = await prepareScans(scans, '/scans');
    const { plan, citizenSecret } = await intake.prepare({ ...letter.complaint, channel: 'letter' }, { filedBy: { agentId: actor.id, desk: 'letter_diary' }, attachments: pages, contactOptional: true }, now);
    const id = randomUUID();
    await withTransaction(this.db, async (tx) => {
      await insertComplaints(tx, [plan], storage, cipher);
      const entered = await desk.insertLetter(tx, { id, officeId: letter.officeId, diaryNumber, receivedOn: letter.receivedOn, complaintId: plan.complaint.id, agentId: actor.id, pageCount: pages.length, createdAt: now });
      if (!entered) throw diaryNumberTaken(letter.officeId, diaryNumber);
      await this.deps.audit(tx, { action: AUDIT_ACTIONS.letterEntered, actorRole: actor.role, actorId: actor.id, subjectType: 'complaint', subjectId: plan.complaint.id, payload: { letterId: id, officeId: letter.officeId, diaryNumber, pages: pages.length } });
    });
    const stored = await desk.letterById(this.db, id);
    if (!stored) throw new Error('the letter just entered cannot be read back');
    return { letter: stored, result: intake.resultOf(plan, citizenSecret, ref, now) };
  }

  /** A letter of the office's diary that this agent entered (an agent sees what they filed: DESIGN section 1). */
  async letterByDiaryNumber(actor: StaffActor, officeId: string, diaryNumberText: string): Promise<{ letter: LetterRecord; ref: ReferenceData }> {
    const diaryNumber = parseDiaryNumber(diaryNumberText);
    if (!diaryNumber) throw invalidFields('Not a diary number.', [{ pointer: '/params/diaryNumber', detail: 'letters and digits in groups separated by "-" or "/"' }]);
    const letter = await this.deps.desk.letterByDiaryNumber(this.db, officeId, diaryNumber);
    // Another agent's letter answers as if it did not exist: its existence is not this agent's to know.
    if (!letter || letter.agentId !== actor.id) throw letterNotFound();
    return { letter, ref: await this.deps.reference.current() };
  }

  /** The acknowledgement slip (PDF) of a letter this agent entered. */
  async acknowledgement(actor: StaffActor, letterId: string, now = new Date()): Promise<{ letter: LetterRecord; pdf: Buffer }> {
    const letter = await this.deps.desk.letterById(this.db, letterId);
    if (!letter || letter.agentId !== actor.id) throw letterNotFound();
    const ref = await this.deps.reference.current();
    const pdf = await renderAcknowledgementSlip({
      code: letter.code,
      diaryNumber: letter.diaryNumber,
      receivedOn: letter.receivedOn,
      officeName: ref.offices.get(letter.officeId)?.name.en ?? letter.officeId,
      categoryName: ref.categories.get(letter.categoryId)?.name.en ?? letter.categoryId,
      trackingUrl: trackingUrl(this.deps.publicUrl, letter.code),
      issuedAt: now,
    });
    return { letter, pdf };
  }
}

/** The public tracking address of a complaint. */
export function trackingUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/complaints/${code}`;
}
