import { describe, expect, it } from 'vitest';
import { ACTOR_ROLES } from '../actor.js';
import type { ActorRole } from '../actor.js';
import { availableCommands, COMMAND_TYPES, COMPLAINT_STATES, decide, roleMayTake } from './index.js';
import type { ComplaintState, EventType, LifecycleCommand, Visibility } from './index.js';

// The table of DESIGN.md section 2, written out again here (not imported from rules.ts) so the tests check the
// implementation against the plan rather than against itself.
interface Row {
  name: string;
  command: LifecycleCommand;
  actors: ActorRole[];
  /** [from, to] for every state the command is allowed in. */
  moves: [ComplaintState, ComplaintState][];
  event: EventType;
  visibility: Visibility;
  /** Escalation levels the command adds. */
  raise: 0 | 1;
}

const HANDLERS: ActorRole[] = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'];
const OFFICE: ActorRole[] = ['officer', 'head_of_office'];
const OPEN: ComplaintState[] = ['submitted', 'triage', 'assigned', 'in_progress', 'awaiting_citizen', 'resolved'];
const WORKING: ComplaintState[] = ['triage', 'assigned', 'in_progress', 'awaiting_citizen'];
const same = (states: ComplaintState[]): [ComplaintState, ComplaintState][] => states.map((s) => [s, s]);
const into = (states: ComplaintState[], to: ComplaintState): [ComplaintState, ComplaintState][] =>
  states.map((s) => [s, to]);

const ROWS: Row[] = [
  { name: 'route', command: { type: 'route', officeId: 'office-1' }, actors: ['system'],
    moves: [['submitted', 'assigned']], event: 'routed', visibility: 'public', raise: 0 },
  { name: 'send_to_triage', command: { type: 'send_to_triage', reason: 'no confident match' }, actors: ['system'],
    moves: [['submitted', 'triage']], event: 'triaged', visibility: 'internal', raise: 0 },
  { name: 'assign_office', command: { type: 'assign_office', officeId: 'office-2' },
    actors: ['department_monitor', 'provincial_monitor'], moves: [['triage', 'assigned']], event: 'office_assigned',
    visibility: 'public', raise: 0 },
  { name: 'acknowledge', command: { type: 'acknowledge' }, actors: OFFICE, moves: [['assigned', 'in_progress']],
    event: 'acknowledged', visibility: 'public', raise: 0 },
  { name: 'assign_officer', command: { type: 'assign_officer', officerId: 'user-7' }, actors: ['head_of_office'],
    moves: same(['assigned', 'in_progress', 'awaiting_citizen']), event: 'officer_assigned', visibility: 'internal', raise: 0 },
  { name: 'ask_information', command: { type: 'ask_information', question: 'Which street?' }, actors: OFFICE,
    moves: [['in_progress', 'awaiting_citizen']], event: 'information_requested', visibility: 'public', raise: 0 },
  { name: 'provide_information', command: { type: 'provide_information' }, actors: ['citizen', 'intake_agent'],
    moves: [['awaiting_citizen', 'in_progress'], ...same(['submitted', 'triage', 'assigned', 'in_progress', 'resolved'])],
    event: 'information_provided', visibility: 'public', raise: 0 },
  { name: 'add_note', command: { type: 'add_note' }, actors: HANDLERS, moves: same(OPEN), event: 'note_added',
    visibility: 'internal', raise: 0 },
  { name: 'public_update', command: { type: 'public_update' }, actors: HANDLERS, moves: same(WORKING),
    event: 'update_posted', visibility: 'public', raise: 0 },
  { name: 'transfer', command: { type: 'transfer', toOfficeId: 'office-3', reason: 'water, not roads' },
    actors: HANDLERS, moves: into(WORKING, 'assigned'), event: 'transferred', visibility: 'public', raise: 0 },
  { name: 'recategorise', command: { type: 'recategorise', categoryId: 'contaminated-water', reason: 'the water is dirty, it does run' },
    actors: HANDLERS, moves: same(WORKING), event: 'recategorised', visibility: 'internal', raise: 0 },
  { name: 'resolve', command: { type: 'resolve', outcome: 'full_relief' }, actors: OFFICE,
    moves: [['in_progress', 'resolved']], event: 'resolved', visibility: 'public', raise: 0 },
  { name: 'propose_rejection', command: { type: 'propose_rejection', reason: 'private dispute' }, actors: ['officer'],
    moves: same(['assigned', 'in_progress']), event: 'rejection_proposed', visibility: 'internal', raise: 0 },
  { name: 'reject', command: { type: 'reject', reason: 'private dispute' }, actors: ['head_of_office'],
    moves: into(WORKING, 'rejected'), event: 'rejected', visibility: 'public', raise: 0 },
  { name: 'contest', command: { type: 'contest', reason: 'it is a public road' }, actors: ['citizen'],
    moves: [['rejected', 'assigned']], event: 'contested', visibility: 'public', raise: 1 },
  { name: 'feedback (satisfied)', command: { type: 'feedback', satisfied: true }, actors: ['citizen'],
    moves: [['resolved', 'closed']], event: 'citizen_satisfied', visibility: 'public', raise: 0 },
  { name: 'feedback (not satisfied)', command: { type: 'feedback', satisfied: false, reason: 'still broken' },
    actors: ['citizen'], moves: into(['resolved', 'closed_no_response'], 'assigned'), event: 'citizen_not_satisfied',
    visibility: 'public', raise: 1 },
  { name: 'withdraw', command: { type: 'withdraw' }, actors: ['citizen'], moves: into(OPEN, 'withdrawn'),
    event: 'withdrawn', visibility: 'public', raise: 0 },
  { name: 'merge_duplicate', command: { type: 'merge_duplicate', masterComplaintId: 'complaint-1' }, actors: HANDLERS,
    moves: into(['submitted', ...WORKING], 'duplicate'), event: 'merged_as_duplicate', visibility: 'public', raise: 0 },
  { name: 'close_no_response', command: { type: 'close_no_response' }, actors: ['system'],
    moves: [['resolved', 'closed_no_response']], event: 'closed_no_response', visibility: 'public', raise: 0 },
  { name: 'escalate', command: { type: 'escalate' }, actors: ['system'], moves: same(['assigned', 'in_progress', 'triage']),
    event: 'escalated', visibility: 'internal', raise: 1 },
];

describe.each(ROWS)('$name', (row) => {
  const allowedFrom = row.moves.map(([from]) => from);
  const moveCases = row.moves.flatMap(([from, to]) => row.actors.map((role) => ({ from, to, role })));

  it.each(moveCases)('takes a complaint from $from to $to when $role asks', ({ from, to, role }) => {
    const decision = decide({ state: from, escalationLevel: 1 }, row.command, { role });
    expect(decision).toMatchObject({
      ok: true, state: to, eventType: row.event, visibility: row.visibility, escalationLevel: 1 + row.raise,
    });
  });

  const refusedStates = COMPLAINT_STATES.filter((s) => !allowedFrom.includes(s));
  if (refusedStates.length > 0) {
    it.each(refusedStates)('is not possible while the complaint is %s, whoever asks', (state) => {
      for (const role of ACTOR_ROLES) {
        const decision = decide({ state, escalationLevel: 0 }, row.command, { role });
        expect(decision).toMatchObject({ ok: false, code: 'transition_not_allowed' });
      }
    });
  }

  const refusedRoles = ACTOR_ROLES.filter((r) => !row.actors.includes(r));
  it.each(refusedRoles)('is not allowed for %s in any state it is possible in', (role) => {
    for (const state of allowedFrom) {
      const decision = decide({ state, escalationLevel: 0 }, row.command, { role });
      expect(decision).toMatchObject({ ok: false, code: 'actor_not_allowed' });
    }
  });
});

describe('the table', () => {
  it('has a row for every command type, and there are 20 of them', () => {
    expect(new Set(ROWS.map((r) => r.command.type))).toEqual(new Set(COMMAND_TYPES));
    expect(new Set(COMMAND_TYPES).size).toBe(20);
  });
});

describe('roleMayTake', () => {
  it('agrees with availableCommands: a role may take a command iff some state offers it to that role', () => {
    for (const role of ['citizen', 'officer', 'head_of_office', 'department_monitor', 'provincial_monitor', 'analyst', 'system'] as const) {
      for (const type of COMMAND_TYPES) {
        const somewhere = COMPLAINT_STATES.some((state) => ([0, 1, 2] as const).some((level) => availableCommands({ state, escalationLevel: level }, role).includes(type)));
        expect(roleMayTake(type, role), `${role} ${type}`).toBe(somewhere);
      }
    }
  });
});
