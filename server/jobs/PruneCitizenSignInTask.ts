import type { CitizenAuthService } from '../services/citizen-auth.service.js';

/**
 * Hourly: deletes expired sign-in codes, citizen sessions past their idle or absolute limit, and rate-limit counters
 * of windows that have ended, so these tables hold only what can still matter. Safe to run twice.
 */
export const PruneCitizenSignInTask = {
  name: 'prune-citizen-sign-in',
  cron: '41 * * * *',
  retryLimit: 3,
  /** Prunes and returns how many rows of each kind went. */
  run: (auth: CitizenAuthService, now = new Date()) => auth.prune(now),
} as const;
