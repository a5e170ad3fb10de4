import { episodesOf, openLoad, openUntil } from '../ai/risk/history.js';
import { breachRisk, LOAD_WINDOW_DAYS, PRIOR_RISK_MODEL, RISK_FEATURES, riskInputOf, type RiskModel } from '../ai/risk/model.js';
import { trainRiskModel, type TrainingResult } from '../ai/risk/train.js';
import { consumedMinutes, type SlaClock } from '../domain/sla/sla-clock.js';
import type { BusinessCalendar } from '../domain/sla/business-calendar.js';
import { withTransaction, type Db, type Queryable } from '../store/db.js';
import type { RiskRepository } from '../store/risk.repository.js';
import type { QueueItem } from '../store/staff-queue.repository.js';
import type { ReferenceDataService } from './reference-data.service.js';

/** How much history the nightly training reads, and how many models it keeps. */
export interface BreachRiskOptions {
  historyDays: number;
  maxComplaints: number;
  keepModels: number;
  /** How long a process reuses the model it read (the job writes a new one nightly). */
  cacheMs: number;
}

const DEFAULTS: BreachRiskOptions = { historyDays: 365, maxComplaints: 50_000, keepModels: 30, cacheMs: 60_000 };
// States whose clock the model forecasts: on an office's desk, running or paused for the citizen.
const FORECAST_STATES = new Set(['triage', 'assigned', 'in_progress', 'awaiting_citizen']);
const DAY = 86_400_000;

/**
 * SLA-breach risk: trains the model on the complaints' history (the nightly job) and forecasts the open complaints
 * of a staff queue page from a few aggregates read once per request.
 */
export class BreachRiskService {
  private cached: { at: number; model: RiskModel } | null = null;
  private readonly options: BreachRiskOptions;

  constructor(
    private readonly db: Db,
    private readonly reference: ReferenceDataService,
    private readonly risk: RiskRepository,
    options: Partial<BreachRiskOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Fits a model on the last year of history (or keeps the prior when it is thin) and stores it with its calibration. */
  async train(now = new Date()): Promise<{ id: string; result: TrainingResult }> {
    const { calendar } = await this.reference.current();
    const histories = await this.risk.histories(this.db, new Date(now.getTime() - this.options.historyDays * DAY), this.options.maxComplaints);
    const officers = await this.risk.officerCounts(this.db);
    const loadAt = openLoad(
      // Counted as the queue counts it: open and filed in the last LOAD_WINDOW_DAYS.
      histories.map((h) => ({ officeId: h.officeId, from: h.createdAt.getTime(), to: Math.min(openUntil(h, now), h.createdAt.getTime() + LOAD_WINDOW_DAYS * DAY) })),
      (office) => officers.get(office) ?? 1,
    );
    const result = trainRiskModel(histories.flatMap((h) => episodesOf(h, calendar, now, loadAt)));
    const id = await withTransaction(this.db, async (tx) => {
      const saved = await this.risk.save(tx, result, now);
      await this.risk.prune(tx, this.options.keepModels);
      return saved;
    });
    this.cached = { at: Date.now(), model: result.model };
    return { id, result };
  }

  /** The model the queue predicts with: the newest stored one, or the prior on a new installation. */
  async model(): Promise<RiskModel> {
    if (this.cached && Date.now() - this.cached.at < this.options.cacheMs) return this.cached.model;
    const stored = await this.risk.latest(this.db);
    // A model fitted for other features (an older version) is not read with these: the prior stands in until the next run.
    const usable = stored && stored.features.join() === RISK_FEATURES.join() ? stored.model : PRIOR_RISK_MODEL;
    this.cached = { at: Date.now(), model: usable };
    return usable;
  }

  /**
   * The breach risk of each complaint on a queue page (by id), null where no clock of an office runs (submitted,
   * resolved, closed). `tx` is the reader's row-level-security transaction: one statement reads the page's aggregates.
   */
  async forQueue(tx: Queryable, items: readonly QueueItem[], calendar: BusinessCalendar, now: Date): Promise<Map<string, number | null>> {
    const open = items.filter((i) => FORECAST_STATES.has(i.state) && i.slaBudgetMinutes !== null && i.slaStartedAt !== null);
    const risks = new Map<string, number | null>(items.map((i) => [i.id, null]));
    if (open.length === 0) return risks;
    const model = await this.model();
    const offices = [...new Set(open.flatMap((i) => (i.officeId ? [i.officeId] : [])))];
    const inputs = await this.risk.queueInputs(tx, offices, open.map((i) => i.id), new Date(now.getTime() - LOAD_WINDOW_DAYS * DAY));
    for (const item of open) {
      const clock: SlaClock = { budgetMinutes: item.slaBudgetMinutes!, startedAt: item.slaStartedAt!, consumedMinutes: item.slaConsumedMinutes, pausedAt: item.slaPausedAt };
      const load = item.officeId ? (inputs.open.get(item.officeId) ?? 0) / Math.max(1, inputs.officers.get(item.officeId) ?? 1) : 0;
      // The deadline the queue shows is the one that counts: once it has passed, the clock has run out (and the
      // business minutes of a long-overdue clock, a day at a time, need not be counted).
      const overdue = !clock.pausedAt && item.dueAt !== null && item.dueAt <= now;
      const used = overdue ? clock.budgetMinutes : consumedMinutes(calendar, clock, now);
      const input = riskInputOf(model, {
        slaUsed: clock.budgetMinutes === 0 ? 1 : used / clock.budgetMinutes,
        remainingHours: Math.max(0, clock.budgetMinutes - used) / 60,
        state: item.state,
        categoryId: item.categoryId,
        officeId: item.officeId,
        officeLoadPerOfficer: load,
        escalationLevel: item.escalationLevel,
        reopenedCount: inputs.reopened.get(item.id) ?? 0,
      });
      risks.set(item.id, breachRisk(model, input));
    }
    return risks;
  }
}
