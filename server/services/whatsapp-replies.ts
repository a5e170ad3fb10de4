import type { ComplaintState } from '../domain/lifecycle/states.js';
import { PAKISTAN_TIME_ZONE, formatCitizenTime } from '../domain/time/citizen-time.js';

/** The words of status replies (WhatsApp and SMS), in English, Urdu and Pashto. */
type Language = 'en' | 'ur' | 'ps';
type Words = Record<Language, string>;

// The public meaning of each state, as the tracking page gives it: "resolved" means the office says it is done,
// which is not yet "closed" (the citizen satisfied).
const STATE_WORDS: Record<ComplaintState, Words> = {
  submitted: { en: 'received, being routed to an office', ur: 'موصول ہو گئی، دفتر کو بھیجی جا رہی ہے', ps: 'ترلاسه شوه، اړوند دفتر ته لېږل کېږي' },
  triage: { en: 'received, being routed to an office', ur: 'موصول ہو گئی، دفتر کو بھیجی جا رہی ہے', ps: 'ترلاسه شوه، اړوند دفتر ته لېږل کېږي' },
  assigned: { en: 'with the office responsible', ur: 'متعلقہ دفتر کے پاس ہے', ps: 'د اړوند دفتر سره ده' },
  in_progress: { en: 'being worked on by the office', ur: 'دفتر اس پر کام کر رہا ہے', ps: 'دفتر پرې کار کوي' },
  awaiting_citizen: { en: 'waiting for information from you', ur: 'آپ سے معلومات کی منتظر ہے', ps: 'ستاسو د معلوماتو په تمه ده' },
  resolved: { en: 'resolved by the office, waiting for your feedback', ur: 'دفتر نے حل کر دی، آپ کی رائے کی منتظر ہے', ps: 'دفتر حل کړه، ستاسو د نظر په تمه ده' },
  closed: { en: 'closed', ur: 'بند ہو گئی', ps: 'بنده شوه' },
  closed_no_response: { en: 'closed (no answer was received after it was resolved)', ur: 'بند ہو گئی (حل کے بعد جواب نہیں ملا)', ps: 'بنده شوه (له حل وروسته ځواب ترلاسه نه شو)' },
  withdrawn: { en: 'withdrawn', ur: 'واپس لے لی گئی', ps: 'بېرته واخیستل شوه' },
  duplicate: { en: 'merged with another complaint about the same problem', ur: 'اسی مسئلے کی دوسری شکایت میں شامل کر دی گئی', ps: 'د همدې ستونزې له بل شکایت سره یو ځای شوه' },
  rejected: { en: 'rejected', ur: 'مسترد کر دی گئی', ps: 'رد شوه' },
};

const day = (at: Date, language: Language, timeZone: string) => formatCitizenTime(at, language, timeZone);

/**
 * The answer to "status <code>": the complaint's public state, when it last changed, and where to follow it. The time
 * is shown in `timeZone` with its name (zoneForNumber of the asker's number gives theirs; Pakistan time otherwise).
 */
export function statusReply(language: Language, code: string, state: ComplaintState, updatedAt: Date, trackingUrl: string, timeZone: string = PAKISTAN_TIME_ZONE): string {
  const words = STATE_WORDS[state][language];
  const at = day(updatedAt, language, timeZone);
  if (language === 'en') return `Complaint ${code}: ${words} (last update ${at}).\nDetails: ${trackingUrl}`;
  if (language === 'ps') return `شکایت ${code}: ${words} (وروستی بدلون ${at}).\nتفصیل: ${trackingUrl}`;
  return `شکایت ${code}: ${words} (آخری تبدیلی ${at})۔\nتفصیل: ${trackingUrl}`;
}

/** The answer when no complaint has the code given. */
export function unknownCodeReply(language: Language, code: string): string {
  if (language === 'en') return `No complaint has the tracking code ${code}. Please check the code and send "status" and the code again.`;
  if (language === 'ps') return `د ${code} ټرېکنګ کوډ هېڅ شکایت ونه موندل شو. مهرباني وکړئ کوډ وګورئ او بیا "status" او کوډ ولېږئ.`;
  return `ٹریکنگ کوڈ ${code} کی کوئی شکایت نہیں ملی۔ کوڈ دیکھ کر دوبارہ "status" اور کوڈ بھیجیں۔`;
}
