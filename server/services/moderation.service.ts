/**
 * The moderation queue: complaints the abuse screen (server/ai/abuse) flagged at intake. They were stored, coded and
 * routed like any other; a provincial monitor or an administrator clears the flag (nothing wrong: the text reports
 * abuse, or the match was false) or upholds it (the text is abusive; it stays marked for the staff who read it).
 * Each decision is on the tamper-evident audit log, in the same transaction.
 */
import { AUDIT_ACTIONS } from '../domain/audit/audit-log-hash.js';
import { canReviewAbuse } from '../domain/permissions/abuse.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { AppError, abuseReviewForbidden, invalidTrackingCode } from '../errors.js';
import { type Db, withTransaction } from '../store/db.js';
import type { AuditRecorder } from './audit.js';

export type ModerationStatus = 'pending' | 'cleared' | 'upheld';

export interface ModerationItem {
  code: string;
  status: ModerationStatus;
  reasons: string[];
  score: number | null;
  confidence: number | null;
  state: string;
  departmentId: string | null;
  officeId: string | null;
  categoryId: string | null;
  language: string;
  createdAt: Date;
  moderatedBy: string | null;
  moderatedAt: Date | null;
  note: string | null;
  /** The complaint's text, which the screen read: the moderator decides on it (administrators cannot open complaints). */
  description: string;
}

function notPending(code: string): AppError {
  return new AppError(404, 'not_pending', 'Not found', `There is no complaint ${code.slice(0, 40)} waiting for moderation.`);
}

export class ModerationService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRecorder,
  ) {}

  /** Flagged complaints with that status (oldest first for 'pending', newest decisions first otherwise). */
  async list(actor: StaffActor, status: ModerationStatus, limit = 100): Promise<ModerationItem[]> {
    if (!canReviewAbuse(actor)) throw abuseReviewForbidden();
    const { rows } = await this.db.query<ModerationItem>(
      `select code, moderation_status as status, moderation_reasons as reasons, moderation_score as score, moderation_confidence as confidence, state,
              department_id as "departmentId", office_id as "officeId", category_id as "categoryId", language,
              created_at as "createdAt", moderated_by as "moderatedBy", moderated_at as "moderatedAt", moderation_note as note,
              description
         from complaints where moderation_status = $1
        order by ${status === 'pending' ? 'created_at asc' : 'moderated_at desc'} limit $2`,
      [status, limit],
    );
    return rows;
  }

  /** Decides a pending flag: 'cleared' or 'upheld' (upholding needs a reason). 404 unless the complaint is pending. */
  async decide(actor: StaffActor, code: string, decision: 'cleared' | 'upheld', note: string, ip: string | null, now = new Date()): Promise<void> {
    if (!canReviewAbuse(actor)) throw abuseReviewForbidden();
    const text = note.trim().slice(0, 1000);
    // The code as people write it (case, spaces, hyphens, O for 0), as every other lookup reads it.
    const canonical = parseTrackingCode(code);
    if (canonical === null) throw invalidTrackingCode(code);
    await withTransaction(this.db, async (tx) => {
      const { rows } = await tx.query<{ id: string; reasons: string[] }>(
        `update complaints set moderation_status = $2, moderated_by = $3, moderated_at = $4, moderation_note = $5
          where code = $1 and moderation_status = 'pending' returning id, moderation_reasons as reasons`,
        [canonical, decision, actor.id, now, text || null],
      );
      const row = rows[0];
      if (!row) throw notPending(code);
      await this.audit(tx, { action: decision === 'cleared' ? AUDIT_ACTIONS.moderationCleared : AUDIT_ACTIONS.moderationUpheld, actorRole: actor.role, actorId: actor.id, subjectType: 'complaint', subjectId: row.id, payload: { reasons: row.reasons, note: text }, ip, createdAt: now });
    });
  }
}
