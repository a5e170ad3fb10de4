import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { emailIdentityKey, maskPhone, parseCnic, parsePhone } from './contact.js';

describe('parsePhone', () => {
  it.each([
    ['0300 1234567', '+923001234567', 'PK'],
    ['03001234567', '+923001234567', 'PK'],
    ['+92 300 1234567', '+923001234567', 'PK'],
    ['0092-300-1234567', '+923001234567', 'PK'],
    ['+971 50 123 4567', '+971501234567', 'AE'],
    ['00966 50 123 4567', '+966501234567', 'SA'],
    ['091 9212345', '+92919212345', 'PK'],
  ])('reads %s as %s', (input, e164, country) => {
    expect(parsePhone(input)).toEqual({ e164, country });
  });

  it.each(['12', '0300', 'not a number', '+0000000000', ''])('refuses %j', (input) => {
    expect(parsePhone(input)).toBeNull();
  });

  it('never throws, and whatever it accepts is E.164', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (input) => {
      const parsed = parsePhone(input);
      if (parsed) expect(parsed.e164).toMatch(/^\+[1-9]\d{6,14}$/);
    }));
  });

  it('is stable: parsing its own output gives the same number', () => {
    fc.assert(fc.property(fc.stringMatching(/^03[0-4]\d{8}$/), (input) => {
      const parsed = parsePhone(input);
      if (parsed) expect(parsePhone(parsed.e164)?.e164).toBe(parsed.e164);
    }));
  });
});

describe('the Pakistani mobile fast path', () => {
  it('agrees with the full libphonenumber metadata on every 03XX number it could see', () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 349 }), fc.integer({ min: 0, max: 9_999_999 }), fc.constantFrom('0', '+92', '0092', ''), fc.constantFrom('', ' ', '-'), (prefix, rest, lead, sep) => {
        const input = `${lead}${prefix}${sep}${String(rest).padStart(7, '0')}`;
        const full = parsePhoneNumberFromString(input.replace(/^00/, '+'), 'PK');
        const expected = full?.isValid() ? { e164: full.number, country: full.country ?? null } : null;
        expect(parsePhone(input)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('maskPhone', () => {
  it('hides the middle of a number', () => {
    expect(maskPhone('+923001234567')).toBe('+92300*****67');
  });
});

describe('parseCnic', () => {
  it.each([
    ['17301-1234567-1', '1730112345671'],
    ['1730112345671', '1730112345671'],
    [' 17301 1234567 1 ', '1730112345671'],
  ])('reads %j as %s', (input, digits) => {
    expect(parseCnic(input)).toBe(digits);
  });

  it.each(['17301-1234567', '17301-1234567-12', 'ABCDE-1234567-1', '', '1'.repeat(50)])('refuses %j', (input) => {
    expect(parseCnic(input)).toBeNull();
  });

  it('accepts exactly the inputs that are 13 digits once separators go, and returns those digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 45 }), (input) => {
        const parsed = parseCnic(input);
        const digits = input.trim().replace(/[\s.-]/g, '');
        expect(parsed).toBe(input.length <= 40 && /^\d{13}$/.test(digits) ? digits : null);
      }),
    );
  });
});

describe('emailIdentityKey (counting one person once)', () => {
  it('ignores case, +tags and Gmail dots', () => {
    expect(emailIdentityKey(' Ayesha.Khan+complaints@GMail.com ')).toBe('ayeshakhan@gmail.com');
    expect(emailIdentityKey('a.y.e.s.h.a.khan@googlemail.com')).toBe('ayeshakhan@gmail.com');
    expect(emailIdentityKey('first.last+x@example.pk')).toBe('first.last@example.pk');
    expect(emailIdentityKey('+tagonly@example.pk')).toBe('+tagonly@example.pk');
  });

  it('is idempotent, and every +tag of an address counts as the address', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.stringMatching(/^[a-z0-9]{1,8}$/), (email, tag) => {
        const key = emailIdentityKey(email);
        expect(emailIdentityKey(key)).toBe(key);
        const at = email.lastIndexOf('@');
        const local = email.slice(0, at);
        if (!local.includes('+')) expect(emailIdentityKey(`${local}+${tag}${email.slice(at)}`)).toBe(key);
      }),
    );
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(typeof emailIdentityKey(text)).toBe('string');
      }),
    );
  });
});
