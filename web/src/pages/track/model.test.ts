import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../api.js';
import { isEntry, withEntry } from './model.js';

const entry = (seq: number): TimelineEntry => ({ seq, type: 'update_posted', at: '2026-01-01T00:00:00.000Z', by: 'office', details: {} });

describe('live timeline entries', () => {
  it('adds each entry once, in seq order, whatever order and repeats they come in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 })), (seqs) => {
        const timeline = seqs.reduce((t, seq) => withEntry(t, entry(seq)), [] as TimelineEntry[]);
        expect(timeline.map((e) => e.seq)).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      }),
    );
  });

  it('keeps the same timeline (no re-render) for an entry it already has', () => {
    const timeline = [entry(1), entry(2)];
    expect(withEntry(timeline, entry(2))).toBe(timeline);
  });

  it('accepts only what looks like an entry', () => {
    expect(isEntry(entry(3))).toBe(true);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const ok = isEntry(value);
        if (ok) expect(typeof (value as TimelineEntry).seq).toBe('number');
        return true;
      }),
    );
    for (const bad of [null, 1, 'x', [], { seq: '1', type: 'a', at: 'b', by: 'c', details: {} }, { seq: 1, type: 'a', at: 'b', by: 'c', details: null }]) expect(isEntry(bad)).toBe(false);
  });
});
