import { useCallback, useMemo } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { languageInfo } from '../i18n/languages.js';

/** Formatting of the figures: counts and hours with the reader's digits, rates as percentages, days as dates. */
export function useFigures() {
  const { number, language } = useI18n();
  // One formatter per language, not one per figure: a year's trend formats hundreds of days.
  const formats = useMemo(() => {
    const locale = languageInfo(language).locale;
    return { percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }), day: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }) };
  }, [language]);
  const count = useCallback((value: number | null | undefined) => (value === null || value === undefined ? '–' : number(value)), [number]);
  const percent = useCallback((rate: number | null | undefined) => (rate === null || rate === undefined ? '–' : formats.percent.format(rate)), [formats]);
  // A day of the period (YYYY-MM-DD, a Karachi day) as a date; it is midnight UTC of that date, so shown in UTC.
  const day = useCallback((iso: string) => formats.day.format(new Date(`${iso}T00:00:00Z`)), [formats]);
  const hours = useCallback((value: number | null | undefined) => (value === null || value === undefined ? '–' : number(Math.round(value * 10) / 10)), [number]);
  return { count, percent, day, hours };
}

const DAY = 86_400_000;

/** Today in Pakistan time (UTC+5 all year), YYYY-MM-DD: the API's days are Karachi days. */
export function karachiToday(now = Date.now()): string {
  return new Date(now + 5 * 3_600_000).toISOString().slice(0, 10);
}

/** The day `days` before `day` (YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);
}

/** Ranks cells best first: satisfied closures, then deadline met, then more received; those without a rate last. */
export function byPerformance<T extends { values: Partial<Record<string, number | null>> }>(cells: T[]): T[] {
  const v = (cell: T, key: string) => cell.values[key] ?? -1;
  return [...cells].sort((a, b) => v(b, 'satisfiedClosureRate') - v(a, 'satisfiedClosureRate') || v(b, 'slaCompliance') - v(a, 'slaCompliance') || v(b, 'received') - v(a, 'received'));
}
