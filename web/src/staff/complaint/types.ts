/** What the complaint page reads from the API (StaffComplaintView and the office and officer lists). */

export interface Names {
  en: string;
  ur: string | null;
  ps: string | null;
}

export type Named = { id: string; name: Names } | null;

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  visibility: string;
  actorRole: string;
  actorId: string | null;
  details: Record<string, unknown>;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  eventSeq: number | null;
  url: string;
}

export interface AttributeAnswer {
  code: string;
  label: { en: string; ur: string; ps: string } | null;
  value: string | number | string[];
  valueLabels: { en: string; ur: string; ps: string }[] | null;
}

/** GET /api/v1/staff/complaints/{code} */
export interface StaffComplaint {
  code: string;
  version: number;
  state: string;
  category: Named;
  department: Named;
  office: Named;
  area: Named;
  escalationLevel: number;
  outcome: string | null;
  channel: string;
  language: string;
  description: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  anonymous: boolean;
  attributes: AttributeAnswer[];
  assignedOfficerId: string | null;
  masterCode: string | null;
  submittedAt: string;
  updatedAt: string;
  dueAt: string | null;
  slaPaused: boolean;
  closedAt: string | null;
  feedbackRating: number | null;
  /** The abuse screen's flag at intake (absent from older servers' answers). */
  moderation?: { status: 'none' | 'pending' | 'cleared' | 'upheld'; reasons: string[] };
  /** The urgency model's guess at intake (the organisation's own label), or null without a model. */
  urgency?: { label: string; confidence: number } | null;
  timeline: TimelineEntry[];
  attachments: Attachment[];
  actions: string[];
}

/** GET /api/v1/staff/offices */
export interface OfficeOption {
  id: string;
  name: Names;
  department: Named;
  area: Named;
}

/** GET /api/v1/staff/offices/{officeId}/officers */
export interface Officer {
  id: string;
  displayName: string;
  role: string;
}

/** The API path of each action the complaint's `actions` can list. */
export const ACTION_PATHS = {
  acknowledge: 'acknowledge',
  assign_officer: 'assign',
  ask_information: 'information-requests',
  add_note: 'notes',
  public_update: 'updates',
  transfer: 'transfer',
  recategorise: 'category',
  assign_office: 'office',
  resolve: 'resolve',
  propose_rejection: 'rejection-proposal',
  reject: 'reject',
  merge_duplicate: 'merge',
} as const;

export type ActionType = keyof typeof ACTION_PATHS;

export function isActionType(value: string): value is ActionType {
  return Object.hasOwn(ACTION_PATHS, value);
}

/** An open complaint that may be the same problem (GET /staff/complaints/{code}/duplicates): a merge candidate. */
export interface PossibleDuplicate {
  code: string;
  state: string;
  submittedAt: string;
  /** The duplicate score, 0 to 1. */
  likeness: number;
  distanceKm: number | null;
  followers: number;
  description: string;
}
