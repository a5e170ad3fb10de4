import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseCategory, choiceDetails, type ModelGuess } from './category-choice.js';
import type { CategoryGuess } from './category-matcher.js';

const categoryId = fc.constantFrom('garbage-not-collected', 'power-outage', 'police-inaction', 'teacher-absent');
const modelGuess: fc.Arbitrary<ModelGuess> = fc.record({ categoryId, confidence: fc.double({ min: 0, max: 1, noNaN: true }), modelVersion: fc.integer({ min: 1, max: 1000 }) });
const keywordGuess: fc.Arbitrary<CategoryGuess> = fc.record({ categoryId, score: fc.integer({ min: 1, max: 10 }), matched: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 3 }) });
const threshold = fc.double({ min: 0, max: 1, noNaN: true });
const FALLBACK = 'fallback-category';

describe('chooseCategory', () => {
  it('without a model, chooses exactly as the keyword routing did: the keywords, else the fallback in triage as category_unclear', () => {
    fc.assert(
      fc.property(fc.option(keywordGuess, { nil: null }), threshold, (keywords, min) => {
        const choice = chooseCategory(null, keywords, min, FALLBACK);
        expect(choice).toEqual(keywords ? { categoryId: keywords.categoryId, by: 'keywords', triageReason: null, keywords: keywords.matched, model: null } : { categoryId: FALLBACK, by: 'fallback', triageReason: 'category_unclear', keywords: null, model: null });
        expect(choiceDetails(choice)).toEqual({});
      }),
    );
  });

  it('takes the model’s category when it is at least as sure as the threshold, whatever the keywords say', () => {
    fc.assert(
      fc.property(modelGuess, fc.option(keywordGuess, { nil: null }), threshold, (model, keywords, min) => {
        fc.pre(model.confidence >= min);
        expect(chooseCategory(model, keywords, min, FALLBACK)).toMatchObject({ categoryId: model.categoryId, by: 'model', triageReason: null });
      }),
    );
  });

  it('below the threshold, falls back to the keywords, else to triage as low_confidence under the model’s category; the event records the model either way', () => {
    fc.assert(
      fc.property(modelGuess, fc.option(keywordGuess, { nil: null }), threshold, (model, keywords, min) => {
        fc.pre(model.confidence < min);
        const choice = chooseCategory(model, keywords, min, FALLBACK);
        if (keywords) expect(choice).toMatchObject({ categoryId: keywords.categoryId, by: 'keywords', triageReason: null });
        else expect(choice).toMatchObject({ categoryId: model.categoryId, by: 'fallback', triageReason: 'low_confidence' });
        expect(choiceDetails(choice)).toMatchObject({ categoryChosenBy: choice.by, modelVersion: model.modelVersion, modelCategoryId: model.categoryId });
        expect(Math.abs((choiceDetails(choice).modelConfidence as number) - model.confidence)).toBeLessThanOrEqual(0.0005);
      }),
    );
  });
});
