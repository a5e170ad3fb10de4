import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataKey } from './data-keys.js';
import { FieldCipher, FieldDecryptError, storedKeyId, type SealedField } from './field-cipher.js';

const key = (id: string): DataKey => ({ id, material: randomBytes(32) });
const k1 = key('k1');
const k2 = key('k2');
const FIELDS: SealedField[] = ['citizens.name', 'citizens.phone', 'citizens.email', 'citizens.cnic', 'citizens.address', 'complaints.address'];

describe('FieldCipher envelopes', () => {
  it('opens whatever it seals, for any text, column and row', () => {
    const cipher = new FieldCipher([k1]);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom(...FIELDS), fc.uuid(), (plain, field, rowId) => {
        const sealed = cipher.seal(field, rowId, plain);
        expect(sealed).toMatch(/^enc:k1:[A-Za-z0-9+/]+=*$/);
        expect(cipher.open(field, rowId, sealed)).toBe(plain);
      }),
    );
  });

  it('seals the same value differently each time (random IV), so equal values do not show', () => {
    const cipher = new FieldCipher([k1]);
    const id = randomUUID();
    expect(cipher.seal('citizens.phone', id, '+923001234567')).not.toBe(cipher.seal('citizens.phone', id, '+923001234567'));
  });

  it('keeps null as null and opens values stored in clear before encryption as they are', () => {
    const cipher = new FieldCipher([k1]);
    expect(cipher.seal('citizens.name', 'x', null)).toBeNull();
    expect(cipher.open('citizens.name', 'x', null)).toBeNull();
    expect(cipher.open('citizens.phone', 'x', '+923001234567')).toBe('+923001234567');
  });

  it('detects any change to a sealed value (the GCM tag), whichever byte is altered', () => {
    const cipher = new FieldCipher([k1]);
    const rowId = randomUUID();
    const sealed = cipher.seal('citizens.email', rowId, 'someone@example.pk')!;
    const body = Buffer.from(sealed.slice('enc:k1:'.length), 'base64');
    fc.assert(
      fc.property(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const altered = Buffer.from(body);
        altered[at] = altered[at]! ^ flip;
        expect(() => cipher.open('citizens.email', rowId, `enc:k1:${altered.toString('base64')}`)).toThrow(FieldDecryptError);
      }),
    );
  });

  it('refuses a value copied to another row or another column', () => {
    const cipher = new FieldCipher([k1]);
    const sealed = cipher.seal('citizens.phone', 'row-a', '+923001234567');
    expect(() => cipher.open('citizens.phone', 'row-b', sealed)).toThrow(/fails authentication/);
    expect(() => cipher.open('citizens.name', 'row-a', sealed)).toThrow(/fails authentication/);
  });

  it('refuses a value under a key id it does not hold, naming the id, and one under the wrong key of that id', () => {
    const sealed = new FieldCipher([k2]).seal('citizens.name', 'r', 'Amina Bibi');
    expect(() => new FieldCipher([k1]).open('citizens.name', 'r', sealed)).toThrow(/key "k2", which is not configured/);
    expect(() => new FieldCipher([key('k2')]).open('citizens.name', 'r', sealed)).toThrow(/fails authentication/);
    expect(() => new FieldCipher([k1]).open('citizens.name', 'r', 'enc:k1:')).toThrow(/not a well-formed envelope/);
    expect(() => new FieldCipher([k1]).open('citizens.name', 'r', 'enc:nokeyid')).toThrow(FieldDecryptError);
  });

  it('seals under the first key and still opens values sealed under an older one', () => {
    const before = new FieldCipher([k1]);
    const after = new FieldCipher([k2, k1]);
    const old = before.seal('citizens.address', 'r', 'House 12, Street 4, Hayatabad');
    expect(after.currentKeyId).toBe('k2');
    expect(after.open('citizens.address', 'r', old)).toBe('House 12, Street 4, Hayatabad');
    expect(storedKeyId(after.seal('citizens.address', 'r', 'x'))).toBe('k2');
    expect(storedKeyId(old)).toBe('k1');
    expect(storedKeyId('plain text')).toBeNull();
  });

  it('reads its key file again when it meets a key id it does not hold (a rotation while it runs)', () => {
    let file: DataKey[] = [k1];
    const cipher = new FieldCipher(file, () => file);
    file = [k2, k1];
    const sealed = new FieldCipher([k2]).seal('citizens.name', 'r', 'Gul Khan');
    expect(cipher.open('citizens.name', 'r', sealed)).toBe('Gul Khan');
    expect(cipher.currentKeyId).toBe('k2');
  });
});

describe('FieldCipher blind indexes', () => {
  it('gives one value one index under a key, different ones for other values, kinds and keys', () => {
    const cipher = new FieldCipher([k1]);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.string({ minLength: 1, maxLength: 60 }), (a, b) => {
        expect(cipher.lookup('phone', a)).toBe(cipher.lookup('phone', a));
        expect(cipher.lookup('phone', a)).toMatch(/^idx:k1:[A-Za-z0-9_-]{43}$/);
        if (a !== b) expect(cipher.lookup('phone', a)).not.toBe(cipher.lookup('phone', b));
        expect(cipher.lookup('phone', a)).not.toBe(cipher.lookup('email', a));
      }),
    );
    expect(new FieldCipher([{ id: 'k1', material: randomBytes(32) }]).lookup('phone', '+923001234567')).not.toBe(cipher.lookup('phone', '+923001234567'));
  });

  it('never contains the value it indexes', () => {
    const cipher = new FieldCipher([k1]);
    expect(cipher.lookup('email', 'someone@example.pk')).not.toContain('someone');
  });

  it('searches under every key held and the clear value of rows not yet rotated', () => {
    const cipher = new FieldCipher([k2, k1]);
    const candidates = cipher.lookupCandidates('cnic', '1730112345671');
    expect(candidates).toEqual([cipher.lookup('cnic', '1730112345671'), new FieldCipher([k1]).lookup('cnic', '1730112345671'), '1730112345671']);
    expect(cipher.lookupCandidates('cnic', null)).toEqual([]);
  });

  it('gives each key a fingerprint that identifies it without revealing it', () => {
    const [a] = new FieldCipher([k1]).fingerprints();
    expect(a!.id).toBe('k1');
    expect(a!.fingerprint.equals(new FieldCipher([k1]).fingerprints()[0]!.fingerprint)).toBe(true);
    expect(a!.fingerprint.equals(new FieldCipher([{ id: 'k1', material: randomBytes(32) }]).fingerprints()[0]!.fingerprint)).toBe(false);
    expect(k1.material.includes(a!.fingerprint)).toBe(false);
  });
});
