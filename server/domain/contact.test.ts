import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { contactLookup, emailIdentityKey, emailLookupKey, maskEmail, maskPhone, parseCnic, parsePhone, parseSignInContact, westernDigits } from './contact.js';

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

describe('parseSignInContact and contactLookup', () => {
  const countries = getCountries().filter((c) => getExampleNumber(c, examples)?.isValid());
  const urdu = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

  it('signs every way of writing a number, from any country, into the same lookup', () => {
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.integer({ min: 0, max: 4 }), (country, style) => {
        const example = getExampleNumber(country, examples)!;
        const written = [example.number, example.formatInternational(), `00${example.number.slice(1)}`, example.formatInternational().replace(/ /g, '-'), urdu(example.number)][style]!;
        const contact = parseSignInContact({ phone: written });
        expect(contact).toEqual({ kind: 'phone', value: example.number, country: expect.any(String), lookup: contactLookup('phone', example.number) });
      }),
      { numRuns: 1000 },
    );
  });

  it('reads Pakistani numbers without +92, as intake does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 349 }), fc.integer({ min: 0, max: 9_999_999 }), (prefix, rest) => {
        const national = `0${prefix}${String(rest).padStart(7, '0')}`;
        const parsed = parsePhone(national);
        const contact = parseSignInContact({ phone: national });
        if (parsed) expect(contact).toMatchObject({ kind: 'phone', value: parsed.e164, lookup: parsed.e164, country: 'PK' });
        else expect(contact).toMatchObject({ pointer: '/phone' });
      }),
    );
  });

  it('matches e-mail addresses whatever their case and surrounding spaces', () => {
    fc.assert(
      fc.property(fc.emailAddress().filter((e) => e.length <= 254), fc.boolean(), (email, upper) => {
        const written = ` ${upper ? email.toUpperCase() : email} `;
        const contact = parseSignInContact({ email: written });
        expect(contact).toMatchObject({ kind: 'email', lookup: contactLookup('email', emailLookupKey(email)) });
      }),
    );
  });

  it('asks for exactly one of phone and e-mail, and never throws', () => {
    expect(parseSignInContact({})).toEqual({ pointer: '/phone', detail: expect.any(String) });
    expect(parseSignInContact({ phone: '03001234567', email: 'a@b.pk' })).toEqual({ pointer: '/email', detail: expect.stringContaining('not both') });
    expect(parseSignInContact({ email: 'not-an-address' })).toEqual({ pointer: '/email', detail: expect.any(String) });
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), fc.option(fc.string({ maxLength: 60 }), { nil: undefined }), (phone, email) => {
        const contact = parseSignInContact({ phone, email });
        if ('kind' in contact) expect(contact.lookup.length).toBeGreaterThan(0);
        else expect(['/phone', '/email']).toContain(contact.pointer);
      }),
    );
  });

  it('is the normalised value the blind index is computed over', () => {
    expect(contactLookup('phone', '+923001234567')).toBe('+923001234567');
    expect(contactLookup('email', emailLookupKey(' Citizen@Example.PK '))).toBe('citizen@example.pk');
  });
});

describe('westernDigits and maskEmail', () => {
  it('reads Urdu and Arabic digits as 0-9 and leaves the rest', () => {
    expect(westernDigits('۰۳۰۰-١٢٣ abc')).toBe('0300-123 abc');
  });

  it('hides most of an address', () => {
    expect(maskEmail('citizen@example.pk')).toBe('c***@example.pk');
  });
});
