/** Every event type the lifecycle records; `submitted` is the creation event, the rest follow commands. */
export const EVENT_TYPES = [
  'submitted',
  'routed',
  'triaged',
  'office_assigned',
  'acknowledged',
  'officer_assigned',
  'information_requested',
  'information_provided',
  'note_added',
  'update_posted',
  'transferred',
  'recategorised',
  'resolved',
  'rejection_proposed',
  'rejected',
  'contested',
  'citizen_satisfied',
  'citizen_not_satisfied',
  'withdrawn',
  'merged_as_duplicate',
  'closed_no_response',
  'escalated',
] as const;

/** The type of a complaint event (complaint_events.type). */
export type EventType = (typeof EVENT_TYPES)[number];
