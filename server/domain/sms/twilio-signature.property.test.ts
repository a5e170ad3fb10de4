import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInboundSms } from './inbound-sms.js';
import { twilioSignature, verifyTwilioSignature } from './twilio-signature.js';

// Twilio's worked example (https://www.twilio.com/docs/usage/security#validating-requests): auth token 12345.
const EXAMPLE_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const EXAMPLE_PARAMS = [
  ['CallSid', 'CA1234567890ABCDE'],
  ['Caller', '+12349013030'],
  ['Digits', '1234'],
  ['From', '+12349013030'],
  ['To', '+18005551212'],
] as const;
const EXAMPLE_SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

/** The documented algorithm written out again, independently: names sorted, each name then its value, after the URL. */
const reference = (url: string, params: [string, string][], token: string) => {
  const byName = Object.fromEntries(params);
  const data = Object.keys(byName)
    .sort()
    .reduce((acc, name) => acc + name + byName[name], url);
  return createHmac('sha1', token).update(Buffer.from(data, 'utf8')).digest('base64');
};

const param = fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/), fc.string({ unit: 'grapheme', maxLength: 40 }));
// Distinct names (the reference keeps one value a name); repeated names are covered by the worked example's order test.
const params = fc.uniqueArray(param, { selector: ([name]) => name, maxLength: 12 });
const url = fc.webUrl({ withQueryParameters: true });
const token = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });

describe('Twilio request signature', () => {
  it("reproduces Twilio's worked example, whatever order the parameters arrive in", () => {
    expect(twilioSignature(EXAMPLE_URL, EXAMPLE_PARAMS, '12345')).toBe(EXAMPLE_SIGNATURE);
    expect(twilioSignature(EXAMPLE_URL, [...EXAMPLE_PARAMS].reverse(), '12345')).toBe(EXAMPLE_SIGNATURE);
    expect(verifyTwilioSignature(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, '12345')).toBe('valid');
    expect(verifyTwilioSignature(EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, '12346')).toBe('invalid');
    expect(verifyTwilioSignature(`${EXAMPLE_URL}&baz=3`, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, '12345')).toBe('invalid');
  });

  it('accepts the signature the documented algorithm gives, for any URL and parameters', () => {
    fc.assert(fc.property(url, params, token, (u, p, t) => verifyTwilioSignature(u, p, reference(u, p, t), t) === 'valid'));
  });

  it('refuses the signature of any other URL, parameters or token', () => {
    fc.assert(
      fc.property(url, params, token, url, params, token, (u, p, t, u2, p2, t2) => {
        fc.pre(reference(u, p, t) !== reference(u2, p2, t2));
        return verifyTwilioSignature(u, p, reference(u2, p2, t2), t) === 'invalid';
      }),
    );
  });

  it('refuses a tampered value or an added parameter', () => {
    fc.assert(
      fc.property(url, params.filter((p) => p.length > 0), token, fc.nat(), (u, p, t, i) => {
        const signature = reference(u, p, t);
        const changed = p.map(([n, v], k): [string, string] => (k === i % p.length ? [n, `${v}x`] : [n, v]));
        // Names are letters and digits, so "_added" is never one of them.
        return verifyTwilioSignature(u, changed, signature, t) === 'invalid' && verifyTwilioSignature(u, [...p, ['_added', '1']], signature, t) === 'invalid';
      }),
    );
  });

  it('calls a missing header missing, and anything not a base64 SHA-1 digest invalid', () => {
    expect(verifyTwilioSignature(EXAMPLE_URL, EXAMPLE_PARAMS, undefined, '12345')).toBe('missing');
    expect(verifyTwilioSignature(EXAMPLE_URL, EXAMPLE_PARAMS, '', '12345')).toBe('missing');
    expect(verifyTwilioSignature(EXAMPLE_URL, EXAMPLE_PARAMS, [EXAMPLE_SIGNATURE, EXAMPLE_SIGNATURE], '12345')).toBe('invalid');
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (header) => {
        fc.pre(header.trim() !== EXAMPLE_SIGNATURE && header !== '');
        return verifyTwilioSignature(EXAMPLE_URL, EXAMPLE_PARAMS, header, '12345') === 'invalid';
      }),
    );
  });
});

describe('parseInboundSms', () => {
  const sid = 'SM0123456789abcdef0123456789abcdef';
  it('reads an inbound message and refuses a form without a valid MessageSid', () => {
    expect(parseInboundSms([['MessageSid', sid], ['From', '+923001234567'], ['To', '+15005550006'], ['Body', 'STATUS KP-ABCD-1234'], ['NumMedia', '0']])).toEqual({ messageSid: sid, from: '+923001234567', to: '+15005550006', body: 'STATUS KP-ABCD-1234', numMedia: 0 });
    expect(parseInboundSms([['From', '+923001234567'], ['Body', 'hi']])).toBeNull();
    expect(parseInboundSms([['MessageSid', 'SMnothex'], ['Body', 'hi']])).toBeNull();
    expect(parseInboundSms([['MessageSid', sid], ['From', 'ALPHA']])?.from).toBeNull();
  });
  it('never throws, and bounds what it keeps, for any form', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('MessageSid', 'From', 'To', 'Body', 'NumMedia', 'Other'), fc.string({ maxLength: 2000 }))), (form) => {
        const sms = parseInboundSms([['MessageSid', sid], ...form]);
        return sms !== null && sms.body.length <= 1600 && sms.numMedia >= 0 && sms.numMedia <= 10 && (sms.from === null || /^\+\d+$/.test(sms.from));
      }),
    );
  });
});
