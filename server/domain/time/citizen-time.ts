import ct from 'countries-and-timezones';
import { parsePhone } from '../contact.js';

/** Pakistan's zone: SLA arithmetic always runs in it, and it is what a citizen sees when their own is unknown. */
export const PAKISTAN_TIME_ZONE = 'Asia/Karachi';

type Language = 'en' | 'ur' | 'ps';

/**
 * The zone most of a multi-zone country's people live in (and where most of its Pakistani diaspora is): the clock a
 * citizen abroad most likely reads. Countries with several offsets that are not listed here get Pakistan time, with
 * its name shown, rather than a guess that could be hours wrong.
 */
const MAIN_ZONES: Readonly<Record<string, string>> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City',
  RU: 'Europe/Moscow',
  ID: 'Asia/Jakarta',
  CN: 'Asia/Shanghai',
  KZ: 'Asia/Almaty',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  DE: 'Europe/Berlin',
  MY: 'Asia/Kuala_Lumpur',
  NZ: 'Pacific/Auckland',
  CL: 'America/Santiago',
  EC: 'America/Guayaquil',
  AR: 'America/Argentina/Buenos_Aires',
  UA: 'Europe/Kyiv',
  CD: 'Africa/Kinshasa',
  MN: 'Asia/Ulaanbaatar',
  UZ: 'Asia/Tashkent',
  VN: 'Asia/Ho_Chi_Minh',
  CY: 'Asia/Nicosia',
  PS: 'Asia/Hebron',
  PG: 'Pacific/Port_Moresby',
  GL: 'America/Nuuk',
  PF: 'Pacific/Tahiti',
  MH: 'Pacific/Majuro',
};

const zoneCache = new Map<string, string | null>();

/** Whether this runtime's Intl knows the zone name. */
function known(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone of a country (ISO 3166 alpha-2): its only one, the main one of MAIN_ZONES, or one of several that keep the
 * same clock (preferring the zone named after the country, e.g. Asia/Muscat over Asia/Dubai for Oman, so the zone's
 * name reads as the citizen's country). Null when unknown, or when the country spans offsets and has no main zone.
 */
export function zoneForCountry(country: string | null | undefined): string | null {
  if (!country) return null;
  const id = country.toUpperCase();
  if (zoneCache.has(id)) return zoneCache.get(id) ?? null;
  const zone = deriveZone(id);
  zoneCache.set(id, zone);
  return zone;
}

function deriveZone(id: string): string | null {
  const main = MAIN_ZONES[id];
  if (main) return main;
  const current = ct.getCountry(id)?.timezones ?? [];
  const offsets = new Set(current.map(offsetKey));
  if (current.length === 0 || offsets.size > 1) return null;
  const all = ct.getCountry(id, { deprecated: true })?.timezones ?? [];
  const own = (name: string) => name.includes('/') && ct.getTimezone(name)?.countries[0] === id;
  const candidates = [...current.filter(own), ...all.filter(own), ...current];
  return candidates.find((name) => offsets.has(offsetKey(name)) && known(name)) ?? null;
}

// A zone's standard and summer offsets: zones with the same key keep the same clock today.
function offsetKey(name: string): string {
  const tz = ct.getTimezone(name);
  return `${tz?.utcOffset}/${tz?.dstOffset}`;
}

/** The zone of a phone number's country (any format parsePhone reads); null when it cannot be told. */
export function zoneForNumber(number: string | null | undefined): string | null {
  if (!number) return null;
  return zoneForCountry(parsePhone(number)?.country);
}

/**
 * The zone a citizen's times are shown in: the one they set, else their phone number's country's, else Pakistan's.
 * A stored zone this runtime no longer knows (tz data renamed it) falls through rather than failing a message.
 */
export function citizenTimeZone(citizen: { timeZone?: string | null; countryCode?: string | null }): string {
  if (citizen.timeZone && known(citizen.timeZone)) return citizen.timeZone;
  return zoneForCountry(citizen.countryCode) ?? PAKISTAN_TIME_ZONE;
}

/**
 * Reads an IANA zone name a client sent (the browser's Intl.DateTimeFormat().resolvedOptions().timeZone): the name
 * as Intl spells it (case fixed), or null when Intl does not know it. Offsets ("+05:00") are not zones and are refused.
 */
export function parseTimeZone(input: string): string | null {
  const text = input.trim();
  if (text.length === 0 || text.length > 64 || !/^[A-Za-z][A-Za-z0-9_+/-]*$/.test(text)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

// English reads Pakistan-style dates (3 Dec, 14:00) with the short zone name (GST, GMT, BST, EST, or GMT+3 where
// English has none); Urdu and Pashto name the zone's country or city ("پاکستان وقت"), which reads better than "GMT +5".
const FORMATS: Record<Language, { locale: string; zoneName: 'short' | 'shortGeneric' }> = {
  en: { locale: 'en-GB', zoneName: 'short' },
  ur: { locale: 'ur-PK', zoneName: 'shortGeneric' },
  ps: { locale: 'ps-PK', zoneName: 'shortGeneric' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${language} ${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    const { locale, zoneName } = FORMATS[language];
    // The Gregorian calendar always: ps alone would pick Afghanistan's solar calendar in some locales.
    found = new Intl.DateTimeFormat(locale, { timeZone, calendar: 'gregory', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: zoneName });
    formatters.set(key, found);
  }
  return found;
}

/**
 * A moment as a citizen reads it: day, month, 24-hour time and the zone's name, in their language and zone
 * ("3 Dec, 14:00 GST", "3 دسمبر، 14:00 پاکستان وقت"). English has no abbreviation for Pakistan time, so PKT is
 * written for it: a citizen must never be left to guess which clock a time is on.
 */
export function formatCitizenTime(at: Date, language: Language, timeZone: string): string {
  const parts = formatter(language, timeZone).formatToParts(at);
  return parts.map((part) => (part.type === 'timeZoneName' && language === 'en' && timeZone === PAKISTAN_TIME_ZONE ? 'PKT' : part.value)).join('');
}
