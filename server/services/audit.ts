import type pg from 'pg';
import type { appendAuditEntry } from '../store/audit-log.repository.js';

/** One entry of the staff audit trail: who did what to which account or record, from where (the store's own shape). */
export type AuditEntry = Parameters<typeof appendAuditEntry>[1];

/** Appends an entry to the tamper-evident audit log inside the caller's transaction (so it stands or falls with the action). */
export type AuditRecorder = (tx: pg.PoolClient, entry: AuditEntry) => Promise<unknown>;
