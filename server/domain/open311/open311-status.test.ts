import { describe, expect, it } from 'vitest';
import { COMPLAINT_STATES, OPEN_STATES } from '../lifecycle/index.js';
import { open311Status, statusNote } from './open311-status.js';

describe('open311Status', () => {
  it('keeps every open state open (resolved too: only the citizen closes) and every final state closed', () => {
    for (const state of COMPLAINT_STATES) expect(open311Status(state)).toBe((OPEN_STATES as readonly string[]).includes(state) ? 'open' : 'closed');
    expect(open311Status('resolved')).toBe('open');
    expect(open311Status('rejected')).toBe('closed');
  });

  it('calls a state it does not know closed rather than inventing work in progress', () => {
    expect(open311Status('archived')).toBe('closed');
  });
});

describe('statusNote', () => {
  it('takes only the public text of an event, never other payload fields', () => {
    expect(statusNote('update_posted', { text: 'Team visited on Monday.', officerNote: 'internal' })).toBe('Team visited on Monday.');
    expect(statusNote('resolved', { outcome: 'fixed', reason: 'Bins emptied.' })).toBe('Bins emptied.');
    expect(statusNote('submitted', { channel: 'open311', mediaUrl: 'https://x.org/a.jpg' })).toBeNull();
    expect(statusNote('update_posted', { text: '   ' })).toBeNull();
    expect(statusNote('update_posted', { text: 42 })).toBeNull();
  });
});
