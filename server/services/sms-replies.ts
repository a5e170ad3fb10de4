/** What SMS can do today, and where to file meanwhile; the answer to anything that is not a status request. */
export function smsHelpReply(language: 'en' | 'ur', portalUrl: string, helpline: string | null): string {
  const call = helpline ? (language === 'en' ? ` or call ${helpline}` : ` یا ${helpline} پر کال کریں`) : '';
  // Kept short: every 70 characters of Urdu (UCS-2) is another SMS part the government pays for.
  return language === 'en'
    ? `Ekhtyar complaints: to see where your complaint stands, send STATUS and your tracking code, e.g. STATUS KP-ABCD-1234. To file a complaint, use ${portalUrl}${call}.`
    : `اختیار شکایات: اپنی شکایت کی صورتحال جاننے کے لیے STATUS اور ٹریکنگ کوڈ بھیجیں، مثلاً STATUS KP-ABCD-1234۔ نئی شکایت کے لیے ${portalUrl} استعمال کریں${call}۔`;
}
