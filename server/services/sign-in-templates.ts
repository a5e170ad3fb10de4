/** The words of a sign-in code message, per language. */
type Language = 'en' | 'ur' | 'ps';

// Short enough for one SMS (160 GSM characters in English, 70 UCS-2 characters in Urdu and Pashto), so a code costs
// one message; the warning not to share it is what fraud ("tell me the code I just sent you") preys on.
const TEXT: Record<Language, (code: string, minutes: number) => string> = {
  en: (code, minutes) => `Your Ekhtyar sign-in code is ${code}. It expires in ${minutes} minutes. Never share it.`,
  ur: (code, minutes) => `آپ کا اختیار کوڈ ${code} ہے۔ ${minutes} منٹ میں ختم۔ کسی کو نہ بتائیں۔`,
  ps: (code, minutes) => `ستاسو د اختیار کوډ ${code} دی. ${minutes} دقیقې. چا ته یې مه وایئ.`,
};

const SUBJECT: Record<Language, string> = {
  en: 'Your Ekhtyar sign-in code',
  ur: 'اختیار سائن اِن کوڈ',
  ps: 'د اختیار د ننوتلو کوډ',
};

/** The subject and text of a message carrying a sign-in code. */
export function renderSignInCode(code: string, language: Language, minutes: number): { subject: string; text: string } {
  return { subject: SUBJECT[language], text: TEXT[language](code, minutes) };
}
