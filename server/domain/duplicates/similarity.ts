/**
 * Text and place likeness for duplicate suggestions: character trigrams survive spelling variation, which
 * matters for Roman Urdu ("pani nahi", "paani nai") and mixed-script complaints as much as for English.
 */

// Arabic-script letters that Urdu and Pashto writers use interchangeably, mapped to one form.
const SCRIPT_VARIANTS: Record<string, string> = { ي: 'ی', ى: 'ی', ې: 'ی', ۍ: 'ی', ك: 'ک', ګ: 'گ', ه: 'ہ', ە: 'ہ', ة: 'ہ', 'ۃ': 'ہ', أ: 'ا', إ: 'ا', آ: 'ا' };

/** Lower case, one form per letter, no diacritics or punctuation, single spaces. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, '')
    .toLowerCase()
    .replace(/[يىېۍكګهەةۃأإآ]/g, (ch) => SCRIPT_VARIANTS[ch] ?? ch)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The set of character trigrams of the normalised text (words padded, so short words count too). */
export function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const word of normaliseText(text).split(' ')) {
    if (!word) continue;
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/** Jaccard likeness of two trigram sets: 0 (nothing shared) to 1 (the same). */
export function likeness(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const gram of small) if (large.has(gram)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Great-circle distance in kilometres. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
