import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A phone number in E.164 with its country, whatever way the citizen wrote it. */
export interface ParsedPhone {
  e164: string;
  country: string | null;
}

/**
 * Parses a phone number written in any country's format. Numbers without an international prefix are
 * read as Pakistani (0300 1234567); overseas citizens write +44…, 0044… or 0097150….
 */
export function parsePhone(input: string, defaultCountry: 'PK' = 'PK'): ParsedPhone | null {
  const cleaned = input.trim().replace(/^00/, '+');
  if (cleaned.length < 4 || cleaned.length > 32) return null;
  const mobile = pakistaniMobile(cleaned);
  if (mobile) return mobile;
  const phone = parsePhoneNumberFromString(cleaned, defaultCountry);
  if (!phone || !phone.isValid()) return null;
  return { e164: phone.number, country: phone.country ?? null };
}

// Most numbers are Pakistani mobiles (03XX XXXXXXX); reading them directly saves the full metadata walk on the
// intake path. The ranges are exactly those libphonenumber's metadata accepts (a test holds the two together).
const PK_MOBILE = /^(?:\+92|0)?(3(?:[0-24]\d|3[0-79])\d{7})$/;

function pakistaniMobile(cleaned: string): ParsedPhone | null {
  const match = PK_MOBILE.exec(cleaned.replace(/[\s-]/g, ''));
  return match ? { e164: `+92${match[1]}`, country: 'PK' } : null;
}

/** The form an e-mail address is matched on: trimmed and lower-cased. */
export function emailLookupKey(email: string): string {
  return email.trim().toLowerCase();
}

/** A phone number shown back to its owner with the middle hidden: +92300*****67. */
export function maskPhone(e164: string): string {
  if (e164.length <= 7) return e164;
  return `${e164.slice(0, 6)}${'*'.repeat(e164.length - 8)}${e164.slice(-2)}`;
}

/**
 * A CNIC (Pakistan's national identity card number, 13 digits, usually written 12345-1234567-1) as its digits, or
 * null when it is not one. Only separators a person types (spaces, hyphens, dots) are dropped.
 */
export function parseCnic(input: string): string | null {
  if (input.length > 40) return null;
  const digits = input.trim().replace(/[\s.-]/g, '');
  return /^\d{13}$/.test(digits) ? digits : null;
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an address delivers to, so that one person is counted once however they vary it: lower-cased,
 * a "+tag" after the name dropped (most providers deliver a+x@ to a@), and for Gmail the dots in the name too.
 * Only for counting (rate limits); never for sending or for matching a citizen's own records.
 */
export function emailIdentityKey(email: string): string {
  const address = emailLookupKey(email);
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll('.', '') || local;
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}
