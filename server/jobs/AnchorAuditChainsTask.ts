import type { AuditAnchorService } from '../services/audit-anchor.service.js';

/**
 * Daily, just after midnight in Pakistan: writes an anchor of every hash chain (and mails it when
 * EKHTYAR_AUDIT_ANCHOR_EMAIL is set). Safe to run twice: a second anchor simply covers a little more. A failed
 * mailing fails the job so pg-boss retries it; the retry writes a fresh anchor (covering everything the unmailed one
 * did) and mails that, so no stretch of history goes without a copy outside the database.
 */
export const AnchorAuditChainsTask = {
  name: 'anchor-audit-chains',
  cron: '5 0 * * *',
  retryLimit: 5,
  /** Takes no input: the anchor carries on from the last one in the database. */
  run: async (anchors: AuditAnchorService) => {
    const result = await anchors.anchor();
    if (result.mailed && !result.mailed.ok) throw new Error(`audit anchor ${result.anchor.id} was written but could not be mailed: ${result.mailed.error}`);
    return result;
  },
} as const;
