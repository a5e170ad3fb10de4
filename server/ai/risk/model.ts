/**
 * SLA-breach risk: the probability that an open complaint's current SLA clock runs out before the office is done
 * with it (resolution, rejection, transfer out of the running states does not count as done), from a logistic model
 * over a few facts the queue already has. Pure: no I/O.
 */
import { logit, sigmoid } from './logistic.js';

/** States the model tells apart; anything else (submitted, and the 311 data's states) is 'other'. */
export const RISK_STATES = ['triage', 'assigned', 'in_progress', 'awaiting_citizen', 'other'] as const;
export type RiskState = (typeof RISK_STATES)[number];

/** What the model reads about one open complaint at one moment. */
export interface RiskInput {
  /** Share of the SLA budget used (0.5 = half; 1 or more = already breached). */
  slaUsed: number;
  /** Business hours left on the clock (0 when breached). */
  remainingHours: number;
  state: RiskState;
  /** The category's breach rate in history, smoothed towards the global rate (see smoothedRate). */
  categoryBreachRate: number;
  /** The office's breach rate in history, smoothed likewise. */
  officeBreachRate: number;
  /** Open complaints of the office filed in the last LOAD_WINDOW_DAYS, per officer of the office, now. */
  officeLoadPerOfficer: number;
  escalationLevel: number;
  /** How often the complaint was reopened (not satisfied, contested). */
  reopenedCount: number;
}

/**
 * Office load counts open complaints filed in the last 30 days: a backlog that never closes would otherwise grow the
 * load without end and push every forecast up (on NYC's DOHMH history it took ECE from 0.02 to 0.10).
 */
export const LOAD_WINDOW_DAYS = 30;

/** The features, in the order of the model's weights. */
export const RISK_FEATURES = [
  'sla_used',
  'log_remaining_hours',
  'state_triage',
  'state_in_progress',
  'state_awaiting_citizen',
  'state_other',
  'category_rate_logit',
  'office_rate_logit',
  'log_office_load',
  'escalation_level',
  'reopened',
] as const;

/** Sign constraints: more of the SLA used never lowers the risk, more time left never raises it (monotone by construction). */
export const RISK_FEATURE_SIGNS: readonly number[] = [1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/** The feature vector of an input (assigned is the reference state). */
export function riskFeatures(input: RiskInput): number[] {
  const clamp = (v: number, lo: number, hi: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo);
  return [
    clamp(input.slaUsed, 0, 1),
    Math.log1p(clamp(input.remainingHours, 0, 24 * 365)),
    input.state === 'triage' ? 1 : 0,
    input.state === 'in_progress' ? 1 : 0,
    input.state === 'awaiting_citizen' ? 1 : 0,
    input.state === 'other' ? 1 : 0,
    logit(clamp(input.categoryBreachRate, 0, 1)),
    logit(clamp(input.officeBreachRate, 0, 1)),
    Math.log1p(clamp(input.officeLoadPerOfficer, 0, 1e6)),
    clamp(input.escalationLevel, 0, 3),
    clamp(input.reopenedCount, 0, 3),
  ];
}

/** Breach counts of a category or office in history. */
export interface BreachCount {
  episodes: number;
  breaches: number;
}

/** A model the queue predicts with: coefficients plus the history rates its features need. */
export interface RiskModel {
  /** 'prior' until there is enough history to train on. */
  kind: 'prior' | 'trained';
  intercept: number;
  /** One per RISK_FEATURES. */
  weights: number[];
  /** Share of clocks that ran out, over all history (the smoothing target and the climatology forecast). */
  globalRate: number;
  categories: Record<string, BreachCount>;
  offices: Record<string, BreachCount>;
}

/** Pseudo-episodes at the global rate added to every category's and office's own record. */
export const RATE_PRIOR_EPISODES = 20;

/** A category's or office's breach rate shrunk towards the global one: (breaches + m·global) / (episodes + m). */
export function smoothedRate(count: BreachCount | undefined, globalRate: number, m = RATE_PRIOR_EPISODES): number {
  return ((count?.breaches ?? 0) + m * globalRate) / ((count?.episodes ?? 0) + m);
}

/**
 * The model of a new installation: risk from the share of the SLA used alone (the rates and load it cannot know
 * yet have weight 0). Hand-set, not fitted: about 10 % at the start of a clock, 50 % at three quarters, 70 % at 90 %.
 */
export const PRIOR_RISK_MODEL: RiskModel = {
  kind: 'prior',
  intercept: -2.2,
  weights: [2.9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  globalRate: 0.2,
  categories: {},
  offices: {},
};

/** The probability (0..1) that the complaint breaches its SLA; 1 once its clock has run out. */
export function breachRisk(model: RiskModel, input: RiskInput): number {
  if (input.slaUsed >= 1) return 1;
  const x = riskFeatures(input);
  return sigmoid(x.reduce((sum, v, j) => sum + v * (model.weights[j] ?? 0), model.intercept));
}

/** The model's input for a complaint, from its clock and the history rates the model carries. */
export function riskInputOf(
  model: RiskModel,
  c: { slaUsed: number; remainingHours: number; state: string; categoryId: string | null; officeId: string | null; officeLoadPerOfficer: number; escalationLevel: number; reopenedCount: number },
): RiskInput {
  return {
    slaUsed: c.slaUsed,
    remainingHours: c.remainingHours,
    state: riskState(c.state),
    categoryBreachRate: smoothedRate(c.categoryId === null ? undefined : model.categories[c.categoryId], model.globalRate),
    officeBreachRate: smoothedRate(c.officeId === null ? undefined : model.offices[c.officeId], model.globalRate),
    officeLoadPerOfficer: c.officeLoadPerOfficer,
    escalationLevel: c.escalationLevel,
    reopenedCount: c.reopenedCount,
  };
}

/** A lifecycle state as the model knows it. */
export function riskState(state: string): RiskState {
  return (RISK_STATES as readonly string[]).includes(state) ? (state as RiskState) : 'other';
}
