import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLogistic, sigmoid } from './logistic.js';
import { breachRisk, PRIOR_RISK_MODEL, RISK_FEATURE_SIGNS, RISK_FEATURES, RISK_STATES, smoothedRate, type RiskInput, type RiskModel } from './model.js';
import { fitRiskModel, trainRiskModel, type Episode } from './train.js';

/** A seeded generator (xorshift32), so the histories below are the same every run. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A history where breaching depends on the category and on how far the clock has run, like the real thing. */
function syntheticHistory(seed: number, count: number): Episode[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const category = `c${Math.floor(next() * 4)}`;
    const slow = category === 'c3' ? 0.8 : category === 'c2' ? 0.4 : 0.15;
    const breached = next() < slow;
    const shares = [0, 0.25, 0.5, 0.75].filter((s) => !(breached ? false : next() < s));
    return {
      startedAt: i,
      categoryId: category,
      officeId: `o${i % 3}`,
      escalationLevel: 0,
      reopenedCount: 0,
      breached,
      snapshots: shares.map((s) => ({ slaUsed: s, remainingHours: (1 - s) * 40, state: 'assigned' as const, officeLoadPerOfficer: 2 + next() })),
    };
  });
}

const inputs = fc.record({
  slaUsed: fc.double({ min: -1, max: 3, noNaN: true }),
  remainingHours: fc.double({ min: 0, max: 2000, noNaN: true }),
  state: fc.constantFrom(...RISK_STATES),
  categoryBreachRate: fc.double({ min: 0, max: 1, noNaN: true }),
  officeBreachRate: fc.double({ min: 0, max: 1, noNaN: true }),
  officeLoadPerOfficer: fc.double({ min: 0, max: 500, noNaN: true }),
  escalationLevel: fc.integer({ min: 0, max: 3 }),
  reopenedCount: fc.integer({ min: 0, max: 5 }),
}) satisfies fc.Arbitrary<RiskInput>;

const models = fc.record({
  kind: fc.constant('trained' as const),
  intercept: fc.double({ min: -10, max: 10, noNaN: true }),
  // Any weights that keep the sign constraints the fit keeps.
  weights: fc.tuple(...RISK_FEATURES.map((_, j) => fc.double({ min: RISK_FEATURE_SIGNS[j]! > 0 ? 0 : -5, max: RISK_FEATURE_SIGNS[j]! < 0 ? 0 : 5, noNaN: true }))),
  globalRate: fc.double({ min: 0, max: 1, noNaN: true }),
  categories: fc.constant({}),
  offices: fc.constant({}),
}) satisfies fc.Arbitrary<RiskModel>;

describe('breach risk', () => {
  it('is a probability for any input and any model the fit can produce', () => {
    fc.assert(
      fc.property(models, inputs, (model, input) => {
        const p = breachRisk(model, input);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
      { seed: 29, numRuns: 500 },
    );
  });

  it('never falls as more of the SLA is used and less time is left, the rest held fixed', () => {
    fc.assert(
      fc.property(models, inputs, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true }), (model, input, a, b, budgetHours) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        const at = (used: number) => breachRisk(model, { ...input, slaUsed: used, remainingHours: (1 - used) * budgetHours });
        expect(at(more)).toBeGreaterThanOrEqual(at(less) - 1e-12);
      }),
      { seed: 29, numRuns: 500 },
    );
  });

  it('is certain once the clock has run out', () => {
    fc.assert(
      fc.property(models, inputs, fc.double({ min: 1, max: 10, noNaN: true }), (model, input, used) => {
        expect(breachRisk(model, { ...input, slaUsed: used })).toBe(1);
      }),
      { seed: 29 },
    );
  });

  it('rises with the share of the SLA used in the prior model of a new installation', () => {
    const at = (used: number) => breachRisk(PRIOR_RISK_MODEL, { slaUsed: used, remainingHours: 0, state: 'assigned', categoryBreachRate: 0.2, officeBreachRate: 0.2, officeLoadPerOfficer: 0, escalationLevel: 0, reopenedCount: 0 });
    expect(at(0)).toBeCloseTo(0.1, 1);
    expect(at(0.75)).toBeCloseTo(0.5, 1);
    expect(at(0.9)).toBeGreaterThan(0.6);
  });

  it('shrinks a small category towards the global rate and leaves a large one near its own', () => {
    expect(smoothedRate({ episodes: 2, breaches: 2 }, 0.1)).toBeCloseTo((2 + 20 * 0.1) / 22, 12);
    expect(smoothedRate({ episodes: 2000, breaches: 1000 }, 0.1)).toBeCloseTo(0.5, 2);
    expect(smoothedRate(undefined, 0.3)).toBeCloseTo(0.3, 12);
  });
});

describe('logistic regression', () => {
  it('recovers the coefficients of a known model from seeded draws', () => {
    const next = random(11);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const row = [next() * 4 - 2, next() * 2];
      x.push(row);
      y.push(next() < sigmoid(-0.5 + 1.5 * row[0]! - 2 * row[1]!) ? 1 : 0);
    }
    const fit = fitLogistic(x, y, { l2: 0.01 });
    expect(fit.intercept).toBeCloseTo(-0.5, 1);
    expect(fit.weights[0]).toBeCloseTo(1.5, 1);
    expect(fit.weights[1]).toBeCloseTo(-2, 1);
  });

  it('holds a weight that wants the wrong sign at zero', () => {
    const x = [[0], [1], [2], [3], [0], [1], [2], [3]];
    const y = [1, 1, 0, 0, 1, 0, 0, 0];
    expect(fitLogistic(x, y, { signs: [1] }).weights[0]).toBe(0);
    expect(fitLogistic(x, y).weights[0]).toBeLessThan(0);
  });

  it('gives the same coefficients for the same rows', () => {
    const history = syntheticHistory(3, 400);
    expect(fitRiskModel(history)).toEqual(fitRiskModel(history));
  });
});

describe('training on history', () => {
  it('keeps the prior model when history is thin, and says why', () => {
    const result = trainRiskModel(syntheticHistory(5, 40));
    expect(result.model.kind).toBe('prior');
    expect(result.fallback).toMatch(/fewer than 100/);
    expect(result.heldOut).toBeNull();
  });

  it('learns which categories breach and beats the base rate on the later, held-out episodes', () => {
    const result = trainRiskModel(syntheticHistory(7, 2000));
    expect(result.model.kind).toBe('trained');
    const rate = (c: string) => result.model.categories[c]!.breaches / result.model.categories[c]!.episodes;
    expect(rate('c3')).toBeGreaterThan(rate('c0'));
    expect(result.model.weights[RISK_FEATURES.indexOf('category_rate_logit')]).toBeGreaterThan(0);
    expect(result.heldOut!.brierRatio).toBeLessThan(0.9);
    expect(result.heldOut!.ece).toBeLessThan(0.06);
    expect(result.heldOut!.heldOutEpisodes).toBe(400);
  });
});
