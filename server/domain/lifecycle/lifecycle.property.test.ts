import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTOR_ROLES } from '../actor.js';
import type { ActorRole } from '../actor.js';
import {
  COMMAND_TYPES,
  COMPLAINT_STATES,
  INITIAL_SNAPSHOT,
  MAX_ESCALATION_LEVEL,
  OUTCOMES,
  availableCommands,
  decide,
} from './index.js';
import type { CommandType, EscalationLevel, LifecycleCommand, LifecycleSnapshot } from './index.js';

const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '');
const blankish = fc.constantFrom('', ' ', '\t\n');
const id = fc.uuid();

/** Random commands of each type that pass field validation. */
const VALID: { [T in CommandType]: fc.Arbitrary<LifecycleCommand> } = {
  route: id.map((officeId) => ({ type: 'route', officeId })),
  send_to_triage: text.map((reason) => ({ type: 'send_to_triage', reason })),
  assign_office: id.map((officeId) => ({ type: 'assign_office', officeId })),
  acknowledge: fc.constant({ type: 'acknowledge' }),
  assign_officer: id.map((officerId) => ({ type: 'assign_officer', officerId })),
  ask_information: text.map((question) => ({ type: 'ask_information', question })),
  provide_information: fc.constant({ type: 'provide_information' }),
  add_note: fc.constant({ type: 'add_note' }),
  public_update: fc.constant({ type: 'public_update' }),
  transfer: fc.record({ toOfficeId: id, reason: text }).map((f) => ({ type: 'transfer', ...f })),
  recategorise: fc.record({ categoryId: text, reason: text }).map((f) => ({ type: 'recategorise', ...f })),
  resolve: fc.oneof(
    fc.constant({ type: 'resolve', outcome: 'full_relief' } as const),
    fc.record({ outcome: fc.constantFrom(...OUTCOMES), reason: text }).map((f): LifecycleCommand => ({ type: 'resolve', ...f })),
  ),
  propose_rejection: text.map((reason) => ({ type: 'propose_rejection', reason })),
  reject: text.map((reason) => ({ type: 'reject', reason })),
  contest: text.map((reason) => ({ type: 'contest', reason })),
  feedback: fc.oneof(
    fc.constant({ type: 'feedback', satisfied: true } as const),
    text.map((reason): LifecycleCommand => ({ type: 'feedback', satisfied: false, reason })),
  ),
  withdraw: fc.option(fc.string(), { nil: undefined }).map((reason) => ({ type: 'withdraw', reason })),
  merge_duplicate: id.map((masterComplaintId) => ({ type: 'merge_duplicate', masterComplaintId })),
  close_no_response: fc.constant({ type: 'close_no_response' }),
  escalate: fc.constant({ type: 'escalate' }),
};

/** Commands with blank reasons or missing fields, to mix refusals into the walks. */
const INVALID: fc.Arbitrary<LifecycleCommand> = fc.oneof<fc.Arbitrary<LifecycleCommand>[]>(
  blankish.map((reason) => ({ type: 'reject', reason })),
  blankish.map((reason) => ({ type: 'contest', reason })),
  blankish.map((reason) => ({ type: 'feedback', satisfied: false, reason })),
  blankish.map((reason) => ({ type: 'resolve', outcome: 'no_relief', reason })),
  blankish.map((officeId) => ({ type: 'route', officeId })),
  blankish.map((reason) => ({ type: 'recategorise', categoryId: 'c', reason })),
);

const anyCommand = fc.oneof({ arbitrary: fc.oneof(...Object.values(VALID)), weight: 5 }, { arbitrary: INVALID, weight: 1 });
const anyRole = fc.constantFrom(...ACTOR_ROLES);
const anyState = fc.constantFrom(...COMPLAINT_STATES);
const anyLevel = fc.constantFrom<EscalationLevel>(0, 1, 2, 3);
const anySnapshot = fc.record({ state: anyState, escalationLevel: anyLevel });

/** One valid command per alternative that matters to the rules (feedback both ways, resolve each outcome). */
const EXAMPLES: { [T in CommandType]: LifecycleCommand[] } = {
  route: [{ type: 'route', officeId: 'o' }],
  send_to_triage: [{ type: 'send_to_triage', reason: 'r' }],
  assign_office: [{ type: 'assign_office', officeId: 'o' }],
  acknowledge: [{ type: 'acknowledge' }],
  assign_officer: [{ type: 'assign_officer', officerId: 'u' }],
  ask_information: [{ type: 'ask_information', question: 'q' }],
  provide_information: [{ type: 'provide_information' }],
  add_note: [{ type: 'add_note' }],
  public_update: [{ type: 'public_update' }],
  transfer: [{ type: 'transfer', toOfficeId: 'o', reason: 'r' }],
  recategorise: [{ type: 'recategorise', categoryId: 'c', reason: 'r' }],
  resolve: OUTCOMES.map((outcome) => ({ type: 'resolve', outcome, reason: 'r' })),
  propose_rejection: [{ type: 'propose_rejection', reason: 'r' }],
  reject: [{ type: 'reject', reason: 'r' }],
  contest: [{ type: 'contest', reason: 'r' }],
  feedback: [{ type: 'feedback', satisfied: true }, { type: 'feedback', satisfied: false, reason: 'r' }],
  withdraw: [{ type: 'withdraw' }],
  merge_duplicate: [{ type: 'merge_duplicate', masterComplaintId: 'c' }],
  close_no_response: [{ type: 'close_no_response' }],
  escalate: [{ type: 'escalate' }],
};
const ALL_EXAMPLES = Object.values(EXAMPLES).flat();

interface Step { command: LifecycleCommand; role: ActorRole }

/** Checks the invariants of one step and returns the snapshot after it. */
function step(before: LifecycleSnapshot, { command, role }: Step): LifecycleSnapshot {
  const decision = decide(before, command, { role });
  if (!decision.ok) return before;
  const after = { state: decision.state, escalationLevel: decision.escalationLevel };
  expect(COMPLAINT_STATES).toContain(after.state);
  expect(after.escalationLevel).toBeGreaterThanOrEqual(before.escalationLevel);
  expect(after.escalationLevel).toBeLessThanOrEqual(MAX_ESCALATION_LEVEL);
  if (after.state === 'closed' && before.state !== 'closed') {
    expect({ type: command.type, role, satisfied: (command as { satisfied?: unknown }).satisfied })
      .toEqual({ type: 'feedback', role: 'citizen', satisfied: true });
  }
  return after;
}

describe('lifecycle properties', () => {
  it('keeps random command sequences within the states, with a level in 0..3 that never falls, and closed only by a satisfied citizen', () => {
    const steps = fc.array(fc.record({ command: anyCommand, role: anyRole }), { maxLength: 100, size: 'max' });
    fc.assert(fc.property(steps, (sequence) => {
      sequence.reduce(step, INITIAL_SNAPSHOT);
    }), { numRuns: 500 });
  });

  it('keeps the same invariants on walks that only take allowed steps, so they reach deep states', () => {
    const pick = fc.noBias(fc.nat({ max: 719 })); // unbiased, so late options are picked as often as early ones
    const choices = fc.array(fc.tuple(pick, pick), { minLength: 20, maxLength: 100, size: 'max' });
    const visited = new Set<string>();
    fc.assert(fc.property(choices, (picks) => {
      let snapshot: LifecycleSnapshot = INITIAL_SNAPSHOT;
      for (const [pickCommand, pickRole] of picks) {
        // Pick a command first and then a role, so that commands many roles may take do not crowd out the rest.
        const commands = ALL_EXAMPLES.filter((command) => ACTOR_ROLES.some((role) => decide(snapshot, command, { role }).ok));
        const command = commands[pickCommand % Math.max(commands.length, 1)];
        if (!command) {
          snapshot = INITIAL_SNAPSHOT; // a dead end (closed, withdrawn, duplicate): start a new complaint
          continue;
        }
        const roles = ACTOR_ROLES.filter((role) => decide(snapshot, command, { role }).ok);
        const chosen = { command, role: roles[pickRole % roles.length]! };
        snapshot = step(snapshot, chosen);
        visited.add(`${snapshot.state}@${snapshot.escalationLevel}`);
      }
    }), { numRuns: 300 });
    // The walks are only worth something if they reach every state and the top escalation level.
    for (const state of COMPLAINT_STATES) expect([...visited].some((v) => v.startsWith(`${state}@`))).toBe(true);
    expect([...visited].some((v) => v.endsWith('@3'))).toBe(true);
  });

  it('changes nothing when it refuses: the inputs stay as they were and the refusal carries no new state', () => {
    fc.assert(fc.property(anySnapshot, anyCommand, anyRole, (snapshot, command, role) => {
      const frozenSnapshot = Object.freeze({ ...snapshot });
      const frozenCommand = Object.freeze({ ...command });
      const decision = decide(frozenSnapshot, frozenCommand, Object.freeze({ role }));
      expect(frozenSnapshot).toEqual(snapshot);
      expect(frozenCommand).toEqual(command);
      if (!decision.ok) {
        expect(Object.keys(decision).sort()).toEqual(['code', 'message', 'ok']);
        expect(decision.message.length).toBeGreaterThan(0);
      }
    }), { numRuns: 2000 });
  });

  it('offers a command type exactly when some valid command of that type would be accepted', () => {
    fc.assert(fc.property(anySnapshot, anyRole, fc.constantFrom(...COMMAND_TYPES), (snapshot, role, type) => {
      const offered = availableCommands(snapshot, role).includes(type);
      const accepted = EXAMPLES[type].some((command) => decide(snapshot, command, { role }).ok);
      expect(offered).toBe(accepted);
    }), { numRuns: 2000 });
  });

  it('offers every command type that a random valid command of it is accepted for', () => {
    const typed = fc.constantFrom(...COMMAND_TYPES).chain((type) => VALID[type]);
    fc.assert(fc.property(anySnapshot, anyRole, typed, (snapshot, role, command) => {
      if (decide(snapshot, command, { role }).ok) expect(availableCommands(snapshot, role)).toContain(command.type);
    }), { numRuns: 2000 });
  });

  it('agrees with decide on every state, level and role (exhaustively)', () => {
    for (const state of COMPLAINT_STATES) {
      for (const escalationLevel of [0, 1, 2, 3] as const) {
        for (const role of ACTOR_ROLES) {
          const accepted = COMMAND_TYPES.filter((type) =>
            EXAMPLES[type].some((command) => decide({ state, escalationLevel }, command, { role }).ok));
          expect(availableCommands({ state, escalationLevel }, role)).toEqual(accepted);
        }
      }
    }
  });
});
