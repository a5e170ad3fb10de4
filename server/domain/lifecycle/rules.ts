import type { ActorRole } from '../actor.js';
import type { CommandOf, CommandType } from './commands.js';
import type { EventType } from './events.js';
import { OPEN_STATES, OUTCOMES } from './states.js';
import type { ComplaintState, Visibility } from './states.js';

/** How a command moves the escalation level: `reopen` goes up one, capped; `escalate` goes up one or is refused. */
export type Raise = 'reopen' | 'escalate';

/** What a command does: the state it leads to ('same' keeps it), the level change and the event it records. */
export interface Effect {
  to: ComplaintState | 'same';
  raise?: Raise;
  event: EventType;
}

/** A field problem found in a command; `needs` completes "<command> needs ...". */
export interface FieldProblem {
  code: 'reason_required' | 'invalid_command';
  needs: string;
}

/**
 * One row of the lifecycle table (DESIGN.md section 2): who may take the command, from which states, and its effect.
 * Methods (not function properties) so that every row fits CommandRule<CommandType>.
 */
export interface CommandRule<T extends CommandType = CommandType> extends Effect {
  actors: readonly ActorRole[];
  from: readonly ComplaintState[];
  visibility: Visibility;
  /** Narrows `from` by the command's fields; returns the refusal message, or null when allowed. */
  refuseIn?(state: ComplaintState, command: CommandOf<T>): string | null;
  /** Checks the fields the rules need. */
  validate?(command: CommandOf<T>): FieldProblem | null;
  /** Replaces parts of the effect when it depends on the state or the command's fields. */
  vary?(state: ComplaintState, command: CommandOf<T>): Partial<Effect> | null;
}

/** Staff who work on a complaint's substance. */
const HANDLERS = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'] as const;
/** Staff of the office that holds the complaint. */
const OFFICE = ['officer', 'head_of_office'] as const;
/** Monitors above the office, who pick offices for complaints routing could not place. */
const MONITORS = ['department_monitor', 'provincial_monitor'] as const;
/** States in which staff act on a complaint that is placed (or being placed) with an office. */
const WORKING = ['triage', 'assigned', 'in_progress', 'awaiting_citizen'] as const;

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

const REASON: FieldProblem = { code: 'reason_required', needs: 'a reason' };

function needsReason(command: { reason?: unknown }): FieldProblem | null {
  return blank(command.reason) ? REASON : null;
}

function needsText(value: unknown, needs: string): FieldProblem | null {
  return blank(value) ? { code: 'invalid_command', needs } : null;
}

/** The lifecycle table, one row per command; decide() and availableCommands() both read it. */
export const COMMAND_RULES: { readonly [T in CommandType]: CommandRule<T> } = {
  route: {
    actors: ['system'], from: ['submitted'], to: 'assigned', event: 'routed', visibility: 'public',
    validate: (c) => needsText(c.officeId, 'the office to route to'),
  },
  send_to_triage: {
    actors: ['system'], from: ['submitted'], to: 'triage', event: 'triaged', visibility: 'internal',
    validate: needsReason,
  },
  assign_office: {
    actors: MONITORS, from: ['triage'], to: 'assigned', event: 'office_assigned', visibility: 'public',
    validate: (c) => needsText(c.officeId, 'the office to assign'),
  },
  acknowledge: {
    actors: OFFICE, from: ['assigned'], to: 'in_progress', event: 'acknowledged', visibility: 'public',
  },
  assign_officer: {
    actors: ['head_of_office'], from: ['assigned', 'in_progress', 'awaiting_citizen'], to: 'same',
    event: 'officer_assigned', visibility: 'internal',
    validate: (c) => needsText(c.officerId, 'the officer to assign'),
  },
  ask_information: {
    actors: OFFICE, from: ['in_progress'], to: 'awaiting_citizen', event: 'information_requested', visibility: 'public',
    validate: (c) => needsText(c.question, 'the question to ask'),
  },
  provide_information: {
    // An intake agent types in what a citizen said on the phone or at the counter, on the citizen's behalf.
    actors: ['citizen', 'intake_agent'], from: ['submitted', 'triage', 'assigned', 'in_progress', 'awaiting_citizen', 'resolved'],
    to: 'same', event: 'information_provided', visibility: 'public',
    vary: (state) => (state === 'awaiting_citizen' ? { to: 'in_progress' } : null),
  },
  add_note: { actors: HANDLERS, from: OPEN_STATES, to: 'same', event: 'note_added', visibility: 'internal' },
  public_update: { actors: HANDLERS, from: WORKING, to: 'same', event: 'update_posted', visibility: 'public' },
  transfer: {
    // "Not our department" is a transfer to the right office, never a closure.
    actors: HANDLERS, from: WORKING, to: 'assigned', event: 'transferred', visibility: 'public',
    validate: (c) => needsText(c.toOfficeId, 'the office to transfer to') ?? needsReason(c),
  },
  recategorise: {
    // An officer's correction of the category within the department (another department's category is a transfer);
    // it is a labelled example the routing classifier learns from.
    actors: HANDLERS, from: WORKING, to: 'same', event: 'recategorised', visibility: 'internal',
    validate: (c) => needsText(c.categoryId, 'the category to put it in') ?? needsReason(c),
  },
  resolve: {
    // Resolving records the office's outcome; it never closes: only the citizen's "satisfied" does.
    actors: OFFICE, from: ['in_progress'], to: 'resolved', event: 'resolved', visibility: 'public',
    validate: (c) => {
      if (!(OUTCOMES as readonly unknown[]).includes(c.outcome)) {
        return { code: 'invalid_command', needs: 'an outcome: full relief, partial relief or no relief' };
      }
      if (c.outcome === 'full_relief') return null;
      const outcome = c.outcome === 'partial_relief' ? 'partial relief' : 'no relief';
      return blank(c.reason) ? { code: 'reason_required', needs: `a reason when the outcome is ${outcome}` } : null;
    },
  },
  propose_rejection: {
    actors: ['officer'], from: ['assigned', 'in_progress'], to: 'same', event: 'rejection_proposed', visibility: 'internal',
    validate: needsReason,
  },
  reject: {
    actors: ['head_of_office'], from: WORKING, to: 'rejected', event: 'rejected', visibility: 'public',
    validate: needsReason,
  },
  contest: {
    actors: ['citizen'], from: ['rejected'], to: 'assigned', raise: 'reopen', event: 'contested', visibility: 'public',
    validate: needsReason,
  },
  feedback: {
    actors: ['citizen'], from: ['resolved', 'closed_no_response'], to: 'closed', event: 'citizen_satisfied', visibility: 'public',
    // A complaint closed for no response is already closed; the citizen's late answer can only reopen it.
    refuseIn: (state, c) => (state === 'closed_no_response' && c.satisfied === true
      ? "A complaint closed without the citizen's answer can only be reopened: feedback must say not satisfied."
      : null),
    validate: (c) => {
      if (typeof c.satisfied !== 'boolean') return { code: 'invalid_command', needs: 'an answer: satisfied or not' };
      if (c.satisfied || !blank(c.reason)) return null;
      return { code: 'reason_required', needs: 'a reason when the citizen is not satisfied' };
    },
    vary: (_state, c) => (c.satisfied ? null : { to: 'assigned', raise: 'reopen', event: 'citizen_not_satisfied' }),
  },
  withdraw: {
    actors: ['citizen'], from: OPEN_STATES, to: 'withdrawn', event: 'withdrawn', visibility: 'public',
    validate: (c) => (c.reason === undefined || typeof c.reason === 'string'
      ? null
      : { code: 'invalid_command', needs: 'a reason in words, or none' }),
  },
  merge_duplicate: {
    actors: HANDLERS, from: ['submitted', ...WORKING], to: 'duplicate', event: 'merged_as_duplicate', visibility: 'public',
    validate: (c) => needsText(c.masterComplaintId, 'the complaint it duplicates'),
  },
  close_no_response: {
    actors: ['system'], from: ['resolved'], to: 'closed_no_response', event: 'closed_no_response', visibility: 'public',
  },
  escalate: {
    actors: ['system'], from: ['triage', 'assigned', 'in_progress'], to: 'same', raise: 'escalate',
    event: 'escalated', visibility: 'internal',
  },
};

/** The row for a command type, seen as a row for any command (each row only ever receives its own command). */
export function ruleOf(type: CommandType): CommandRule {
  // TypeScript cannot see that COMMAND_RULES[type] only meets commands of that type, hence the one cast.
  return COMMAND_RULES[type] as unknown as CommandRule;
}
