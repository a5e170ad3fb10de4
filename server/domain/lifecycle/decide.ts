import type { ActorRole } from '../actor.js';
import { COMMAND_TITLES, COMMAND_TYPES, STATE_LABELS } from './commands.js';
import type { CommandType, LifecycleCommand } from './commands.js';
import type { EventType } from './events.js';
import { COMMAND_RULES, ruleOf } from './rules.js';
import type { CommandRule, Raise } from './rules.js';
import { ESCALATION_LEVELS, MAX_ESCALATION_LEVEL, isComplaintState, isEscalationLevel, isOpen } from './states.js';
import type { ComplaintState, EscalationLevel, LifecycleSnapshot, Visibility } from './states.js';

/** Why a command was refused; stable codes for errors and tests. */
export type RefusalCode =
  | 'transition_not_allowed'
  | 'actor_not_allowed'
  | 'reason_required'
  | 'escalation_exhausted'
  | 'invalid_command';

/** The lifecycle's answer to a command: what to write, or why nothing may be written. */
export type Decision =
  | {
      ok: true;
      state: ComplaintState;
      escalationLevel: EscalationLevel;
      eventType: EventType;
      visibility: Visibility;
      /** Entered a final state. */
      closes: boolean;
      /** Sent back to work after a resolution or rejection (not satisfied, contest); one escalation level up. */
      reopened: boolean;
      /** Entered awaiting_citizen: the SLA clock stops until the citizen answers. */
      pausesSla: boolean;
      /** Left awaiting_citizen. */
      resumesSla: boolean;
    }
  | { ok: false; code: RefusalCode; message: string };

/** A refused decision. */
export type Refusal = Extract<Decision, { ok: false }>;

const ROLE_LABELS: Readonly<Record<ActorRole, string>> = {
  citizen: 'the citizen',
  intake_agent: 'an intake agent',
  officer: 'an officer',
  head_of_office: 'a head of office',
  department_monitor: 'a department monitor',
  provincial_monitor: 'a provincial monitor',
  analyst: 'an analyst',
  administrator: 'an administrator',
  system: 'the system',
};

function refuse(code: RefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}

function ruleFor(type: unknown): CommandRule | undefined {
  return typeof type === 'string' && Object.hasOwn(COMMAND_RULES, type) ? ruleOf(type as CommandType) : undefined;
}

/** The level after a raise, or null when `escalate` is asked at the top level. Reopening at the top stays there. */
function raiseLevel(level: EscalationLevel, raise: Raise | undefined): EscalationLevel | null {
  if (raise === undefined) return level;
  if (level < MAX_ESCALATION_LEVEL) return (level + 1) as EscalationLevel;
  return raise === 'reopen' ? level : null;
}

/** True when this role may ever take the command (in some state): checked before anything else is looked up. */
export function roleMayTake(type: CommandType, role: ActorRole): boolean {
  return actorAllowed(ruleOf(type), role);
}

// The three predicates below are shared by decide() and availableCommands(), so the two cannot disagree.
function fromAllowed(rule: CommandRule, state: ComplaintState): boolean {
  return rule.from.includes(state);
}

function actorAllowed(rule: CommandRule, role: ActorRole): boolean {
  return rule.actors.includes(role);
}

function exhausted(rule: CommandRule, level: EscalationLevel): boolean {
  return rule.raise === 'escalate' && raiseLevel(level, rule.raise) === null;
}

function assertSnapshot(snapshot: LifecycleSnapshot): void {
  // A bad snapshot is corrupt data from storage, not a user's mistake, so it is thrown rather than refused.
  if (!isComplaintState(snapshot.state) || !isEscalationLevel(snapshot.escalationLevel)) {
    throw new TypeError(`Invalid lifecycle snapshot: ${JSON.stringify(snapshot)}`);
  }
}

/**
 * Decides whether `actor` may apply `command` to a complaint in `snapshot`, and what it leads to.
 * Checks run in this order and the first failure is reported: known command (invalid_command), state
 * (transition_not_allowed), actor (actor_not_allowed), fields (reason_required or invalid_command), escalation level
 * (escalation_exhausted). Pure: the caller writes the new state and the event only when `ok` is true.
 */
export function decide(snapshot: LifecycleSnapshot, command: LifecycleCommand, actor: { role: ActorRole }): Decision {
  assertSnapshot(snapshot);
  const type: unknown = (command as { type?: unknown } | null)?.type;
  const rule = ruleFor(type);
  if (!rule) return refuse('invalid_command', `"${String(type)}" is not a command this system knows.`);
  const { state, escalationLevel } = snapshot;
  const title = COMMAND_TITLES[command.type];
  const where = STATE_LABELS[state];
  if (!fromAllowed(rule, state)) {
    return refuse('transition_not_allowed', `${title} is not possible while the complaint is ${where}.`);
  }
  const narrower = rule.refuseIn?.(state, command);
  if (narrower) return refuse('transition_not_allowed', narrower);
  if (!actorAllowed(rule, actor.role)) {
    const who = ROLE_LABELS[actor.role] ?? `role "${String(actor.role)}"`;
    return refuse('actor_not_allowed', `${title} is not allowed for ${who} while the complaint is ${where}.`);
  }
  const problem = rule.validate?.(command);
  if (problem) return refuse(problem.code, `${title} needs ${problem.needs}; the complaint stays ${where}.`);
  if (exhausted(rule, escalationLevel)) {
    const top = ESCALATION_LEVELS[MAX_ESCALATION_LEVEL].replaceAll('_', ' ');
    return refuse('escalation_exhausted',
      `${title} is not possible: the complaint (${where}) is already with the ${top}, the highest level.`);
  }
  return apply(snapshot, rule, command);
}

function apply(snapshot: LifecycleSnapshot, rule: CommandRule, command: LifecycleCommand): Decision {
  const effect = { to: rule.to, raise: rule.raise, event: rule.event, ...rule.vary?.(snapshot.state, command) };
  const level = raiseLevel(snapshot.escalationLevel, effect.raise);
  if (level === null) throw new Error('unreachable: escalation checked before apply');
  const before = snapshot.state;
  const after = effect.to === 'same' ? before : effect.to;
  return {
    ok: true,
    state: after,
    escalationLevel: level,
    eventType: effect.event,
    visibility: rule.visibility,
    closes: isOpen(before) && !isOpen(after),
    reopened: effect.raise === 'reopen',
    pausesSla: before !== 'awaiting_citizen' && after === 'awaiting_citizen',
    resumesSla: before === 'awaiting_citizen' && after !== 'awaiting_citizen',
  };
}

/**
 * Command types `role` could take on a complaint in `snapshot` now, given valid fields (for the permission map the
 * web app uses to show only what the user may do). Feedback is listed on a complaint closed for no response because
 * "not satisfied" is still possible there.
 */
export function availableCommands(snapshot: LifecycleSnapshot, role: ActorRole): CommandType[] {
  assertSnapshot(snapshot);
  return COMMAND_TYPES.filter((type) => {
    const rule = ruleOf(type);
    return fromAllowed(rule, snapshot.state) && actorAllowed(rule, role) && !exhausted(rule, snapshot.escalationLevel);
  });
}
