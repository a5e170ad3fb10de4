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

const LABELS: Record<Language, { complaint: string; track: string; office: string }> = {
  en: { complaint: 'Complaint', track: 'Track it at', office: 'Office' },
  ur: { complaint: 'شکایت', track: 'یہاں دیکھیں', office: 'دفتر' },
  ps: { complaint: 'شکایت', track: 'دلته یې وګورئ', office: 'دفتر' },
};

/** The citizen-facing message for an event, or null when the citizen is not told of that event. */
export function renderCitizenMessage(event: string, language: Language, vars: { code: string; trackingUrl: string; office?: string | null; detail?: string | null }): { subject: string; text: string } | null {
  const headline = HEADLINES[event]?.[language];
  if (!headline) return null;
  const label = LABELS[language];
  const lines = [headline, ''];
  if (vars.office) lines.push(`${label.office}: ${vars.office}`);
  if (vars.detail) lines.push(vars.detail);
  lines.push(`${label.track}: ${vars.trackingUrl}`);
  return { subject: `${label.complaint} ${vars.code}: ${headline}`, text: lines.join('\n') };
}

/** Event types the citizen hears about. */
export const CITIZEN_NOTIFIED_EVENTS: readonly string[] = Object.keys(HEADLINES);
