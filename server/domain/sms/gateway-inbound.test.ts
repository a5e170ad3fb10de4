import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGatewaySms } from './gateway-inbound.js';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const id = fc.stringMatching(/^[\x21-\x7e]{1,100}$/);

describe('reading a gateway inbound SMS', () => {
  it('reads the same message from JSON and from a form, normalising the sender to E.164', () => {
    fc.assert(
      fc.property(id, fc.string({ maxLength: 300 }), fc.constantFrom('+923001234567', '923001234567', '03001234567', '0300 1234567'), (messageId, text, from) => {
        const fields = { id: messageId, from, to: '8080', text };
        const fromJson = parseGatewaySms(Buffer.from(JSON.stringify(fields)), JSON_TYPE);
        const fromForm = parseGatewaySms(Buffer.from(new URLSearchParams(fields).toString()), `${FORM_TYPE}; charset=utf-8`);
        expect(fromJson).toEqual({ id: messageId.trim(), from: '+923001234567', to: '8080', text: text.trim() });
        expect(fromForm).toEqual(fromJson);
      }),
    );
  });

  it('takes messageId for id and numbers for ids, and leaves a short code as no sender', () => {
    expect(parseGatewaySms(Buffer.from(JSON.stringify({ messageId: 123456, from: '8080', text: 'x' })), JSON_TYPE)).toEqual({ id: '123456', from: null, to: '', text: 'x' });
  });

  it('never throws, and reads anything without a usable id as no message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.constantFrom(JSON_TYPE, FORM_TYPE, 'text/plain', undefined), (bytes, type) => {
        const parsed = parseGatewaySms(Buffer.from(bytes), type);
        if (parsed) expect(parsed.id).toMatch(/^[\x21-\x7e]{1,100}$/);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseGatewaySms(Buffer.from(JSON.stringify(value)), JSON_TYPE);
        const given = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).id ?? (value as Record<string, unknown>).messageId : undefined;
        if (typeof given !== 'string' && typeof given !== 'number') expect(parsed).toBeNull();
      }),
    );
    for (const bad of ['[]', 'null', '"text"', '{"id": ""}', '{"id": "has space"}', `{"id": "${'x'.repeat(101)}"}`]) expect(parseGatewaySms(Buffer.from(bad), JSON_TYPE), bad).toBeNull();
  });

  it('cuts a text over 1,600 characters', () => {
    expect(parseGatewaySms(Buffer.from(JSON.stringify({ id: 'a', text: 'y'.repeat(2000) })), JSON_TYPE)!.text).toHaveLength(1600);
  });
});
