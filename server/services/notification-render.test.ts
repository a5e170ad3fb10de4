import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSms } from '../domain/sms/segments.js';
import { MAX_NOTIFICATION_SMS_PARTS, feedbackButtons, renderSms, renderWhatsAppTemplate, renderWhatsAppText } from './notification-render.js';
import { CITIZEN_NOTIFIED_EVENTS, citizenNotice } from './notification-templates.js';

const LANGUAGES = ['en', 'ur', 'ps'] as const;
const CODE = 'KP-7F3K-9QXA';
const URL = `https://ekhtyar.kp.gov.pk/api/v1/complaints/${CODE}`;
const words = fc.oneof(fc.string({ maxLength: 2000 }), fc.constant('دفتر نے مسئلہ حل کر دیا ہے۔ '.repeat(30)), fc.constant('Line one\n\n\tLine   two     spaced'));
const notice = (event: string, language: (typeof LANGUAGES)[number], detail: string | null, office: string | null = 'District Health Office Peshawar') =>
  citizenNotice(event, language, { code: CODE, trackingUrl: URL, office, detail, dueAt: new Date('2025-12-03T10:00:00Z'), eventAt: new Date('2025-12-01T10:00:00Z'), asksFeedback: event === 'resolved' || event === 'feedback_reminder' }, () => '3 Dec, 15:00 PKT')!;

describe('notification SMS', () => {
  it('is at most three parts, whatever the staff wrote, and keeps the code and headline; a feedback request keeps YES/NO and the code', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CITIZEN_NOTIFIED_EVENTS), fc.constantFrom(...LANGUAGES), fc.option(words), (event, language, detail) => {
        const n = notice(event, language, detail);
        const sms = renderSms(n);
        expect(splitSms(sms).parts.length).toBeLessThanOrEqual(MAX_NOTIFICATION_SMS_PARTS);
        expect(sms.startsWith(`${n.title}: ${n.headline}`)).toBe(true);
        if (n.feedback) {
          expect(sms).toContain(`YES ${CODE}`);
          expect(sms).toContain(`NO ${CODE}`);
        }
      }),
    );
  });

  it('shows the due time and the link when there is room, and keeps what fits of long words with an ellipsis', () => {
    const short = renderSms(notice('acknowledged', 'en', null));
    expect(short).toContain('Due by 3 Dec, 15:00 PKT');
    expect(short).toContain(URL);
    const long = renderSms(notice('update_posted', 'ur', 'پانی کی لائن کی مرمت کا کام شروع ہو گیا ہے۔ '.repeat(20)));
    expect(long).toMatch(/…/);
    expect(splitSms(long)).toMatchObject({ encoding: 'ucs2' });
  });
});

describe('notification WhatsApp', () => {
  it('fills the update and feedback templates with non-empty one-line parameters, and the feedback buttons with the exact ids', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CITIZEN_NOTIFIED_EVENTS), fc.constantFrom(...LANGUAGES), fc.option(words), (event, language, detail) => {
        const n = notice(event, language, detail);
        const form = renderWhatsAppTemplate(n, { update: 'complaint_update', feedback: 'complaint_resolved' });
        if (form.kind !== 'template') throw new Error('a template was expected');
        expect(form.body.length).toBe(n.feedback ? 2 : 3);
        for (const p of form.body) {
          expect(p.trim()).not.toBe('');
          expect(p).not.toMatch(/[\n\t]| {5}/);
          expect([...p].length).toBeLessThanOrEqual(600);
        }
        expect(form.quickReplies ?? []).toEqual(n.feedback ? [`feedback:satisfied:${CODE}`, `feedback:not_satisfied:${CODE}`] : []);
        expect(form.name).toBe(n.feedback ? 'complaint_resolved' : 'complaint_update');
      }),
    );
  });

  it('keeps a feedback request with buttons within the 1,024 characters of an interactive body', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), words, (language, detail) => {
        const n = notice('resolved', language, detail);
        expect([...renderWhatsAppText(n, 600)].length).toBeLessThanOrEqual(1024);
        expect(feedbackButtons(n)).toEqual({ kind: 'buttons', buttons: [expect.objectContaining({ id: `feedback:satisfied:${CODE}` }), expect.objectContaining({ id: `feedback:not_satisfied:${CODE}` })] });
      }),
    );
    expect(feedbackButtons(notice('acknowledged', 'en', null))).toBeUndefined();
  });
});
