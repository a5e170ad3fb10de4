import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { train } from '../classifier/linear-model.js';
import { isNoWorse, newestHeldOut, topLabels, trainableExamples } from './retraining.js';

describe('newestHeldOut', () => {
  it('holds out the newest share, in order, and trains on all the rest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, share) => {
        const { training, heldOut } = newestHeldOut(rows, share);
        expect([...training, ...heldOut]).toEqual(rows);
        expect(heldOut.length).toBe(Math.round(rows.length * share));
      }),
    );
  });
});

describe('trainableExamples', () => {
  it('drops exactly the labels with a single example', () => {
    const kept = trainableExamples([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }, { text: 'c', label: 'y' }]);
    expect(kept.map((e) => e.label)).toEqual(['x', 'x']);
  });
});

describe('topLabels', () => {
  const model = train(
    [
      { text: 'no water in the tap for days', label: 'water' },
      { text: 'the water pipe is broken', label: 'water' },
      { text: 'electricity gone since morning', label: 'power' },
      { text: 'the transformer burnt out, no electricity', label: 'power' },
      { text: 'garbage not collected in the street', label: 'garbage' },
      { text: 'the garbage heap smells', label: 'garbage' },
    ],
    { features: { hashBits: 12, charMin: 2, charMax: 5 } },
  );

  it('ranks every label by confidence, the confidences summing to 1, the first as predict gives it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const ranked = topLabels(model, text, 3);
        expect(ranked.map((r) => r.label).sort()).toEqual(['garbage', 'power', 'water']);
        expect(ranked.reduce((a, r) => a + r.confidence, 0)).toBeCloseTo(1, 6);
        for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.confidence).toBeGreaterThanOrEqual(ranked[i]!.confidence);
      }),
    );
    expect(topLabels(model, 'no electricity at all', 1)[0]!.label).toBe('power');
  });
});

describe('isNoWorse', () => {
  it('promotes when there is no active model, or when the candidate’s macro-F1 is at least the active one’s', () => {
    const e = (macroF1: number) => ({ labels: [], examples: 1, accuracy: 0, macroF1, perLabel: [], confusion: [] });
    expect(isNoWorse(e(0.1), null)).toBe(true);
    expect(isNoWorse(e(0.5), e(0.5))).toBe(true);
    expect(isNoWorse(e(0.49), e(0.5))).toBe(false);
  });
});
