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

// Urdu keyboards type Eastern Arabic-Indic digits (۰–۹), Arabic ones type ٠–٩; both read as 0–9.
const LOCAL_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** The text with Urdu and Arabic digits replaced by 0–9 (libphonenumber does this itself for phone numbers). */
export function westernDigits(input: string): string {
  return input.replace(LOCAL_DIGITS, (d) => String(d.charCodeAt(0) & 0xf));
}

/** The form an e-mail address is matched on: trimmed and lower-cased. */
export function emailLookupKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Which personal identifier a lookup value is for. */
export type LookupKind = 'phone' | 'email' | 'cnic';

/**
 * The normalised identifier a citizen is matched on (an E.164 number, an e-mail address as emailLookupKey gives it,
 * CNIC digits). The store never compares it in clear: citizens rows hold keyed blind indexes, and matches go through
 * FieldCipher.lookupCandidates over this value (citizen-account.repository.ts, complaint.repository.ts).
 */
export function contactLookup(kind: LookupKind, normalised: string): string {
  switch (kind) {
    case 'phone':
    case 'email':
    case 'cnic':
      return normalised;
  }
}

/** A contact a citizen signs in with, normalised, with the lookup value its complaints are matched on. */
export type SignInContact =
  | { kind: 'phone'; value: string; country: string | null; lookup: string }
  | { kind: 'email'; value: string; country: null; lookup: string };

/**
 * Reads the phone number or e-mail address of a sign-in request: exactly one of the two, the number in any
 * country's format (Pakistani numbers may omit +92). Returns the contact or the field that is wrong.
 */
export function parseSignInContact(input: { phone?: string | undefined; email?: string | undefined }): SignInContact | { pointer: string; detail: string } {
  const phone = input.phone?.trim() ?? '';
  const email = input.email?.trim() ?? '';
  if (phone !== '' && email !== '') return { pointer: '/email', detail: 'give a phone number or an e-mail address, not both' };
  if (phone !== '') {
    const parsed = parsePhone(phone);
    if (!parsed) return { pointer: '/phone', detail: 'not a valid phone number; include the country code if outside Pakistan' };
    return { kind: 'phone', value: parsed.e164, country: parsed.country, lookup: contactLookup('phone', parsed.e164) };
  }
  if (email !== '') {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) return { pointer: '/email', detail: 'not a valid e-mail address' };
    const normalised = emailLookupKey(email);
    return { kind: 'email', value: normalised, country: null, lookup: contactLookup('email', normalised) };
  }
  return { pointer: '/phone', detail: 'a phone number or an e-mail address is required' };
}

/** An e-mail address shown back with most of the name hidden: s***@example.com. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
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
