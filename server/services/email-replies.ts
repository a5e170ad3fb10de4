/** The words of the answers the e-mail intake sends, in English and Urdu (mail in Arabic script is answered in Urdu). */
type Language = 'en' | 'ur';

/** An answer's subject and text. */
export interface MailAnswer {
  subject: string;
  text: string;
}

/** "Re: <their subject> [KP-…]": the code in the subject, so a reply to our answer finds the complaint even without threading headers. */
export function answerSubject(theirSubject: string, code: string | null, language: Language): string {
  const base = theirSubject.replace(/^\s*((re|aw|fwd?|wg)\s*:\s*)+/i, '').trim().slice(0, 150);
  const tag = code ? ` [${code}]` : '';
  if (base !== '') return `Re: ${base}${tag}`;
  return code ? (language === 'en' ? `Your complaint ${code}` : `آپ کی شکایت ${code}`) : language === 'en' ? 'Your e-mail to Ekhtyar' : 'اختیار کو آپ کی ای میل';
}

/** The answer to a mail filed as a complaint: the tracking code, where to follow it, and how to add to it. */
export function filedAnswer(language: Language, code: string, trackingUrl: string, notes: string[]): string {
  return language === 'en'
    ? [
        'We have received your complaint.',
        '',
        `Tracking code: ${code}`,
        `Track it at: ${trackingUrl}`,
        '',
        'To add information or photos, reply to this e-mail and keep the code in the subject.',
        ...notes.map((n) => `Note: ${n}`),
      ].join('\n')
    : [
        'آپ کی شکایت موصول ہو گئی ہے۔',
        '',
        `ٹریکنگ کوڈ: ${code}`,
        `یہاں دیکھیں: ${trackingUrl}`,
        '',
        'مزید معلومات یا تصاویر کے لیے اسی ای میل کا جواب دیں اور موضوع میں کوڈ رہنے دیں۔',
        ...notes.map((n) => `نوٹ: ${n}`),
      ].join('\n');
}

/** The answer to a reply whose text (and files) were added to the citizen's complaint. */
export function addedAnswer(language: Language, code: string, trackingUrl: string, notes: string[]): string {
  return language === 'en'
    ? [`Your information has been added to complaint ${code}.`, `Track it at: ${trackingUrl}`, ...notes.map((n) => `Note: ${n}`)].join('\n')
    : [`آپ کی معلومات شکایت ${code} میں شامل کر دی گئی ہیں۔`, `یہاں دیکھیں: ${trackingUrl}`, ...notes.map((n) => `نوٹ: ${n}`)].join('\n');
}

/** The answer to a reply to a complaint that no longer takes information (closed, withdrawn, merged). */
export function closedAnswer(language: Language, code: string, trackingUrl: string): string {
  return language === 'en'
    ? `Complaint ${code} is closed, so your e-mail was not added to it.\nTrack it at: ${trackingUrl}\nTo complain again, send a new e-mail without the code in the subject.`
    : `شکایت ${code} بند ہو چکی ہے، اس لیے آپ کی ای میل اس میں شامل نہیں کی گئی۔\nیہاں دیکھیں: ${trackingUrl}\nدوبارہ شکایت کے لیے موضوع میں کوڈ کے بغیر نئی ای میل بھیجیں۔`;
}

/** The answer to a mail too short to file: what a complaint needs. */
export function tooShortAnswer(language: Language, portalUrl: string, helpline: string | null): string {
  const call = helpline ? (language === 'en' ? `, or call ${helpline}` : `، یا ${helpline} پر کال کریں`) : '';
  return language === 'en'
    ? `We could not file your e-mail as a complaint: please describe the problem in words (at least a sentence) and say where it is. You can also file at ${portalUrl}${call}.`
    : `ہم آپ کی ای میل کو شکایت کے طور پر درج نہیں کر سکے: براہ کرم مسئلہ الفاظ میں بیان کریں (کم از کم ایک جملہ) اور جگہ بتائیں۔ آپ ${portalUrl} پر بھی شکایت درج کر سکتے ہیں${call}۔`;
}
