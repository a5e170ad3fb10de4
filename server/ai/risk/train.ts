/**
 * Training the breach-risk model on history: episodes (one SLA clock of one complaint, labelled by whether it ran
 * out) seen at a few moments of their life, an earlier slice to fit on and a later one held out to measure
 * calibration, then the final fit on everything.
 */
import { calibration, type Calibration } from './calibration.js';
import { fitLogistic } from './logistic.js';
import { breachRisk, PRIOR_RISK_MODEL, RISK_FEATURE_SIGNS, riskFeatures, smoothedRate, type BreachCount, type RiskInput, type RiskModel, type RiskState } from './model.js';

/** One complaint's look at one moment of a clock that was still running. */
export interface Snapshot {
  slaUsed: number;
  remainingHours: number;
  state: RiskState;
  officeLoadPerOfficer: number;
}

/** One SLA clock of one complaint, with its outcome. */
export interface Episode {
  /** When the clock started (ms since the epoch): the time split goes by it. */
  startedAt: number;
  categoryId: string | null;
  officeId: string | null;
  escalationLevel: number;
  reopenedCount: number;
  /** Whether the clock ran out before the office was done. */
  breached: boolean;
  snapshots: Snapshot[];
}

/** When history is too thin to fit. */
export interface TrainingOptions {
  /** Share of episodes, the latest, held out to measure calibration (default 0.2). */
  holdoutShare?: number;
  /** Fewest training episodes, and fewest of each outcome, to fit at all (else the prior model). */
  minEpisodes?: number;
  minEachOutcome?: number;
  l2?: number;
}

/** What a training run produced. */
export interface TrainingResult {
  model: RiskModel;
  /** Why the prior was kept, when it was. */
  fallback: string | null;
  episodes: number;
  rows: number;
  /** The model fitted on the earlier slice, scored on the later one; null when there was nothing to hold out. */
  heldOut: (Calibration & { trainEpisodes: number; heldOutEpisodes: number }) | null;
}

/** The share of episodes that breached. */
function rateOf(episodes: readonly Episode[]): number {
  return episodes.length === 0 ? PRIOR_RISK_MODEL.globalRate : episodes.filter((e) => e.breached).length / episodes.length;
}

/** Episodes and breaches per key. */
function countBy(episodes: readonly Episode[], key: (e: Episode) => string | null): Record<string, BreachCount> {
  const counts: Record<string, BreachCount> = {};
  for (const e of episodes) {
    const k = key(e);
    if (k === null) continue;
    const c = (counts[k] ??= { episodes: 0, breaches: 0 });
    c.episodes += 1;
    c.breaches += e.breached ? 1 : 0;
  }
  return counts;
}

/** The model's inputs for an episode's snapshot; `own` leaves the episode out of its own rates (no label leak). */
export function inputsOf(model: Pick<RiskModel, 'globalRate' | 'categories' | 'offices'>, e: Episode, own = false): RiskInput[] {
  const less = (c: BreachCount | undefined): BreachCount | undefined => (c && own ? { episodes: c.episodes - 1, breaches: c.breaches - (e.breached ? 1 : 0) } : c);
  const categoryBreachRate = smoothedRate(less(e.categoryId === null ? undefined : model.categories[e.categoryId]), model.globalRate);
  const officeBreachRate = smoothedRate(less(e.officeId === null ? undefined : model.offices[e.officeId]), model.globalRate);
  return e.snapshots.map((s) => ({ ...s, categoryBreachRate, officeBreachRate, escalationLevel: e.escalationLevel, reopenedCount: e.reopenedCount }));
}

/** Fits a model on episodes (rates and coefficients from these episodes alone). */
export function fitRiskModel(episodes: readonly Episode[], l2 = 1): RiskModel {
  const rates = { globalRate: rateOf(episodes), categories: countBy(episodes, (e) => e.categoryId), offices: countBy(episodes, (e) => e.officeId) };
  const x: number[][] = [];
  const y: number[] = [];
  for (const e of episodes) {
    for (const input of inputsOf(rates, e, true)) {
      x.push(riskFeatures(input));
      y.push(e.breached ? 1 : 0);
    }
  }
  const fit = fitLogistic(x, y, { l2, signs: RISK_FEATURE_SIGNS });
  return { kind: 'trained', intercept: fit.intercept, weights: fit.weights, ...rates };
}

/** Scores a model on episodes it did not see: every snapshot's forecast against its episode's outcome. */
export function scoreRiskModel(model: RiskModel, episodes: readonly Episode[], baseRate: number): Calibration {
  const p: number[] = [];
  const y: number[] = [];
  for (const e of episodes) {
    for (const input of inputsOf(model, e)) {
      p.push(breachRisk(model, input));
      y.push(e.breached ? 1 : 0);
    }
  }
  return calibration(p, y, baseRate);
}

/** The share of snapshot rows whose episode breached: the climatology forecast. */
export function rowRate(episodes: readonly Episode[]): number {
  let rows = 0;
  let positives = 0;
  for (const e of episodes) {
    rows += e.snapshots.length;
    positives += e.breached ? e.snapshots.length : 0;
  }
  return rows === 0 ? 0 : positives / rows;
}

/**
 * Trains on history: the earliest (1 − holdoutShare) of the episodes are fitted and the rest scored, then the
 * model kept is fitted on all of them. Too little history (or only one outcome) keeps the prior model.
 */
export function trainRiskModel(history: readonly Episode[], options: TrainingOptions = {}): TrainingResult {
  const episodes = history.filter((e) => e.snapshots.length > 0).sort((a, b) => a.startedAt - b.startedAt);
  const rows = episodes.reduce((s, e) => s + e.snapshots.length, 0);
  const cut = Math.floor(episodes.length * (1 - (options.holdoutShare ?? 0.2)));
  const train = episodes.slice(0, cut);
  const held = episodes.slice(cut);
  const breaches = train.filter((e) => e.breached).length;
  const minEach = options.minEachOutcome ?? 10;
  const thin =
    train.length < (options.minEpisodes ?? 100) ? `${train.length} training episodes, fewer than ${options.minEpisodes ?? 100}`
    : breaches < minEach || train.length - breaches < minEach ? `${breaches} breached and ${train.length - breaches} in time, fewer than ${minEach} of one`
    : null;
  if (thin) {
    const prior = { ...PRIOR_RISK_MODEL, globalRate: episodes.length > 0 ? rateOf(episodes) : PRIOR_RISK_MODEL.globalRate };
    return { model: prior, fallback: thin, episodes: episodes.length, rows, heldOut: null };
  }
  const early = fitRiskModel(train, options.l2);
  const heldOut = held.length > 0 ? { ...scoreRiskModel(early, held, rowRate(train)), trainEpisodes: train.length, heldOutEpisodes: held.length } : null;
  return { model: fitRiskModel(episodes, options.l2), fallback: null, episodes: episodes.length, rows, heldOut };
}
