import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unstorableText } from './storable-text.js';

// Every string that cannot be stored, found by plain recursion: what the iterative walk must report.
function reference(value: unknown, pointer = ''): string[] {
  const bad = (text: string) => text.includes('\u0000') || /[\uD800-\uDFFF]/u.test(text);
  if (typeof value === 'string') return bad(value) ? [pointer || '/'] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => reference(item, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => {
      const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      return bad(key) ? [at] : reference(child, at);
    });
  }
  return [];
}

describe('text PostgreSQL cannot store', () => {
  it('finds NUL and lone surrogates, with a pointer to each, and nothing else', () => {
    expect(unstorableText({ a: 'fine', b: ['ok', 'n\u0000l'], c: { 'k\u0000': 'x', d: '\uD800' }, e: '😀 پانی' }, '')).toEqual(['/b/1', '/c/k\u0000', '/c/d']);
  });

  it('agrees with a plain recursive search on any value', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\uD800', '\uDC00', '😀', '/', '~'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 6 });
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 4 }), (value, extra) => {
        const combined = { value, extra };
        expect(unstorableText(combined)).toEqual(reference(combined));
      }),
    );
  });

  it('walks a deep nest without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableText(deep)).toHaveLength(1);
  });
});
