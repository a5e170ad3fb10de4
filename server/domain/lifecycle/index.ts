/** The complaint lifecycle (DESIGN.md section 2): states, commands and the pure decision of what a command does. */
export {
  COMPLAINT_STATES,
  OPEN_STATES,
  FINAL_STATES,
  CLOSURE_KIND,
  ESCALATION_LEVELS,
  MAX_ESCALATION_LEVEL,
  OUTCOMES,
  INITIAL_SNAPSHOT,
  isOpen,
  isComplaintState,
  isEscalationLevel,
} from './states.js';
export type {
  ComplaintState,
  OpenState,
  FinalState,
  ClosureKind,
  EscalationLevel,
  Outcome,
  Visibility,
  LifecycleSnapshot,
} from './states.js';
export { EVENT_TYPES } from './events.js';
export type { EventType } from './events.js';
export { COMMAND_TYPES } from './commands.js';
export type { LifecycleCommand, CommandType, CommandOf } from './commands.js';
export { decide, availableCommands, roleMayTake } from './decide.js';
export type { Decision, Refusal, RefusalCode } from './decide.js';
