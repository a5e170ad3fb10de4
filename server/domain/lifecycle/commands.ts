import type { ComplaintState, Outcome } from './states.js';

/**
 * Something an actor asks the lifecycle to do to a complaint. Free text that only goes into the event payload
 * (the note itself, the update's wording) is the service's business; fields here are the ones the rules read.
 */
export type LifecycleCommand =
  | { type: 'route'; officeId: string }
  | { type: 'send_to_triage'; reason: string }
  | { type: 'assign_office'; officeId: string }
  | { type: 'acknowledge' }
  | { type: 'assign_officer'; officerId: string }
  | { type: 'ask_information'; question: string }
  | { type: 'provide_information' }
  | { type: 'add_note' }
  | { type: 'public_update' }
  | { type: 'transfer'; toOfficeId: string; reason: string }
  | { type: 'recategorise'; categoryId: string; reason: string }
  | { type: 'resolve'; outcome: Outcome; reason?: string }
  | { type: 'propose_rejection'; reason: string }
  | { type: 'reject'; reason: string }
  | { type: 'contest'; reason: string }
  | { type: 'feedback'; satisfied: boolean; reason?: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'merge_duplicate'; masterComplaintId: string }
  | { type: 'close_no_response' }
  | { type: 'escalate' };

/** The name of a lifecycle command. */
export type CommandType = LifecycleCommand['type'];

/** The command whose type is T. */
export type CommandOf<T extends CommandType> = Extract<LifecycleCommand, { type: T }>;

/** Every command type, in the order a complaint usually meets them. */
export const COMMAND_TYPES = [
  'route',
  'send_to_triage',
  'assign_office',
  'acknowledge',
  'assign_officer',
  'ask_information',
  'provide_information',
  'add_note',
  'public_update',
  'transfer',
  'recategorise',
  'resolve',
  'propose_rejection',
  'reject',
  'contest',
  'feedback',
  'withdraw',
  'merge_duplicate',
  'close_no_response',
  'escalate',
] as const satisfies readonly CommandType[];

/** How each command reads in a message: "<title> is not possible while the complaint is <state>." */
export const COMMAND_TITLES: Readonly<Record<CommandType, string>> = {
  route: 'Routing to an office',
  send_to_triage: 'Sending to triage',
  assign_office: 'Assigning an office',
  acknowledge: 'Acknowledging',
  assign_officer: 'Assigning an officer',
  ask_information: 'Asking the citizen for information',
  provide_information: 'Providing information',
  add_note: 'Adding a note',
  public_update: 'Posting a public update',
  transfer: 'Transferring to another office',
  recategorise: 'Changing the category',
  resolve: 'Resolving',
  propose_rejection: 'Proposing rejection',
  reject: 'Rejecting',
  contest: 'Contesting the rejection',
  feedback: 'Giving feedback on the resolution',
  withdraw: 'Withdrawing',
  merge_duplicate: 'Merging as a duplicate',
  close_no_response: 'Closing for no response',
  escalate: 'Escalating',
};

/** How each state reads in a message, after "while the complaint is". */
export const STATE_LABELS: Readonly<Record<ComplaintState, string>> = {
  submitted: 'submitted',
  triage: 'in triage',
  assigned: 'assigned to an office',
  in_progress: 'in progress',
  awaiting_citizen: "waiting for the citizen's answer",
  resolved: 'resolved',
  closed: 'closed',
  closed_no_response: "closed without the citizen's answer",
  withdrawn: 'withdrawn',
  duplicate: 'merged as a duplicate',
  rejected: 'rejected',
};
