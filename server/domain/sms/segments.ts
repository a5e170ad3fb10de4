/**
 * How an SMS is cut into parts (3GPP TS 23.038 / 23.040). Text that fits the GSM 7-bit alphabet travels as 160
 * characters in one part, or 153 a part when concatenated (the rest of each part holds the joining header);
 * anything else, Urdu and Pashto above all, goes as UCS-2: 70 UTF-16 units in one part, 67 a part when
 * concatenated. Characters of the GSM extension table (€ [ ] { } ^ ~ \ | and form feed) take two septets and are
 * never split from their escape; a character outside the Basic Multilingual Plane (an emoji) is never split in two.
 */
export type SmsEncoding = 'gsm7' | 'ucs2';

const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
};

/** The encoding a text needs: GSM 7-bit when every character is in its alphabet, otherwise UCS-2. */
export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENSION.has(ch)) return 'ucs2';
  return 'gsm7';
}

// What one character costs in its encoding: septets for GSM, UTF-16 units for UCS-2.
function cost(ch: string, encoding: SmsEncoding): number {
  if (encoding === 'ucs2') return ch.length;
  return GSM_EXTENSION.has(ch) ? 2 : 1;
}

/** The text cut into the parts a phone will receive (one part when it fits a single message). */
export function splitSms(text: string): { encoding: SmsEncoding; parts: string[] } {
  const encoding = smsEncoding(text);
  const limits = LIMITS[encoding];
  const chars = [...text];
  const total = chars.reduce((sum, ch) => sum + cost(ch, encoding), 0);
  if (total <= limits.single) return { encoding, parts: [text] };
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of chars) {
    const c = cost(ch, encoding);
    if (used + c > limits.part) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += c;
  }
  if (current !== '') parts.push(current);
  return { encoding, parts };
}

/**
 * The text shortened, if need be, to at most `maxParts` parts, ending in "…" where it was cut: long messages cost a
 * part each and some networks drop very long ones, so notifications are kept to a few parts.
 */
export function fitSms(text: string, maxParts: number): string {
  if (splitSms(text).parts.length <= maxParts) return text;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  // The longest prefix that, with the ellipsis, still fits (the encoding can only stay or get cheaper as text shrinks).
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (splitSms(`${chars.slice(0, mid).join('').trimEnd()}…`).parts.length <= maxParts) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('').trimEnd()}…`;
}
