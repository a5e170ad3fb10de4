import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('the routing classifier settings', () => {
  it('default to a 0.6 threshold and a weekly retraining (Sundays 03:00 Pakistan time)', () => {
    expect(loadConfig({}).routing).toEqual({ minConfidence: 0.6, retrainCron: '0 3 * * 0', retrainMinExamples: 200, retrainHashBits: 16 });
  });

  it('read any threshold from 0 to 1 as the number written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (thousandths) => {
        const text = thousandths === 1000 ? '1' : `0.${String(thousandths).padStart(3, '0')}`;
        expect(loadConfig({ EKHTYAR_ROUTING_MIN_CONFIDENCE: text }).routing.minConfidence).toBeCloseTo(thousandths / 1000, 10);
      }),
    );
  });

  it('name EKHTYAR_ROUTING_MIN_CONFIDENCE for anything that is not a number from 0 to 1', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (text) => {
        fc.pre(text.trim() !== '' && !(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(text.trim())));
        expect(() => loadConfig({ EKHTYAR_ROUTING_MIN_CONFIDENCE: text })).toThrow(/EKHTYAR_ROUTING_MIN_CONFIDENCE=.* must be a number from 0 to 1/);
      }),
    );
    for (const bad of ['60%', '1.5', '-0.1', 'high', '0,6', 'NaN', 'Infinity']) expect(() => loadConfig({ EKHTYAR_ROUTING_MIN_CONFIDENCE: bad }), bad).toThrow(/EKHTYAR_ROUTING_MIN_CONFIDENCE/);
  });

  it('take a five-field cron expression or off, and name anything else', () => {
    expect(loadConfig({ EKHTYAR_RETRAIN_CRON: '30 2 * * 1-5' }).routing.retrainCron).toBe('30 2 * * 1-5');
    expect(loadConfig({ EKHTYAR_RETRAIN_CRON: 'off' }).routing.retrainCron).toBeNull();
    for (const bad of ['weekly', '0 3 * *', '0 3 * * 0 *', '0 3 * * ; rm']) expect(() => loadConfig({ EKHTYAR_RETRAIN_CRON: bad }), bad).toThrow(/EKHTYAR_RETRAIN_CRON/);
    expect(() => loadConfig({ EKHTYAR_RETRAIN_MIN_EXAMPLES: '5', EKHTYAR_RETRAIN_HASH_BITS: '30' })).toThrow(/EKHTYAR_RETRAIN_MIN_EXAMPLES[\s\S]*EKHTYAR_RETRAIN_HASH_BITS/);
  });
});
