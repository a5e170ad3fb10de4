import { describe, expect, it } from 'vitest';
import { karachiCalendar } from '../../domain/sla/business-calendar.js';
import { episodesOf, openLoad, type ComplaintHistory } from './history.js';

const calendar = karachiCalendar([]);
// Monday 9:00 in Peshawar; a 1-day SLA is 8 business hours, to 17:00 the same day.
const MONDAY = new Date('2024-03-04T09:00:00+05:00');
const at = (hours: number) => new Date(MONDAY.getTime() + hours * 3_600_000);
const noLoad = () => 0;

function history(events: [string, number, Record<string, unknown>?][]): ComplaintHistory {
  return { categoryId: 'water', createdAt: MONDAY, slaDays: 1, events: events.map(([type, h, payload]) => ({ type, at: at(h), payload: payload ?? {} })) };
}

describe('episodes from a complaint’s events', () => {
  it('labels a clock that ran out before the resolution a breach, seen at each change of state and at 25/50/75/90 % of its budget', () => {
    const [episode, ...rest] = episodesOf(history([['routed', 0, { officeId: 'o1' }], ['acknowledged', 1], ['resolved', 25]]), calendar, at(100), noLoad);
    expect(rest).toEqual([]);
    expect(episode!.breached).toBe(true);
    expect(episode!.officeId).toBe('o1');
    expect(episode!.snapshots.map((s) => [s.state, s.slaUsed])).toEqual([
      ['assigned', 0],
      ['in_progress', 0.125],
      ['in_progress', 0.25],
      ['in_progress', 0.5],
      ['in_progress', 0.75],
      ['in_progress', 0.9],
    ]);
    expect(episode!.snapshots[0]!.remainingHours).toBe(8);
  });

  it('stops the clock while the citizen is asked, so an answer taken late is not the office’s breach', () => {
    // Asked after 2 hours, answered the next Monday, resolved 4 business hours later: 6 of 8 hours used.
    const [episode] = episodesOf(history([['routed', 0], ['information_requested', 2], ['information_provided', 168], ['resolved', 172]]), calendar, at(400), noLoad);
    expect(episode!.breached).toBe(false);
    expect(episode!.snapshots.map((s) => s.state)).toContain('awaiting_citizen');
  });

  it('starts a fresh clock one level up at each escalation and after the citizen reopens', () => {
    const episodes = episodesOf(
      history([['routed', 0], ['escalated', 8], ['resolved', 9], ['citizen_not_satisfied', 10], ['resolved', 11]]),
      calendar,
      at(400),
      noLoad,
    );
    expect(episodes.map((e) => [e.breached, e.escalationLevel, e.reopenedCount])).toEqual([
      [true, 0, 0],
      [false, 1, 0],
      [false, 2, 1],
    ]);
  });

  it('leaves out a clock still running with time left, and counts one whose deadline passed unanswered as a breach', () => {
    expect(episodesOf(history([['routed', 0]]), calendar, at(2), noLoad)).toEqual([]);
    expect(episodesOf(history([['routed', 0]]), calendar, at(30), noLoad).map((e) => e.breached)).toEqual([true]);
  });

  it('counts the open complaints of an office per officer at a moment', () => {
    const load = openLoad([{ officeId: 'o1', from: 0, to: 10 }, { officeId: 'o1', from: 5, to: 20 }, { officeId: 'o2', from: 0, to: 100 }], (o) => (o === 'o1' ? 2 : 1));
    expect(load('o1', 7)).toBe(1);
    expect(load('o1', 15)).toBe(0.5);
    expect(load('o2', 50)).toBe(1);
    expect(load(null, 5)).toBe(0);
  });
});
