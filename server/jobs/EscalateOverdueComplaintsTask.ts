import type { SlaService } from '../services/sla.service.js';

/**
 * Every minute: remind assignees at 50% and 90% of the SLA and escalate breached complaints one level.
 * Safe to run twice and side by side (the sweep locks what it handles and commits per batch); a run missed
 * while no worker was up is caught by the next, which handles everything due by then.
 */
export const EscalateOverdueComplaintsTask = {
  name: 'escalate-overdue-complaints',
  cron: '* * * * *',
  retryLimit: 3,
  /** Takes no input: the sweep finds its own work from the complaints' alarm times. */
  run: (sla: SlaService) => sla.sweep(),
} as const;
