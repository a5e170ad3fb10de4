import type { BreachRiskService } from '../services/breach-risk.service.js';

/**
 * Nightly, at 02:30 in Pakistan: fits the SLA-breach risk model on the last year of complaint history and stores
 * it with the calibration measured on the latest fifth of that history, held out (or stores the prior model when
 * history is too thin). Safe to run twice: each run writes one more model row and the queue reads the newest.
 */
export const TrainBreachRiskModelTask = {
  name: 'train-breach-risk-model',
  cron: '30 2 * * *',
  retryLimit: 3,
  /** Takes no input: it reads the history it needs. */
  run: (risk: BreachRiskService) => risk.train(),
} as const;
