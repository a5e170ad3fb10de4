import type { ComplaintState } from '../domain/lifecycle/states.js';
import { PAKISTAN_TIME_ZONE, formatCitizenTime } from '../domain/time/citizen-time.js';

/** The words of status replies (WhatsApp and SMS), in English and Urdu (Pashto readers get Urdu). */
type Language = 'en' | 'ur' | 'ps';
type Words = { en: string; ur: string };

// The public meaning of each state, as the tracking page gives it: "resolved" means the office says it is done,
// which is not yet "closed" (the citizen satisfied).
const STATE_WORDS: Record<ComplaintState, Words> = {
  submitted: { en: 'received, being routed to an office', ur: 'موصول ہو گئی، دفتر کو بھیجی جا رہی ہے' },
  triage: { en: 'received, being routed to an office', ur: 'موصول ہو گئی، دفتر کو بھیجی جا رہی ہے' },
  assigned: { en: 'with the office responsible', ur: 'متعلقہ دفتر کے پاس ہے' },
  in_progress: { en: 'being worked on by the office', ur: 'دفتر اس پر کام کر رہا ہے' },
  awaiting_citizen: { en: 'waiting for information from you', ur: 'آپ سے معلومات کی منتظر ہے' },
  resolved: { en: 'resolved by the office, waiting for your feedback', ur: 'دفتر نے حل کر دی، آپ کی رائے کی منتظر ہے' },
  closed: { en: 'closed', ur: 'بند ہو گئی' },
  closed_no_response: { en: 'closed (no answer was received after it was resolved)', ur: 'بند ہو گئی (حل کے بعد جواب نہیں ملا)' },
  withdrawn: { en: 'withdrawn', ur: 'واپس لے لی گئی' },
  duplicate: { en: 'merged with another complaint about the same problem', ur: 'اسی مسئلے کی دوسری شکایت میں شامل کر دی گئی' },
  rejected: { en: 'rejected', ur: 'مسترد کر دی گئی' },
};

const pick = (words: Words, language: Language) => (language === 'en' ? words.en : words.ur);
// The replies speak English or Urdu, so the time is written in one of the two.
const day = (at: Date, language: Language, timeZone: string) => formatCitizenTime(at, language === 'en' ? 'en' : 'ur', timeZone);

/**
 * The answer to "status <code>": the complaint's public state, when it last changed, and where to follow it. The time
 * is shown in `timeZone` with its name (zoneForNumber of the asker's number gives theirs; Pakistan time otherwise).
 */
export function statusReply(language: Language, code: string, state: ComplaintState, updatedAt: Date, trackingUrl: string, timeZone: string = PAKISTAN_TIME_ZONE): string {
  const words = pick(STATE_WORDS[state], language);
  return language === 'en'
    ? `Complaint ${code}: ${words} (last update ${day(updatedAt, language, timeZone)}).\nDetails: ${trackingUrl}`
    : `شکایت ${code}: ${words} (آخری تبدیلی ${day(updatedAt, language, timeZone)})۔\nتفصیل: ${trackingUrl}`;
}

/** The answer when no complaint has the code given. */
export function unknownCodeReply(language: Language, code: string): string {
  return language === 'en' ? `No complaint has the tracking code ${code}. Please check the code and send "status" and the code again.` : `ٹریکنگ کوڈ ${code} کی کوئی شکایت نہیں ملی۔ کوڈ دیکھ کر دوبارہ "status" اور کوڈ بھیجیں۔`;
}
