/** The words of a citizen notification, per event type and language. */
type Language = 'en' | 'ur' | 'ps';

// Headlines the citizen reads first; details (office, question, outcome) are added below them.
const HEADLINES: Record<string, Record<Language, string>> = {
  submitted: {
    en: 'We have received your complaint.',
    ur: 'آپ کی شکایت موصول ہو گئی ہے۔',
    ps: 'ستاسو شکایت ترلاسه شوه.',
  },
  routed: {
    en: 'Your complaint has been sent to the office responsible.',
    ur: 'آپ کی شکایت متعلقہ دفتر کو بھیج دی گئی ہے۔',
    ps: 'ستاسو شکایت اړوند دفتر ته ولېږل شوه.',
  },
  office_assigned: {
    en: 'Your complaint has been sent to the office responsible.',
    ur: 'آپ کی شکایت متعلقہ دفتر کو بھیج دی گئی ہے۔',
    ps: 'ستاسو شکایت اړوند دفتر ته ولېږل شوه.',
  },
  acknowledged: {
    en: 'The office has started working on your complaint.',
    ur: 'دفتر نے آپ کی شکایت پر کام شروع کر دیا ہے۔',
    ps: 'دفتر ستاسو په شکایت کار پیل کړ.',
  },
  transferred: {
    en: 'Your complaint has been transferred to another office.',
    ur: 'آپ کی شکایت دوسرے دفتر کو منتقل کر دی گئی ہے۔',
    ps: 'ستاسو شکایت بل دفتر ته ولېږدول شوه.',
  },
  information_requested: {
    en: 'The office needs more information from you.',
    ur: 'دفتر کو آپ سے مزید معلومات درکار ہیں۔',
    ps: 'دفتر تاسو څخه نور معلومات غواړي.',
  },
  update_posted: {
    en: 'There is an update on your complaint.',
    ur: 'آپ کی شکایت پر نئی پیش رفت ہوئی ہے۔',
    ps: 'ستاسو په شکایت کې نوې پرمختګ شوی.',
  },
  resolved: {
    en: 'The office says your complaint is resolved. Are you satisfied?',
    ur: 'دفتر کے مطابق آپ کی شکایت حل ہو گئی ہے۔ کیا آپ مطمئن ہیں؟',
    ps: 'د دفتر په وینا ستاسو شکایت حل شوه. ایا تاسو مطمئن یاست؟',
  },
  feedback_reminder: {
    en: 'Your complaint was resolved. Please tell us whether you are satisfied.',
    ur: 'آپ کی شکایت حل کر دی گئی ہے۔ براہ کرم بتائیں کیا آپ مطمئن ہیں۔',
    ps: 'ستاسو شکایت حل شوه. مهرباني وکړئ ووایاست چې ایا تاسو مطمئن یاست.',
  },
  rejected: {
    en: 'Your complaint was rejected. You may contest this decision.',
    ur: 'آپ کی شکایت مسترد کر دی گئی ہے۔ آپ اس فیصلے کو چیلنج کر سکتے ہیں۔',
    ps: 'ستاسو شکایت رد شوه. تاسو کولی شئ په دې پرېکړه اعتراض وکړئ.',
  },
  merged_as_duplicate: {
    en: 'Your complaint has been joined to another about the same problem; you will get its updates.',
    ur: 'آپ کی شکایت اسی مسئلے کی ایک اور شکایت کے ساتھ ملا دی گئی ہے؛ آپ کو اس کی اطلاعات ملیں گی۔',
    ps: 'ستاسو شکایت د همدې ستونزې له بلې شکایت سره یو ځای شوه؛ د هغې خبرونه به تاسو ته درځي.',
  },
  citizen_satisfied: {
    en: 'Thank you. Your complaint is closed.',
    ur: 'شکریہ۔ آپ کی شکایت بند کر دی گئی ہے۔',
    ps: 'مننه. ستاسو شکایت وتړل شوه.',
  },
  citizen_not_satisfied: {
    en: 'Your complaint has been reopened and sent to a higher level.',
    ur: 'آپ کی شکایت دوبارہ کھول کر اعلیٰ سطح پر بھیج دی گئی ہے۔',
    ps: 'ستاسو شکایت بیا پرانیستل شوه او لوړې کچې ته ولېږل شوه.',
  },
  contested: {
    en: 'Your complaint has been reopened and sent to a higher level.',
    ur: 'آپ کی شکایت دوبارہ کھول کر اعلیٰ سطح پر بھیج دی گئی ہے۔',
    ps: 'ستاسو شکایت بیا پرانیستل شوه او لوړې کچې ته ولېږل شوه.',
  },
  withdrawn: {
    en: 'Your complaint has been withdrawn as you asked.',
    ur: 'آپ کی درخواست پر شکایت واپس لے لی گئی ہے۔',
    ps: 'ستاسو په غوښتنه شکایت بېرته واخیستل شوه.',
  },
  closed_no_response: {
    en: 'Your complaint was closed because we did not hear back from you.',
    ur: 'آپ کی جانب سے جواب نہ ملنے پر شکایت بند کر دی گئی ہے۔',
    ps: 'ستاسو له خوا د ځواب نه راتلو له امله شکایت وتړل شوه.',
  },
};

const LABELS: Record<Language, { complaint: string; track: string; office: string; due: string; posted: string }> = {
  en: { complaint: 'Complaint', track: 'Track it at', office: 'Office', due: 'Due by', posted: 'Posted' },
  ur: { complaint: 'شکایت', track: 'یہاں دیکھیں', office: 'دفتر', due: 'مقررہ وقت', posted: 'وقت' },
  ps: { complaint: 'شکایت', track: 'دلته یې وګورئ', office: 'دفتر', due: 'ټاکلی وخت', posted: 'وخت' },
};

// How to answer "are you satisfied?" by SMS. YES and NO stay in Latin letters in every language: they are what the
// SMS bot reads, and every phone keyboard has them.
const SMS_FEEDBACK: Record<Language, (code: string) => string> = {
  en: (code) => `Reply YES ${code} if satisfied, or NO ${code} and the reason if not.`,
  ur: (code) => `مطمئن ہیں تو YES ${code} بھیجیں، ورنہ NO ${code} اور وجہ لکھیں۔`,
  ps: (code) => `که مطمئن یاست YES ${code} ولېږئ، که نه NO ${code} او لامل ولیکئ.`,
};

// WhatsApp reply-button titles (20 characters at most); Pashto appears only inside the window (templates are Urdu).
const FEEDBACK_BUTTONS: Record<Language, { satisfied: string; notSatisfied: string }> = {
  en: { satisfied: 'Satisfied', notSatisfied: 'Not satisfied' },
  ur: { satisfied: 'مطمئن ہوں', notSatisfied: 'مطمئن نہیں' },
  ps: { satisfied: 'مطمئن یم', notSatisfied: 'مطمئن نه یم' },
};

// Events after which the complaint's due time is news to the citizen: it was set, moved or restarted.
const DUE_EVENTS = new Set(['routed', 'office_assigned', 'acknowledged', 'transferred', 'citizen_not_satisfied', 'contested']);

/** What a notification says, before it is laid out for a channel; times already in the citizen's zone and words. */
export interface CitizenNotice {
  language: Language;
  code: string;
  headline: string;
  /** "Complaint KP-…": the label and the code. */
  title: string;
  office: string | null;
  /** Staff-written words (the question, the update, the reason). */
  detail: string | null;
  /** "Due by 3 Dec, 14:00 GST" or "Posted 3 Dec, 14:00 GST"; null when the event has no time to tell. */
  time: string | null;
  trackingUrl: string;
  trackLabel: string;
  officeLabel: string;
  /** Set when the message asks whether the citizen is satisfied. */
  feedback: { smsWords: string; buttons: { satisfied: string; notSatisfied: string } } | null;
}

/**
 * The citizen-facing notice of an event, or null when the citizen is not told of that event. `formatTime` shows a
 * moment in the citizen's zone and language (domain/time/citizen-time.ts).
 */
export function citizenNotice(
  event: string,
  language: Language,
  vars: { code: string; trackingUrl: string; office?: string | null; detail?: string | null; dueAt?: Date | null; eventAt?: Date | null; asksFeedback: boolean },
  formatTime: (at: Date) => string,
): CitizenNotice | null {
  const headline = HEADLINES[event]?.[language];
  if (!headline) return null;
  const label = LABELS[language];
  const time = DUE_EVENTS.has(event) && vars.dueAt ? `${label.due} ${formatTime(vars.dueAt)}` : event === 'update_posted' && vars.eventAt ? `${label.posted} ${formatTime(vars.eventAt)}` : null;
  return {
    language,
    code: vars.code,
    headline,
    title: `${label.complaint} ${vars.code}`,
    office: vars.office ?? null,
    detail: vars.detail ?? null,
    time,
    trackingUrl: vars.trackingUrl,
    trackLabel: label.track,
    officeLabel: label.office,
    feedback: vars.asksFeedback ? { smsWords: SMS_FEEDBACK[language](vars.code), buttons: FEEDBACK_BUTTONS[language] } : null,
  };
}

/** The e-mail of a notice: the code and headline as subject, the rest as plain text. */
export function renderEmail(notice: CitizenNotice): { subject: string; text: string } {
  const lines = [notice.headline, ''];
  if (notice.office) lines.push(`${notice.officeLabel}: ${notice.office}`);
  if (notice.detail) lines.push(notice.detail);
  if (notice.time) lines.push(notice.time);
  lines.push(`${notice.trackLabel}: ${notice.trackingUrl}`);
  return { subject: `${notice.title}: ${notice.headline}`, text: lines.join('\n') };
}

/** Event types the citizen hears about. */
export const CITIZEN_NOTIFIED_EVENTS: readonly string[] = Object.keys(HEADLINES);
