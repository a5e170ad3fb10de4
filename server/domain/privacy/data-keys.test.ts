import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDataKey, generateDataKey, parseDataKeys } from './data-keys.js';

const keyId = fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/);

describe('parseDataKeys', () => {
  it('reads back any list it formats, in order, with commas or new lines and comments', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyId, { minLength: 1, maxLength: 5 }), fc.constantFrom(',', '\n', ' , ', '\n# a comment\n'), (ids, separator) => {
        const keys = ids.map((id) => ({ id, material: randomBytes(32) }));
        const parsed = parseDataKeys(keys.map(formatDataKey).join(separator));
        expect('keys' in parsed && parsed.keys.map((k) => [k.id, k.material.toString('hex')])).toEqual(keys.map((k) => [k.id, k.material.toString('hex')]));
      }),
    );
  });

  it('accepts the URL-safe base64 alphabet and a missing pad', () => {
    const material = Buffer.from('fbff'.repeat(16), 'hex');
    const parsed = parseDataKeys(`k1:${material.toString('base64url')}`);
    expect('keys' in parsed && parsed.keys[0]!.material.equals(material)).toBe(true);
  });

  it.each([
    ['', 'holds no key'],
    ['# only a comment', 'holds no key'],
    ['k1', 'key 1 is not "<key id>:<base64>"'],
    [`bad id:${randomBytes(32).toString('base64')}`, 'key 1 has an id'],
    [`k:1:${randomBytes(32).toString('base64')}`, 'key 1 ("k") is not 32 bytes'],
    [`k1:${randomBytes(16).toString('base64')}`, 'key 1 ("k1") is not 32 bytes'],
    [`k1:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`, 'key 2 ("k1") repeats the id'],
  ])('refuses %j: %s', (text, message) => {
    const parsed = parseDataKeys(text);
    expect('error' in parsed && parsed.error).toContain(message);
  });

  it('never repeats key material in an error, so errors are safe to log', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsed = parseDataKeys(text);
        if ('error' in parsed) {
          for (const entry of text.split(/[,\n]/)) {
            const material = entry.slice(entry.indexOf(':') + 1).trim();
            if (material.length >= 8) expect(parsed.error).not.toContain(material);
          }
        }
      }),
    );
  });

  it('generates keys that parse, with ids that sort by the day they were made', () => {
    const key = generateDataKey(new Date('2026-11-28T10:00:00Z'));
    expect(key.id).toMatch(/^k20261128-[0-9a-f]{4}$/);
    expect(key.material).toHaveLength(32);
    expect(parseDataKeys(formatDataKey(key))).toEqual({ keys: [key] });
  });
});
