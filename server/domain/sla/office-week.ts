import { clock, type DayHours } from './business-calendar.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Reads office hours written the way an administrator would: "mon-thu 09:00-17:00; fri 09:00-12:30".
 * Days not named are days off. Returns the week (Sunday first) or the reason it cannot be read.
 */
export function parseOfficeWeek(text: string): { week: DayHours[] } | { error: string } {
  const week: DayHours[] = Array(7).fill(null);
  const parts = text.split(';').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return { error: 'no office hours given' };
  for (const part of parts) {
    const match = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/i.exec(part);
    if (!match) return { error: `"${part}" is not like "mon-fri 09:00-17:00"` };
    const first = DAYS.indexOf(match[1]!.toLowerCase() as (typeof DAYS)[number]);
    const last = match[2] ? DAYS.indexOf(match[2].toLowerCase() as (typeof DAYS)[number]) : first;
    if (first < 0 || last < 0) return { error: `"${part}" names an unknown day (use sun, mon, tue, wed, thu, fri, sat)` };
    let open: number;
    let close: number;
    try {
      open = clock(match[3]!);
      close = clock(match[4]!);
    } catch {
      return { error: `"${part}" has a time that is not HH:MM` };
    }
    if (close <= open) return { error: `"${part}" closes before it opens` };
    // A range may wrap the week end ("sat-wed").
    for (let d = first; ; d = (d + 1) % 7) {
      week[d] = { open, close };
      if (d === last) break;
    }
  }
  return { week };
}
