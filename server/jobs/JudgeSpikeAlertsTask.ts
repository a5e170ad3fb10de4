import type { SpikeAlertService } from '../services/spike-alert.service.js';

/**
 * Each morning in Pakistan (06:30, before offices open): judges yesterday per category × district, keeps new spike
 * alert episodes and queues the monitors' e-mails. Safe to run twice: a day already judged opens nothing and tells
 * nobody again (episodes are unique per cell and first day; notifications per episode and monitor).
 */
export const JudgeSpikeAlertsTask = {
  name: 'judge-spike-alerts',
  cron: '30 6 * * *',
  retryLimit: 3,
  /** Takes no input: the day is yesterday in Karachi when the job runs. */
  run: (alerts: SpikeAlertService) => alerts.judgeDay(),
} as const;
