import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const SMTP = { SMTP_URL: 'smtp://127.0.0.1:2525' };
const addressArb = fc.tuple(fc.stringMatching(/^[a-z0-9._+-]{1,12}$/), fc.stringMatching(/^[a-z0-9-]{1,10}(\.[a-z]{2,4}){1,2}$/)).map(([local, domain]) => `${local}@${domain}`);

describe('EKHTYAR_AUDIT_ANCHOR_EMAIL', () => {
  it('is off unless set', () => {
    expect(loadConfig({}).auditAnchorEmail).toBeNull();
  });

  it('takes one address or a few separated by commas, spaces tidied', () => {
    fc.assert(
      fc.property(fc.array(addressArb, { minLength: 1, maxLength: 10 }), (addresses) => {
        expect(loadConfig({ ...SMTP, EKHTYAR_AUDIT_ANCHOR_EMAIL: addresses.join(' ,  ') }).auditAnchorEmail).toBe(addresses.join(', '));
      }),
    );
  });

  it('names the variable for anything that is not a list of addresses', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parts = text.split(',').map((p) => p.trim());
        fc.pre(text.trim() !== '' && !parts.every((p) => /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(p)));
        expect(() => loadConfig({ ...SMTP, EKHTYAR_AUDIT_ANCHOR_EMAIL: text })).toThrow(/EKHTYAR_AUDIT_ANCHOR_EMAIL/);
      }),
    );
    for (const bad of ['audit', 'a@b,', 'Audit Cell <audit@example.pk>', 'a@b; c@d', Array.from({ length: 11 }, (_, i) => `a${i}@x.pk`).join(',')]) {
      expect(() => loadConfig({ ...SMTP, EKHTYAR_AUDIT_ANCHOR_EMAIL: bad })).toThrow(/EKHTYAR_AUDIT_ANCHOR_EMAIL/);
    }
  });

  it('refuses an address with no SMTP_URL to send through, rather than keep the copies only in the database', () => {
    let error: unknown;
    try {
      loadConfig({ EKHTYAR_AUDIT_ANCHOR_EMAIL: 'audit@example.gov.pk' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['EKHTYAR_AUDIT_ANCHOR_EMAIL is set but SMTP_URL is not: anchors cannot be mailed']);
  });
});
