import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseDeliveryChannel, deliveryPreference, feedbackReplyId, parseFeedbackReplyId, whatsappWindowOpen, type DeliveryChannel, type FiledOn } from './delivery.js';

const FILED_ON: (FiledOn | null)[] = ['web', 'mobile', 'whatsapp', 'sms', 'email', 'phone', 'letter', 'open311', null];
const CHANNELS: DeliveryChannel[] = ['email', 'sms', 'whatsapp'];
const HOUR = 60 * 60_000;

describe('choosing the channel a citizen hears on', () => {
  it('answers where they filed: WhatsApp, then SMS; web and other filers by e-mail, else SMS', () => {
    const all = new Set(CHANNELS);
    expect(chooseDeliveryChannel('whatsapp', { email: true, phone: true }, all)).toBe('whatsapp');
    expect(chooseDeliveryChannel('whatsapp', { email: true, phone: true }, new Set<DeliveryChannel>(['email', 'sms']))).toBe('sms');
    expect(chooseDeliveryChannel('sms', { email: true, phone: true }, all)).toBe('sms');
    expect(chooseDeliveryChannel('web', { email: true, phone: true }, all)).toBe('email');
    expect(chooseDeliveryChannel('phone', { email: false, phone: true }, all)).toBe('sms');
    expect(chooseDeliveryChannel('web', { email: false, phone: true }, all)).toBe('sms');
    expect(chooseDeliveryChannel('web', { email: false, phone: false }, all)).toBeNull();
  });

  it('never picks a channel that is not configured or that the citizen gave no address for; WhatsApp only for WhatsApp filers', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILED_ON), fc.boolean(), fc.boolean(), fc.subarray(CHANNELS), (filedOn, email, phone, configured) => {
        const chosen = chooseDeliveryChannel(filedOn, { email, phone }, new Set(configured));
        if (chosen === null) {
          expect(deliveryPreference(filedOn, { email, phone }).some((c) => configured.includes(c))).toBe(false);
          return;
        }
        expect(configured).toContain(chosen);
        expect(chosen === 'email' ? email : phone).toBe(true);
        if (chosen === 'whatsapp') expect(filedOn).toBe('whatsapp');
        // The first of the preference that is configured: nothing better was passed over.
        const preference = deliveryPreference(filedOn, { email, phone });
        expect(preference.slice(0, preference.indexOf(chosen)).every((c) => !configured.includes(c))).toBe(true);
      }),
    );
  });
});

describe("WhatsApp's 24-hour window", () => {
  it('is open for a user who wrote less than 24 hours ago (less a margin), closed otherwise and for one who never wrote', () => {
    const now = new Date('2025-12-03T12:00:00Z');
    expect(whatsappWindowOpen(new Date(now.getTime() - 23 * HOUR), now)).toBe(true);
    expect(whatsappWindowOpen(new Date(now.getTime() - 23.95 * HOUR), now)).toBe(false);
    expect(whatsappWindowOpen(new Date(now.getTime() - 25 * HOUR), now)).toBe(false);
    expect(whatsappWindowOpen(null, now)).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: -HOUR, max: 72 * HOUR }), (ago) => {
        const open = whatsappWindowOpen(new Date(now.getTime() - ago), now);
        if (ago >= 24 * HOUR) expect(open).toBe(false);
        if (ago <= 23 * HOUR) expect(open).toBe(true);
      }),
    );
  });
});

describe('feedback reply ids', () => {
  it('are exactly feedback:satisfied:<CODE> and feedback:not_satisfied:<CODE>, and read back', () => {
    expect(feedbackReplyId('satisfied', 'KP-7F3K-9QXA')).toBe('feedback:satisfied:KP-7F3K-9QXA');
    expect(feedbackReplyId('not_satisfied', 'KP-7F3K-9QXA')).toBe('feedback:not_satisfied:KP-7F3K-9QXA');
    fc.assert(
      fc.property(fc.constantFrom('satisfied' as const, 'not_satisfied' as const), fc.stringMatching(/^KP-[0-9A-Z]{4}-[0-9A-Z]{4}$/), (answer, code) => {
        expect(parseFeedbackReplyId(feedbackReplyId(answer, code))).toEqual({ answer, code });
      }),
    );
    for (const other of ['feedback:maybe:KP-1', 'feedback:satisfied:', 'status KP-7F3K-9QXA', 'feedback:satisfied:KP 1']) expect(parseFeedbackReplyId(other)).toBeNull();
  });
});
