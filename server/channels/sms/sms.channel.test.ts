import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../../../test/fakes/twilio.fake.js';
import { splitSms } from '../../domain/sms/segments.js';
import { SmsChannel } from './sms.channel.js';

let twilio: FakeTwilio;
let sms: SmsChannel;

beforeAll(async () => {
  twilio = await startFakeTwilio();
  sms = new SmsChannel({ apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006' }, 2000);
});
afterAll(() => twilio.close());
beforeEach(() => {
  twilio.failWith = null;
  twilio.delayMs = 0;
});

const message = (text: string, to = '+923001234567') => ({ to, subject: 'ignored by SMS', text, messageId: 'm-1', language: 'ur' as const });

describe('SMS through the Twilio Messages API', () => {
  it('posts To, From and Body form-encoded with basic auth to the account Messages resource, and keeps the message SID', async () => {
    const result = await sms.send(message('Your code is 123456'));
    expect(result).toEqual({ ok: true, providerId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    const call = twilio.calls.at(-1)!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
    expect(call.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({ To: '+923001234567', From: '+15005550006', Body: 'Your code is 123456' });
    expect(call.answer.status).toBe(201);
  });

  it('sends Urdu text as it is', async () => {
    const text = 'آپ کا اختیار کوڈ ۱۲۳ ہے۔';
    await sms.send(message(text));
    expect(twilio.messages.at(-1)!.body).toBe(text);
  });

  it('keeps a long Urdu message to six UCS-2 parts, cut with an ellipsis', async () => {
    const text = 'آپ کی شکایت پر کام جاری ہے۔ '.repeat(40);
    await sms.send(message(text));
    const sent = twilio.messages.at(-1)!.body;
    expect(splitSms(sent)).toMatchObject({ encoding: 'ucs2' });
    expect(splitSms(sent).parts).toHaveLength(6);
    expect(sent.endsWith('…')).toBe(true);
    expect(text.startsWith(sent.slice(0, -1))).toBe(true);
  });

  it('sends through a Messaging Service when the sender is one', async () => {
    const service = `MG${'a'.repeat(32)}`;
    const viaService = new SmsChannel({ apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken, from: service }, 2000);
    expect((await viaService.send(message('hello'))).ok).toBe(true);
    expect(twilio.messages.at(-1)).toMatchObject({ messagingServiceSid: service, from: null });
  });

  it('reports a refused number or wrong credentials as final, with only the provider code (no number) in the error', async () => {
    const invalid = await sms.send(message('hello', '12345'));
    expect(invalid).toEqual({ ok: false, retryable: false, error: 'SMS provider refused: HTTP 400, Twilio error 21211' });
    const wrongToken = new SmsChannel({ apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: 'wrong', from: '+15005550006' }, 2000);
    expect(await wrongToken.send(message('hello'))).toEqual({ ok: false, retryable: false, error: 'SMS provider refused: HTTP 401, Twilio error 20003' });
  });

  it('reports throttling, provider faults, a dead provider and a slow one as worth retrying', async () => {
    twilio.failWith = 429;
    expect(await sms.send(message('hello'))).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('20429') });
    twilio.failWith = 503;
    expect(await sms.send(message('hello'))).toMatchObject({ ok: false, retryable: true });
    twilio.failWith = null;
    const dead = new SmsChannel({ apiUrl: 'http://127.0.0.1:1', accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006' }, 2000);
    expect(await dead.send(message('hello'))).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('unreachable') });
    twilio.delayMs = 1500;
    const impatient = new SmsChannel({ apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006' }, 300);
    expect(await impatient.send(message('hello'))).toEqual({ ok: false, retryable: true, error: 'SMS provider no answer in time' });
  });
});
