import { canWorkOn, type StaffActor } from '../domain/permissions/jurisdiction.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { citizenAnonymous, complaintNotFound, invalidFields, invalidTrackingCode, outsideJurisdiction, type FieldProblem } from '../errors.js';
import type { CitizenRepository } from '../store/citizen.repository.js';
import type { ComplaintRepository } from '../store/complaint.repository.js';
import { withTransaction, type Db } from '../store/db.js';
import type { AuditRecorder } from './audit.js';

/** The contact details a staff member may ask to see. */
export const CONTACT_FIELDS = ['name', 'phone', 'email', 'cnic', 'address'] as const;

/** One of CONTACT_FIELDS. */
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** What a staff member is shown: the fields they asked for (null where the citizen gave none). */
export interface RevealedContact {
  code: string;
  /** Null when the complaint has no citizens row (filed without any contact). */
  citizenId: string | null;
  contact: Partial<Record<ContactField, string | null>>;
  /** Set when retention has emptied the citizen's personal fields. */
  anonymisedAt: Date | null;
}

/** Most characters of a stated purpose (it is stored with every read). */
export const PURPOSE_MAX_LENGTH = 500;

/**
 * Staff reads of a citizen's contact details. Contact details are not part of a complaint as staff see it: an
 * officer who needs to call the citizen asks for them, says why, and the read is recorded (who, role, whose, which
 * fields, why, when) in the same transaction that opens them, so there is no read without its record.
 */
export class CitizenContactService {
  constructor(
    private readonly db: Db,
    private readonly complaints: ComplaintRepository,
    private readonly citizens: CitizenRepository,
    private readonly audit: AuditRecorder,
  ) {}

  /** Opens the contact of a complaint's citizen for `staff`, who must be able to work the complaint (403 otherwise). */
  async revealContact(codeInput: string, staff: StaffActor, purpose: string, fields: readonly ContactField[] = CONTACT_FIELDS, now = new Date()): Promise<RevealedContact> {
    const code = parseTrackingCode(codeInput);
    if (!code) throw invalidTrackingCode(codeInput);
    const problems: FieldProblem[] = [];
    const why = purpose.trim();
    if (why.length < 3 || why.length > PURPOSE_MAX_LENGTH) problems.push({ pointer: '/purpose', detail: `say why you need the contact details (3 to ${PURPOSE_MAX_LENGTH} characters)` });
    const wanted = [...new Set(fields)];
    if (wanted.length === 0 || wanted.some((f) => !(CONTACT_FIELDS as readonly string[]).includes(f))) problems.push({ pointer: '/fields', detail: `one or more of ${CONTACT_FIELDS.join(', ')}` });
    if (problems.length > 0) throw invalidFields('The contact details cannot be shown as asked.', problems);
    return withTransaction(this.db, async (tx) => {
      const complaint = await this.complaints.findByCode(tx, code);
      if (!complaint) throw complaintNotFound(code);
      // Officers see the citizens of their own office's complaints only; analysts and administrators never.
      if (!canWorkOn(staff, complaint)) throw outsideJurisdiction();
      if (complaint.anonymous) throw citizenAnonymous();
      const citizen = complaint.citizenId ? await this.citizens.contact(tx, complaint.citizenId) : null;
      await this.citizens.recordRead(tx, { staffId: staff.id, staffRole: staff.role, citizenId: citizen?.id ?? null, complaintId: complaint.id, fields: wanted, purpose: why, readAt: now });
      // Also on the hash-chained audit log (last in the transaction: it holds the chain head until commit).
      await this.audit(tx, { action: 'personal_data.read', actorRole: staff.role, actorId: staff.id, subjectType: 'complaint', subjectId: code, payload: { fields: wanted, purpose: why }, createdAt: now });
      const contact: RevealedContact['contact'] = {};
      for (const field of wanted) contact[field] = citizen?.[field] ?? null;
      return { code, citizenId: citizen?.id ?? null, contact, anonymisedAt: citizen?.anonymisedAt ?? null };
    });
  }
}
