import { describe, expect, it } from 'vitest';
import { zoneForNumber } from '../domain/time/citizen-time.js';
import { COMPLAINT_STATES } from '../domain/lifecycle/states.js';
import { statusReply, unknownCodeReply } from './whatsapp-replies.js';

const at = new Date('2025-12-03T10:00:00Z');
const url = 'https://ekhtyar.example.pk/api/v1/complaints/KP-7F3K-9QXA';

describe('status replies', () => {
  it("show when the complaint last changed in Pakistan time, named, unless the asker's zone is given", () => {
    expect(statusReply('en', 'KP-7F3K-9QXA', 'in_progress', at, url)).toContain('(last update 3 Dec, 15:00 PKT)');
    expect(statusReply('en', 'KP-7F3K-9QXA', 'in_progress', at, url, zoneForNumber('+971501234567')!)).toContain('(last update 3 Dec, 14:00 GST)');
    expect(statusReply('ur', 'KP-7F3K-9QXA', 'in_progress', at, url, zoneForNumber('+447400123456')!)).toContain('3 دسمبر، 10:00 سلطنت متحدہ وقت');
  });

  it('speak Pashto to a Pashto reader, in every state, with the time in Pashto', () => {
    for (const state of COMPLAINT_STATES) {
      const ps = statusReply('ps', 'KP-7F3K-9QXA', state, at, url);
      const ur = statusReply('ur', 'KP-7F3K-9QXA', state, at, url);
      expect(ps).toContain('وروستی بدلون');
      expect(ps).not.toBe(ur);
      expect(ps).toContain(url);
    }
    expect(unknownCodeReply('ps', 'KP-0000-0000')).toContain('ټرېکنګ');
  });
});
