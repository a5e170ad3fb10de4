import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation } from './evaluation.js';
import { C_GRID, DEFAULT_TRAIN, type LabelledText, predict, scores, stratifiedFolds, stratifiedSplit, train, TrainingDataError, trainWithSelection } from './linear-model.js';
import { ModelFileError, parseModel, serialiseModel } from './model-file.js';

// Small hash space: the tests stay fast and light.
const SMALL = { features: { hashBits: 16, charMin: 2, charMax: 5 } };

const WATER = ['no water in our street for three days', 'pani nahi aa raha bohat din se', 'ہمارے محلے میں پانی نہیں آ رہا', 'the water supply pipe is broken', 'nalka toot gaya pani zaya ho raha hai', 'پانی کی پائپ لائن پھٹ گئی ہے', 'dirty water from the tap', 'زموږ په کلي کې اوبه نشته'];
const POWER = ['electricity has been off since morning', 'bijli nahi hai kal se', 'بجلی صبح سے بند ہے', 'the transformer burnt out last night', 'light chali gayi aur wapis nahi aayi', 'ٹرانسفارمر جل گیا ہے', 'power cuts every evening in our area', 'بریښنا درې ورځې کېږي چې نشته'];
const TOY: LabelledText[] = [...WATER.map((text) => ({ text, label: 'water' })), ...POWER.map((text) => ({ text, label: 'electricity' }))];
const TOY3: LabelledText[] = [...TOY, ...['garbage not collected for a week', 'kachra nahi uthaya gaya', 'کوڑا کئی دنوں سے نہیں اٹھایا گیا', 'the bins are overflowing'].map((text) => ({ text, label: 'sanitation' }))];

describe('train and predict', () => {
  it('learns a separable set in several languages and scripts', () => {
    const model = train(TOY3, SMALL);
    expect(model.labels).toEqual(['electricity', 'sanitation', 'water']);
    for (const e of TOY3) expect(predict(model, e.text).label).toBe(e.label);
    expect(predict(model, 'paani ki supply band hai').label).toBe('water');
    expect(predict(model, 'بجلی نہیں ہے').label).toBe('electricity');
    expect(predict(model, 'garbage everywhere, bins overflowing').label).toBe('sanitation');
  });

  it('gives a confidence between 0 and 1, higher on a training text than on an unrelated one', () => {
    const model = train(TOY, SMALL);
    const known = predict(model, WATER[0] as string);
    const unknown = predict(model, 'zzz qqq');
    expect(known.confidence).toBeGreaterThan(0.5);
    expect(known.confidence).toBeLessThanOrEqual(1);
    expect(unknown.confidence).toBeLessThan(known.confidence);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const p = predict(model, text);
        expect(p.confidence).toBeGreaterThanOrEqual(0.5); // two labels: the best is at least even
        expect(p.confidence).toBeLessThanOrEqual(1);
        expect(model.labels).toContain(p.label);
      }),
      { numRuns: 200 },
    );
  });

  it('is repeatable: the same examples give the same model', () => {
    const a = train(TOY3, SMALL);
    const b = train(TOY3, SMALL);
    expect(serialiseModel(a, new Date(0))).toBe(serialiseModel(b, new Date(0)));
  });

  it('refuses a label with one example, and fewer than two labels', () => {
    expect(() => train([...TOY, { text: 'a road is broken', label: 'roads' }], SMALL)).toThrow(new TrainingDataError('each label needs at least two examples; this label has one: "roads"'));
    expect(() => train(WATER.map((text) => ({ text, label: 'water' })), SMALL)).toThrow(/at least two labels; the examples have only "water"/);
    expect(() => train([], SMALL)).toThrow(/the examples have none/);
  });
});

describe('model selection by cross-validation', () => {
  it('chooses C (and the naive Bayes blend) from the grids by the best out-of-fold macro-F1, the earliest on a tie', () => {
    const { model, selection } = trainWithSelection(TOY3, SMALL);
    expect(selection).not.toBeNull();
    const found = selection!;
    expect(found.folds).toBe(DEFAULT_TRAIN.folds);
    // Every C with the SVM alone, then every C with every NB weight and α.
    expect(found.candidates).toHaveLength(C_GRID.length * (1 + DEFAULT_TRAIN.nbWeightGrid.length * DEFAULT_TRAIN.nbAlphaGrid.length));
    expect(found.candidates.filter((c) => c.nbWeight === 0).map((c) => c.c)).toEqual([...C_GRID]);
    expect(C_GRID).toContain(found.chosen.c);
    expect(model.c).toBe(found.chosen.c);
    expect(model.nbWeight).toBe(found.chosen.nbWeight);
    const best = Math.max(...found.candidates.map((c) => c.macroF1));
    const first = found.candidates.find((c) => c.macroF1 === best)!;
    expect(found.chosen).toEqual({ c: first.c, nbWeight: first.nbWeight, nbAlpha: first.nbAlpha });
    expect(found.outOfFold).toHaveLength(TOY3.length);
  });

  it('is deterministic: the same examples give the same choice, the same scores and the same model file', () => {
    const a = trainWithSelection(TOY3, { ...SMALL, cGrid: [0.1, 1, 10] });
    const b = trainWithSelection(TOY3, { ...SMALL, cGrid: [10, 1, 0.1] }); // the grid's order does not matter
    expect(b.selection!.candidates).toEqual(a.selection!.candidates);
    expect(b.selection!.chosen).toEqual(a.selection!.chosen);
    expect([0.1, 1, 10]).toContain(a.model.c);
    expect(serialiseModel(b.model, new Date(0))).toBe(serialiseModel(a.model, new Date(0)));
  });

  it('uses a given C as it is, without cross-validation, and the SVM alone unless a blend is asked for', () => {
    const { model, selection } = trainWithSelection(TOY3, { ...SMALL, c: 3 });
    expect(selection).toBeNull();
    expect(model.c).toBe(3);
    expect(model.nbWeight).toBe(0);
    expect(trainWithSelection(TOY3, { ...SMALL, cGrid: [] }).selection).toBeNull();
  });

  it('cross-validates on a stratified sample when the examples are more than selectionSample', () => {
    const { model, selection } = trainWithSelection(TOY3, { ...SMALL, selectionSample: 10 });
    expect(selection!.outOfFold).toHaveLength(10);
    expect(model.trainedOn).toBe(TOY3.length);
  });

  it('folds the naive Bayes blend into the weights: scores move, and the file keeps the blend and the predictions', () => {
    const svm = train(TOY3, { ...SMALL, c: 1 });
    const blended = train(TOY3, { ...SMALL, c: 1, nbWeight: 1, nbAlpha: 0.1 });
    expect(Array.from(scores(blended, 'pani nahi hai'))).not.toEqual(Array.from(scores(svm, 'pani nahi hai')));
    for (const e of TOY3) expect(predict(blended, e.text).label).toBe(e.label);
    const loaded = parseModel(serialiseModel(blended));
    expect([loaded.nbWeight, loaded.nbAlpha]).toEqual([1, 0.1]);
    expect(predict(loaded, 'bijli nahi hai')).toEqual(predict(blended, 'bijli nahi hai'));
  });

  it('reads a version 1 file written before the blend was recorded', () => {
    const json = JSON.parse(serialiseModel(train(TOY, { ...SMALL, c: 1 }))) as { hyperParameters: Record<string, unknown> };
    delete json.hyperParameters.nbWeight;
    delete json.hyperParameters.nbAlpha;
    const loaded = parseModel(JSON.stringify(json));
    expect(loaded.nbWeight).toBe(0);
    expect(predict(loaded, WATER[0] as string).label).toBe('water');
  });

  it('balanced class weights favour a rare label', () => {
    const rare: LabelledText[] = [...WATER.map((text) => ({ text, label: 'water' })), ...POWER.slice(0, 2).map((text) => ({ text, label: 'electricity' }))];
    const text = 'the power and the water are both off';
    const plain = train(rare, { ...SMALL, c: 1 });
    const balanced = train(rare, { ...SMALL, c: 1, balanced: true });
    const margin = (m: typeof plain) => {
      const s = scores(m, text);
      return (s[m.labels.indexOf('electricity')] as number) - (s[m.labels.indexOf('water')] as number);
    };
    expect(margin(balanced)).toBeGreaterThan(margin(plain));
  });
});

describe('stratifiedFolds', () => {
  it('puts every example in one fold, each label spread evenly, the same way for the same seed', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 2, maxLength: 200 }), fc.integer({ min: 2, max: 10 }), fc.integer(), (labels, folds, seed) => {
        const fold = stratifiedFolds(labels, folds, seed);
        expect(fold).toHaveLength(labels.length);
        expect(Array.from(fold).every((f) => f >= 0 && f < folds)).toBe(true);
        for (const label of new Set(labels)) {
          const sizes = Array.from({ length: folds }, (_, f) => labels.filter((l, i) => l === label && fold[i] === f).length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        }
        expect(stratifiedFolds(labels, folds, seed)).toEqual(fold);
      }),
      { numRuns: 100 },
    );
  });
});

describe('model file', () => {
  it('round-trips: a loaded model gives the same scores and predictions', () => {
    const model = train(TOY3, SMALL);
    const loaded = parseModel(serialiseModel(model));
    expect(loaded.labels).toEqual(model.labels);
    expect(loaded.temperature).toBe(model.temperature);
    for (const text of [...WATER, ...POWER, 'anything else', '']) {
      expect(Array.from(scores(loaded, text))).toEqual(Array.from(scores(model, text)));
      expect(predict(loaded, text)).toEqual(predict(model, text));
    }
  });

  it('refuses another format version, another format, and damage', () => {
    const json = JSON.parse(serialiseModel(train(TOY, SMALL))) as Record<string, unknown>;
    expect(() => parseModel(JSON.stringify({ ...json, formatVersion: 2 }))).toThrow(new ModelFileError('the model file is format version 2; this Ekhtyar reads version 1: retrain the model with this version'));
    expect(() => parseModel(JSON.stringify({ ...json, format: 'other' }))).toThrow(/not an Ekhtyar classifier model/);
    expect(() => parseModel('{"format": ')).toThrow(/not JSON/);
    expect(() => parseModel(JSON.stringify({ ...json, bias: 'AAAA' }))).toThrow(/damaged/);
    expect(() => parseModel(JSON.stringify({ ...json, labels: ['one'] }))).toThrow(/damaged/);
  });
});

describe('stratifiedSplit', () => {
  it('holds out a share of every label and keeps at least one of each in training', () => {
    const [fit, held] = stratifiedSplit(TOY3, 0.25, 1);
    expect(fit.length + held.length).toBe(TOY3.length);
    expect(held.filter((e) => e.label === 'water')).toHaveLength(2);
    expect(held.filter((e) => e.label === 'sanitation')).toHaveLength(1);
    const [fit2] = stratifiedSplit([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }], 0.9, 1);
    expect(fit2).toHaveLength(1);
  });
});

describe('evaluate', () => {
  it('computes accuracy, macro-F1 and the confusion matrix as sklearn does', () => {
    // sklearn: f1_score(['a','a','b','b','c'], ['a','b','b','b','a'], average='macro') = (0.5 + 0.8 + 0) / 3
    const e = evaluate(['a', 'a', 'b', 'b', 'c'], ['a', 'b', 'b', 'b', 'a']);
    expect(e.accuracy).toBeCloseTo(0.6);
    expect(e.macroF1).toBeCloseTo(1.3 / 3);
    expect(e.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    const text = formatEvaluation(e);
    expect(text).toContain('accuracy  60.0%');
    expect(text).toContain('macro-F1  0.4333');
  });

  it('scores perfect predictions 1 and keeps counts whole', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 50 }), fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 50, maxLength: 50 }), (truth, guesses) => {
        expect(evaluate(truth, truth).macroF1).toBe(1);
        const e = evaluate(truth, guesses.slice(0, truth.length));
        expect(e.confusion.flat().reduce((a, x) => a + x, 0)).toBe(truth.length);
        expect(e.macroF1).toBeGreaterThanOrEqual(0);
        expect(e.macroF1).toBeLessThanOrEqual(1);
      }),
    );
  });
});
