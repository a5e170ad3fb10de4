import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSmsGateway, type FakeSmsGateway } from '../../../test/fakes/sms-gateway.fake.js';
import { GatewaySmsChannel } from './gateway-sms.channel.js';

let gateway: FakeSmsGateway;
let sms: GatewaySmsChannel;

beforeAll(async () => {
  gateway = await startFakeSmsGateway();
  sms = new GatewaySmsChannel({ url: gateway.url, token: gateway.token, secret: gateway.secret, from: 'EKHTYAR' }, 2000);
});
afterAll(() => gateway.close());
beforeEach(() => {
  gateway.failWith = null;
  gateway.delayMs = 0;
});

const message = (text: string) => ({ to: '+923001234567', subject: '', text, messageId: 'outbox-42', language: 'ur' as const });

describe('SMS through a generic gateway', () => {
  it('POSTs JSON with the Bearer token, the sender, the message id as Idempotency-Key, and the encoding Urdu needs', async () => {
    const result = await sms.send(message('آپ کی شکایت موصول ہو گئی ہے۔'));
    expect(result).toEqual({ ok: true, providerId: gateway.messages.at(-1)!.id });
    expect(gateway.messages.at(-1)).toMatchObject({ to: '+923001234567', from: 'EKHTYAR', messageId: 'outbox-42', encoding: 'ucs2', parts: 1 });
    expect(gateway.calls.at(-1)!.headers['idempotency-key']).toBe('outbox-42');
    await sms.send({ ...message('Your complaint was received.'), language: 'en' });
    expect(gateway.messages.at(-1)).toMatchObject({ encoding: 'gsm7', parts: 1 });
  });

  it('counts the parts of a long Urdu message and cuts past six', async () => {
    await sms.send(message('ش'.repeat(1000)));
    const sent = gateway.messages.at(-1)!;
    expect(sent.parts).toBe(6);
    expect(sent.text.endsWith('…')).toBe(true);
  });

  it('retries throttling, faults, time-outs and a dead gateway; a refusal is final and keeps no text of the answer', async () => {
    for (const status of [429, 500, 503]) {
      gateway.failWith = status;
      expect(await sms.send(message('x'))).toEqual({ ok: false, retryable: true, error: `SMS gateway refused: HTTP ${status}` });
    }
    gateway.failWith = 400;
    expect(await sms.send(message('x'))).toEqual({ ok: false, retryable: false, error: 'SMS gateway refused: HTTP 400' });
    gateway.failWith = null;
    const wrongToken = new GatewaySmsChannel({ url: gateway.url, token: 'wrong', secret: gateway.secret, from: null }, 2000);
    expect(await wrongToken.send(message('x'))).toMatchObject({ ok: false, retryable: false });
    const dead = new GatewaySmsChannel({ url: 'http://127.0.0.1:1/send', token: gateway.token, secret: gateway.secret, from: null }, 2000);
    expect(await dead.send(message('x'))).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/^SMS gateway unreachable/) });
    gateway.delayMs = 600;
    const impatient = new GatewaySmsChannel({ url: gateway.url, token: gateway.token, secret: gateway.secret, from: null }, 200);
    expect(await impatient.send(message('x'))).toEqual({ ok: false, retryable: true, error: 'SMS gateway no answer in time' });
  });
});
