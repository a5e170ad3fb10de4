import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pseudonymOf } from './pseudonym.js';

const secret = randomBytes(32);
const person = (over: Partial<Parameters<typeof pseudonymOf>[1]> = {}) => ({ citizenId: randomUUID(), cnic: null, phone: null, email: null, ...over });

describe('pseudonymOf', () => {
  it('gives one person the same pseudonym on every complaint (same phone, different citizens rows)', () => {
    expect(pseudonymOf(secret, person({ phone: '+923001234567' }))).toBe(pseudonymOf(secret, person({ phone: '+923001234567' })));
    expect(pseudonymOf(secret, person({ phone: '+923001234567' }))).toMatch(/^P-[0-9A-HJKMNP-TV-Z]{16}$/);
  });

  it('prefers the CNIC, then the phone, then the e-mail, then the row id', () => {
    const cnic = pseudonymOf(secret, person({ cnic: '1730112345671', phone: '+923001234567' }));
    expect(cnic).toBe(pseudonymOf(secret, person({ cnic: '1730112345671', email: 'a@b.pk' })));
    expect(pseudonymOf(secret, person({ phone: '+923001234567', email: 'a@b.pk' }))).toBe(pseudonymOf(secret, person({ phone: '+923001234567' })));
    const id = randomUUID();
    expect(pseudonymOf(secret, person({ citizenId: id }))).toBe(pseudonymOf(secret, person({ citizenId: id })));
  });

  it('differs between people and between secrets, and never contains what it was made from', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+92\d{10}$/), fc.stringMatching(/^\+92\d{10}$/), (a, b) => {
        const pa = pseudonymOf(secret, person({ phone: a }));
        if (a !== b) expect(pa).not.toBe(pseudonymOf(secret, person({ phone: b })));
        expect(pa).not.toBe(pseudonymOf(randomBytes(32), person({ phone: a })));
        expect(pa).not.toContain(a.slice(3));
      }),
    );
  });
});
