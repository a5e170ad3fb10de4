import { westernDigits } from '../contact.js';

/**
 * Reads a CNIC or NICOP number (both are the same 13 digits: 5 for the area, 7, and a final digit) written plainly
 * or with dashes as on the card, 12345-1234567-1, in Western or Urdu digits. Format only: NADRA publishes no
 * checksum, so a well-formed number may still not exist. Returns the 13 digits, or null.
 */
export function parseCnic(input: string): string | null {
  const text = westernDigits(input.trim());
  const match = /^(\d{13})$|^(\d{5})-(\d{7})-(\d)$/.exec(text);
  if (!match) return null;
  return match[1] ?? `${match[2]}${match[3]}${match[4]}`;
}

/** The 13 digits as printed on the card: 12345-1234567-1. */
export function formatCnic(digits: string): string {
  return `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`;
}
