import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KP_WEEK } from './business-calendar.js';
import { parseOfficeWeek } from './office-week.js';

describe('office hours as an administrator writes them', () => {
  it('reads the KP week', () => {
    expect(parseOfficeWeek('mon-fri 09:00-17:00')).toEqual({ week: KP_WEEK });
  });

  it('reads a shorter Friday and a wrapping range', () => {
    const parsed = parseOfficeWeek('Mon-Thu 08:30-16:30; Fri 08:30-12:30');
    expect('week' in parsed && parsed.week[5]).toEqual({ open: 510, close: 750 });
    expect('week' in parsed && parsed.week[6]).toBeNull();
    const wrap = parseOfficeWeek('sat-wed 09:00-15:00');
    expect('week' in wrap && wrap.week.map((d) => d !== null)).toEqual([true, true, true, true, false, false, true]);
  });

  it.each(['', 'weekdays 9-5', 'mon-fri 17:00-09:00', 'mon-fry 09:00-17:00', 'mon 25:00-26:00'])('explains what is wrong with %j', (text) => {
    expect(parseOfficeWeek(text)).toHaveProperty('error');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      const parsed = parseOfficeWeek(text);
      expect('week' in parsed || 'error' in parsed).toBe(true);
    }));
  });
});
