/** Longest diary number kept (after normalising). */
export const DIARY_NUMBER_MAX = 40;

/** The stored form: upper-case letters and digits in groups joined by "-" or "/" (as migration 0017 checks). */
export const DIARY_NUMBER_PATTERN = /^[A-Z0-9]+([-/][A-Z0-9]+)*$/;

/**
 * Reads a diary number as an office writes it ("d-123/2025", "D 123 / 2025", "D.123/2025") into one form
 * ("D-123/2025"), so that one letter entered twice with different spacing or case is still one diary entry (the
 * unique constraint compares this form). Spaces, dots and hyphens between groups become one hyphen; a slash is kept
 * (it usually separates the year) and swallows the separators around it. Null when it is not a diary number: empty,
 * other characters, no digit at all, or longer than DIARY_NUMBER_MAX.
 */
export function parseDiaryNumber(text: string): string | null {
  const groups = text.normalize('NFKC').toUpperCase().trim();
  if (!/^[A-Z0-9\s./-]*$/.test(groups)) return null;
  const normalised = groups
    .replace(/[\s.-]+/g, '-')
    .replace(/-*\/[-/]*/g, '/')
    .replace(/^[-/]+|[-/]+$/g, '');
  if (!normalised || normalised.length > DIARY_NUMBER_MAX || !/\d/.test(normalised)) return null;
  return DIARY_NUMBER_PATTERN.test(normalised) ? normalised : null;
}

/** Why a letter's date of receipt cannot be accepted, or null: a calendar date, not after today (Pakistan) nor before 2000. */
export function receivedOnProblem(date: string, now: Date): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return 'write the date as YYYY-MM-DD';
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return 'not a calendar date';
  // Offices date letters by Pakistan's calendar (UTC+5, no daylight saving).
  const today = new Date(now.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
  if (date > today) return 'a letter cannot be received after today';
  if (date < '2000-01-01') return 'too old for the diary (before 2000)';
  return null;
}
