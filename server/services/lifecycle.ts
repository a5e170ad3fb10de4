import { decide, isComplaintState, isEscalationLevel, type Decision, type LifecycleCommand, type LifecycleSnapshot } from '../domain/lifecycle/index.js';
import type { ActorRole } from '../domain/actor.js';
import { AppError, invalidFields, transitionRefused } from '../errors.js';

type Stored = { id: string; state: string; escalationLevel: number };

/** The lifecycle's view of a stored complaint; a row outside the lifecycle is corrupt data (a 500), not a user's error. */
export function snapshotOf(c: Stored): LifecycleSnapshot {
  if (!isComplaintState(c.state) || !isEscalationLevel(c.escalationLevel)) throw new Error(`complaint ${c.id} holds an unknown state`);
  return { state: c.state, escalationLevel: c.escalationLevel };
}

/**
 * Asks the lifecycle and turns a refusal into the answer a client gets: a missing reason or malformed field is the
 * request's fault (422), a role that may never take the action is forbidden (403), anything else is the state's (409).
 */
export function decideOrThrow(c: Stored, command: LifecycleCommand, role: ActorRole): Extract<Decision, { ok: true }> {
  const decision = decide(snapshotOf(c), command, { role });
  if (decision.ok) return decision;
  if (decision.code === 'reason_required') throw invalidFields(decision.message, [{ pointer: '/reason', detail: 'a reason is required here' }]);
  if (decision.code === 'invalid_command') throw invalidFields(decision.message, []);
  if (decision.code === 'actor_not_allowed') throw new AppError(403, 'actor_not_allowed', 'Not allowed for your role', decision.message);
  throw transitionRefused(decision.code, decision.message);
}
