import { describe, expect, it } from 'vitest';
import { randomBytesPooled } from './random.js';

describe('randomBytesPooled', () => {
  it('never hands out the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(randomBytesPooled(16).toString('hex'));
    expect(seen.size).toBe(2000);
  });

  it('keeps earlier bytes unchanged when the pool is replaced', () => {
    const first = randomBytesPooled(32);
    const copy = Buffer.from(first);
    for (let i = 0; i < 500; i++) randomBytesPooled(64);
    expect(first.equals(copy)).toBe(true);
  });

  it('serves requests larger than the pool', () => {
    expect(randomBytesPooled(10_000)).toHaveLength(10_000);
  });
});
