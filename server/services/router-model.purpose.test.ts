import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryPurpose, urgencyPurpose } from './router-model.service.js';
import type { ReferenceDataService } from './reference-data.service.js';

const CATEGORIES = ['garbage-not-collected', 'power-outage', 'teacher-absent'];
const reference = { current: async () => ({ categories: new Map(CATEGORIES.map((id) => [id, { id }])) }) } as unknown as ReferenceDataService;
const usable = fc.string({ minLength: 1, maxLength: 200 }).filter((l) => l.trim() !== '');

describe('which labels a model may have', () => {
  it('urgency: any label of 1 to 200 characters with something in it, whatever the script', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(usable, fc.constantFrom('NORMAL', 'HIGHLY URGENT', 'فوری', 'عاجل')), { minLength: 1, maxLength: 20 }), async (labels) => {
        expect(await urgencyPurpose.refuseLabels(labels)).toBeNull();
      }),
    );
  });

  it('urgency: refuses a blank label or one longer than the column holds, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(usable, { maxLength: 5 }), fc.oneof(fc.constantFrom('', ' ', '\t\n'), fc.string({ minLength: 201, maxLength: 400 }).filter((l) => l.trim() !== '')), async (good, bad) => {
        const refused = await urgencyPurpose.refuseLabels([...good, bad]);
        expect(refused).toContain(JSON.stringify(bad).slice(0, 50));
      }),
    );
  });

  it('category: accepts category ids and refuses any other label, naming it', async () => {
    const purpose = categoryPurpose(reference);
    await fc.assert(
      fc.asyncProperty(fc.subarray(CATEGORIES, { minLength: 1 }), fc.option(usable.filter((l) => !CATEGORIES.includes(l))), async (known, other) => {
        const refused = await purpose.refuseLabels(other === null ? known : [...known, other]);
        if (other === null) expect(refused).toBeNull();
        else expect(refused).toContain(`not categories: ${JSON.stringify(other)}`);
      }),
    );
  });
});
