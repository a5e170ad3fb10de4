import type { RetrainResult, RouterModelService } from '../services/router-model.service.js';

/**
 * Weekly by default (EKHTYAR_RETRAIN_CRON): trains a routing model candidate on resolved and closed complaints and
 * officers' corrections, and promotes it only when it does no worse than the active model on the newest held-out
 * complaints (else it is kept as rejected, with its figures). Too few examples: nothing is trained. Safe to run
 * twice: each run stores its own version, and a run never replaces a better model. No retries: a failed run is
 * simply the next week's.
 */
export const RetrainRoutingModelTask = {
  name: 'retrain-routing-model',
  retryLimit: 0,
  /** Trains, judges and promotes or rejects; says what happened. */
  run: (models: RouterModelService): Promise<RetrainResult> => models.retrain('scheduled_retrain', { role: 'system', id: 'scheduler' }),
} as const;
