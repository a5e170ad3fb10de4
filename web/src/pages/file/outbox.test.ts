import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dequeue, enqueue, readOutbox, type KeyValueStore } from './outbox.js';

function memoryStore(limit = Infinity): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (v.length > limit) throw new Error('QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
}

const body = (description: string) => ({ categoryId: 'c', description, language: 'en' as const, channel: 'web' as const, officeUse: '' });

describe('the offline outbox', () => {
  it('keeps each submission once by its key, in order, until it is sent', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('k1', 'k2', 'k3'), fc.string())), (items) => {
        const store = memoryStore();
        for (const [key, text] of items) enqueue(store, { key, body: body(text), queuedAt: 'now' });
        const kept = readOutbox(store);
        expect(kept.map((q) => q.key).sort()).toEqual([...new Set(items.map(([k]) => k))].sort());
        for (const q of kept) expect(q.body.description).toBe(items.filter(([k]) => k === q.key).at(-1)?.[1]);
        for (const q of kept) dequeue(store, q.key);
        expect(readOutbox(store)).toEqual([]);
        expect(store.map.size).toBe(0);
      }),
    );
  });

  it('says when storage is full, and reads junk as empty', () => {
    const store = memoryStore(50);
    expect(enqueue(store, { key: 'k', body: body('a long description that does not fit'), queuedAt: 'now' })).toBe(false);
    store.map.set('ekhtyar.file.outbox', '{not json');
    expect(readOutbox(store)).toEqual([]);
    store.map.set('ekhtyar.file.outbox', JSON.stringify([{ key: 1 }, null, { key: 'k', body: body('x'), queuedAt: 'now' }]));
    expect(readOutbox(store).map((q) => q.key)).toEqual(['k']);
  });
});
