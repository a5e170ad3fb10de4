import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc, calibration, expectedCalibrationError, reliabilityTable } from './calibration.js';

const labelled = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 200 });

describe('calibration figures', () => {
  it('AUC is the share of (breached, in time) pairs ranked the right way, ties half', () => {
    fc.assert(
      fc.property(labelled, (pairs) => {
        const p = pairs.map(([v]) => v);
        const y = pairs.map(([, v]) => v);
        let right = 0;
        let total = 0;
        for (let i = 0; i < p.length; i++) for (let j = 0; j < p.length; j++) if (y[i] === 1 && y[j] === 0) {
          total += 1;
          right += p[i]! > p[j]! ? 1 : p[i] === p[j] ? 0.5 : 0;
        }
        const measured = auc(p, y);
        if (total === 0) expect(measured).toBeNull();
        else expect(measured).toBeCloseTo(right / total, 9);
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('ECE lies in [0, 1] and is 0 when each bin forecasts exactly its observed rate', () => {
    fc.assert(
      fc.property(labelled, (pairs) => {
        const ece = expectedCalibrationError(pairs.map(([v]) => v), pairs.map(([, v]) => v));
        expect(ece).toBeGreaterThanOrEqual(0);
        expect(ece).toBeLessThanOrEqual(1);
      }),
      { seed: 17 },
    );
    // 0.25 forecast four times, one breach: perfectly calibrated.
    expect(expectedCalibrationError([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0])).toBeCloseTo(0, 12);
    expect(expectedCalibrationError([0.95, 0.95], [0, 0])).toBeCloseTo(0.95, 12);
  });

  it('scores the base-rate forecast at a Brier ratio of 1 and a perfect one at 0', () => {
    const y = [1, 0, 0, 0, 1, 0, 0, 0];
    expect(calibration(y.map(() => 0.25), y, 0.25).brierRatio).toBeCloseTo(1, 12);
    const perfect = calibration(y.map((v) => v), y, 0.25);
    expect(perfect.brier).toBe(0);
    expect(perfect.brierRatio).toBe(0);
    expect(perfect.auc).toBe(1);
  });

  it('the reliability table covers every forecast once, in rising bands', () => {
    fc.assert(
      fc.property(labelled, (pairs) => {
        const rows = reliabilityTable(pairs.map(([v]) => v), pairs.map(([, v]) => v), 10);
        expect(rows.reduce((s, r) => s + r.count, 0)).toBe(pairs.length);
        rows.forEach((r, i) => {
          expect(r.from).toBeLessThanOrEqual(r.meanPredicted + 1e-12);
          expect(r.meanPredicted).toBeLessThanOrEqual(r.to + 1e-12);
          if (i > 0) expect(r.from).toBeGreaterThanOrEqual(rows[i - 1]!.to);
        });
      }),
      { seed: 17 },
    );
  });
});
