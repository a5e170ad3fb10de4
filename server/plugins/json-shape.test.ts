import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceededLimit, measureJson, type JsonShape } from './json-shape.js';

// The shape computed from the parsed value: what measureJson must find in the text.
function reference(value: unknown, level = 0): JsonShape {
  if (value === null || typeof value !== 'object') return { depth: level, members: 0 };
  const children = Array.isArray(value) ? value : Object.values(value);
  let depth = level + 1;
  let members = 1 + Math.max(0, children.length - 1);
  for (const child of children) {
    const shape = reference(child, level + 1);
    depth = Math.max(depth, shape.depth);
    members += shape.members;
  }
  return { depth, members };
}

describe('measuring JSON without parsing it', () => {
  it('finds the depth and members of any JSON value, however it is laid out', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        expect(measureJson(JSON.stringify(value, null, indent))).toEqual(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('is not fooled by brackets, commas, quotes and backslashes inside strings', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('{', '[', ',', '"', '\\', ']', '}', 'a') }), { maxLength: 6 }), (strings) => {
        expect(measureJson(JSON.stringify(strings))).toEqual({ depth: 1, members: 1 + Math.max(0, strings.length - 1) });
      }),
    );
  });

  it('never throws on text that is not JSON, and stops once over a limit', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      const shape = measureJson(text);
      expect(shape.depth).toBeGreaterThanOrEqual(0);
      expect(shape.members).toBeGreaterThanOrEqual(0);
    }));
    const deep = '['.repeat(1_000_000);
    expect(measureJson(deep, { depth: 32, members: 10_000 }).depth).toBe(33);
    expect(exceededLimit(measureJson(deep), { depth: 32, members: 10_000 })).toBe('depth');
    expect(exceededLimit(measureJson(`[${'1,'.repeat(20_000)}1]`), { depth: 32, members: 10_000 })).toBe('members');
  });

  it('skips a long string (a photo in base64) quickly', () => {
    const body = JSON.stringify({ photos: [{ data: 'A'.repeat(14_000_000) }] });
    const started = performance.now();
    expect(measureJson(body)).toEqual({ depth: 3, members: 3 });
    expect(performance.now() - started).toBeLessThan(200);
  });
});
