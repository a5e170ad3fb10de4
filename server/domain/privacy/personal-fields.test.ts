import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personalFieldIn, refusePersonalFields } from './personal-fields.js';

describe('personal fields in event payloads', () => {
  it('finds contact details at any depth, and names where', () => {
    expect(personalFieldIn({ phone: '+923001234567' })).toBe('phone');
    expect(personalFieldIn({ citizen: { contact: { email: 'a@b.pk' } } })).toBe('citizen.contact');
    expect(personalFieldIn({ list: [{ ok: 1 }, { address: 'x' }] })).toBe('list.address');
  });

  it('passes the payloads events carry today', () => {
    for (const payload of [{ channel: 'web', categoryId: 'no-water-supply', attachments: 0 }, { officeId: 'x' }, { text: 'a note' }, { outcome: 'full_relief', reason: 'fixed' }, {}]) {
      expect(personalFieldIn(payload)).toBeNull();
    }
  });

  it('never throws on any JSON, and refuses exactly the payloads where it finds something', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (payload) => {
        const found = personalFieldIn(payload);
        const run = () => refusePersonalFields([{ type: 'x', payload }]);
        if (found) expect(run).toThrow(/may not carry personal data/);
        else expect(run).not.toThrow();
      }),
    );
  });
});
