import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPairs, PAIRS_SEED } from '../bench/lib/duplicate-pairs.js';
import { DUPLICATE_THRESHOLD, duplicateScore, type DuplicateSide } from '../server/domain/duplicates/duplicate-score.js';
import { textFingerprint } from '../server/domain/duplicates/similarity.js';
import { projectPath } from '../server/paths.js';

// Real texts and places from ../shared/data (see bench/lib/duplicate-pairs.ts); the pairs of `npm run bench:duplicates`.
const DATA = projectPath('../shared/data');

describe('duplicate detection on the held-out labelled pairs (real texts, seed of the published figures)', () => {
  it('keeps precision and recall at the product threshold above the floors set a little below the measured figures', () => {
    expect(existsSync(DATA)).toBe(true);
    const pairs = buildPairs(DATA, { seed: PAIRS_SEED }).filter((p) => p.split === 'held-out');
    const side = (s: (typeof pairs)[number]['a']): DuplicateSide => ({ text: textFingerprint(s.text), place: s.place, at: s.at });
    const judged = pairs.map((p) => ({ ...p, said: duplicateScore(side(p.a), side(p.b)) >= DUPLICATE_THRESHOLD }));
    const tp = judged.filter((p) => p.said && p.duplicate).length;
    const fp = judged.filter((p) => p.said && !p.duplicate).length;
    const fn = judged.filter((p) => !p.said && p.duplicate).length;
    expect(tp + fn).toBeGreaterThan(800);
    // Measured 2026-11-29: precision 0.965, recall 0.974 (bench/README.md).
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.94);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.95);
    // The same text elsewhere or months later is never offered, however alike the words.
    const elsewhere = judged.filter((p) => ['same-text-other-district', 'same-template-other-town', 'same-text-months-later'].includes(p.type));
    expect(elsewhere.length).toBeGreaterThan(1500);
    expect(elsewhere.filter((p) => p.said)).toEqual([]);
  }, 120_000);
});
