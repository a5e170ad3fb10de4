import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { roleNotAllowed } from '../errors.js';
import { listAuditEntries, type AuditLogFilter, type AuditLogPage } from '../store/audit-log.repository.js';
import type { Db } from '../store/db.js';

/** Reading the staff audit log: for auditors (the analyst role) and administrators, never for those it watches at work. */
export class AuditLogService {
  constructor(private readonly db: Db) {}

  /** A page of entries, newest first. */
  async list(actor: StaffActor, filter: AuditLogFilter, page: { before?: number; limit: number }): Promise<AuditLogPage> {
    if (actor.role !== 'analyst' && actor.role !== 'administrator') throw roleNotAllowed('read the audit log');
    return listAuditEntries(this.db, filter, page);
  }
}
