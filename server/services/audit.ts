import type pg from 'pg';

/** One entry of the staff audit trail: who did what to which account or record, from where. */
export interface AuditEntry {
  action: string;
  actorRole: string;
  actorId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  payload: Record<string, unknown>;
  ip?: string | null;
  createdAt?: Date;
}

/** Appends an entry to the tamper-evident audit log inside the caller's transaction (so it stands or falls with the action). */
export type AuditRecorder = (tx: pg.PoolClient, entry: AuditEntry) => Promise<unknown>;
