import type { StaffRole } from '../actor.js';

/** Every state a complaint can be in (DESIGN.md section 2); a complaint is in exactly one. */
export const COMPLAINT_STATES = [
  'submitted',
  'triage',
  'assigned',
  'in_progress',
  'awaiting_citizen',
  'resolved',
  'closed',
  'closed_no_response',
  'withdrawn',
  'duplicate',
  'rejected',
] as const;

/** A complaint's lifecycle state. */
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/** States in which the complaint is still being worked on or waits for the citizen's answer. */
export const OPEN_STATES = [
  'submitted',
  'triage',
  'assigned',
  'in_progress',
  'awaiting_citizen',
  // Resolved is still open: only the citizen's "satisfied" (or the no-response policy) closes it.
  'resolved',
] as const satisfies readonly ComplaintState[];

/** A state in which the complaint is still open. */
export type OpenState = (typeof OPEN_STATES)[number];

/** A final state: the complaint is closed, though some final states can be reopened (contest, not satisfied). */
export type FinalState = Exclude<ComplaintState, OpenState>;

/** The kinds of closure, counted apart in every statistic. */
export type ClosureKind = 'satisfied' | 'no_response' | 'withdrawn' | 'duplicate' | 'rejected';

/** Which kind of closure each final state is; `closed` means the citizen said they were satisfied. */
export const CLOSURE_KIND: Readonly<Record<FinalState, ClosureKind>> = {
  closed: 'satisfied',
  closed_no_response: 'no_response',
  withdrawn: 'withdrawn',
  duplicate: 'duplicate',
  rejected: 'rejected',
};

/** Every final state (the keys of CLOSURE_KIND). */
export const FINAL_STATES = Object.keys(CLOSURE_KIND) as readonly FinalState[];

/** True when the value is one of COMPLAINT_STATES (for checking states read from storage or requests). */
export function isComplaintState(value: unknown): value is ComplaintState {
  return typeof value === 'string' && (COMPLAINT_STATES as readonly string[]).includes(value);
}

/** True while the complaint is open (not in a final state). */
export function isOpen(state: ComplaintState): state is OpenState {
  return (OPEN_STATES as readonly ComplaintState[]).includes(state);
}

/** Who holds the complaint at each escalation level; the index is the level. */
export const ESCALATION_LEVELS = [
  'officer',
  'head_of_office',
  'department_monitor',
  'provincial_monitor',
] as const satisfies readonly StaffRole[];

/** How far up the chain a complaint has gone: 0 officer, 1 head of office, 2 department monitor, 3 provincial monitor. */
export type EscalationLevel = 0 | 1 | 2 | 3;

/** The highest escalation level (the provincial monitor). */
export const MAX_ESCALATION_LEVEL = 3 satisfies EscalationLevel;

/** True when the value is a whole number from 0 to MAX_ESCALATION_LEVEL. */
export function isEscalationLevel(value: unknown): value is EscalationLevel {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_ESCALATION_LEVEL;
}

/** What a resolution gave the citizen. */
export const OUTCOMES = ['full_relief', 'partial_relief', 'no_relief'] as const;

/** The outcome recorded when an office resolves a complaint. */
export type Outcome = (typeof OUTCOMES)[number];

/** Whether an event shows on the public timeline or only to staff. */
export type Visibility = 'public' | 'internal';

/** The part of a complaint the lifecycle rules look at. */
export interface LifecycleSnapshot {
  state: ComplaintState;
  escalationLevel: EscalationLevel;
}

/** Where every complaint starts. */
export const INITIAL_SNAPSHOT: Readonly<LifecycleSnapshot> = {
  state: 'submitted',
  escalationLevel: 0,
};
