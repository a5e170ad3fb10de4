import { canonicalJson, chainedSha256 } from './event-hash.js';

/**
 * Actions the audit log records (staff and administrative work that is not a complaint event). The log takes any
 * dotted lower-case name; these are the ones the platform writes, named here so that writers and readers agree.
 */
export const AUDIT_ACTIONS = {
  signIn: 'staff.sign_in',
  signInFailed: 'staff.sign_in_failed',
  lockedOut: 'staff.locked_out',
  accountCreated: 'staff.account_created',
  accountChanged: 'staff.account_changed',
  accountDisabled: 'staff.account_disabled',
  roleChanged: 'staff.role_changed',
  scopeChanged: 'staff.scope_changed',
  sessionRevoked: 'staff.session_revoked',
  keysRotated: 'keys.rotated',
  personalDataRead: 'personal_data.read',
  anchorWritten: 'audit.anchor',
  callerLookedUp: 'intake.caller_lookup',
  letterEntered: 'intake.letter_entered',
  departmentCreated: 'reference.department_created',
  departmentChanged: 'reference.department_changed',
  officeCreated: 'reference.office_created',
  officeChanged: 'reference.office_changed',
  categoryCreated: 'reference.category_created',
  categoryChanged: 'reference.category_changed',
  officeWeekChanged: 'calendar.week_changed',
  holidayAdded: 'calendar.holiday_added',
  holidayRemoved: 'calendar.holiday_removed',
  moderationCleared: 'complaint.moderation_cleared',
  moderationUpheld: 'complaint.moderation_upheld',
  spikeAlertAcknowledged: 'analytics.spike_alert_acknowledged',
  complaintRecategorised: 'complaint.recategorised',
  routerModelImported: 'router_model.imported',
  routerModelPromoted: 'router_model.promoted',
  routerModelRejected: 'router_model.rejected',
  routerModelRolledBack: 'router_model.rolled_back',
} as const;

/** The shape of an action name: dotted lower-case words (the database checks the same). */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** The fields of an audit log entry that its hash covers. */
export interface HashedAuditFields {
  id: number;
  action: string;
  actorRole: string;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  payload: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
}

/** Hash of one audit log entry chained to the one before: sha256(prev_hash || canonical JSON of the entry). */
export function auditEntryHash(prevHash: Buffer | null, entry: HashedAuditFields): Buffer {
  // Only the listed fields, whatever else the object carries (the stored hashes when verifying).
  const { id, action, actorRole, actorId, subjectType, subjectId, payload, ip, createdAt } = entry;
  const body = canonicalJson({ id, action, actorRole, actorId, subjectType, subjectId, payload, ip, createdAt: createdAt.toISOString() });
  return chainedSha256(prevHash, body);
}

/** Where the audit log stands: the last id and its hash (0 and null when empty). */
export interface AuditLogHead {
  lastId: number;
  lastHash: Buffer | null;
}

/** The next entry of the audit log, with its id, prev_hash and hash filled in. */
export function chainAuditEntry(head: AuditLogHead, entry: Omit<HashedAuditFields, 'id'>): HashedAuditFields & { prevHash: Buffer | null; hash: Buffer } {
  const fields: HashedAuditFields = { ...entry, id: head.lastId + 1 };
  return { ...fields, prevHash: head.lastHash, hash: auditEntryHash(head.lastHash, fields) };
}
