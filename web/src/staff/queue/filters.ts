/**
 * The queue's filters and their place in the URL (/staff?state=submitted&overdue=true…), so a view of the queue can
 * be bookmarked, shared and saved. The same names as GET /api/v1/staff/complaints and the saved views' `filters`.
 */

export const STATES = ['submitted', 'triage', 'assigned', 'in_progress', 'awaiting_citizen', 'resolved', 'closed', 'closed_no_response', 'withdrawn', 'duplicate', 'rejected'] as const;
export type ComplaintState = (typeof STATES)[number];

/** The states a queue shows when none is chosen (the server's default too). */
export const OPEN_STATES: readonly ComplaintState[] = ['submitted', 'triage', 'assigned', 'in_progress', 'awaiting_citizen', 'resolved'];

export interface QueueFilters {
  state?: ComplaintState[];
  officeId?: string;
  assignee?: 'me' | 'unassigned';
  overdue?: boolean;
  escalationLevel?: number;
  categoryId?: string;
}

const isState = (value: string): value is ComplaintState => (STATES as readonly string[]).includes(value);
const ID = /^[\w.:@-]{1,200}$/;

/** Reads filters from a query string; anything unknown or malformed is left out (a hand-edited URL never breaks the page). */
export function parseFilters(search: string): QueueFilters {
  const query = new URLSearchParams(search);
  const filters: QueueFilters = {};
  const states = [...new Set(query.getAll('state').filter(isState))];
  if (states.length > 0) filters.state = STATES.filter((s) => states.includes(s));
  const officeId = query.get('officeId');
  if (officeId && ID.test(officeId)) filters.officeId = officeId;
  const assignee = query.get('assignee');
  if (assignee === 'me' || assignee === 'unassigned') filters.assignee = assignee;
  if (query.get('overdue') === 'true') filters.overdue = true;
  const level = query.get('escalationLevel');
  if (level !== null && /^[0-3]$/.test(level)) filters.escalationLevel = Number(level);
  const categoryId = query.get('categoryId');
  if (categoryId && ID.test(categoryId) && categoryId.length <= 80) filters.categoryId = categoryId;
  return filters;
}

/** The filters as a query string (without "?"), in a fixed order; empty for no filters. */
export function filtersToQuery(filters: QueueFilters): string {
  const query = new URLSearchParams();
  for (const state of STATES) if (filters.state?.includes(state)) query.append('state', state);
  if (filters.officeId) query.set('officeId', filters.officeId);
  if (filters.assignee) query.set('assignee', filters.assignee);
  if (filters.overdue) query.set('overdue', 'true');
  if (filters.escalationLevel !== undefined) query.set('escalationLevel', String(filters.escalationLevel));
  if (filters.categoryId) query.set('categoryId', filters.categoryId);
  return query.toString();
}

/** Filters from a saved view (stored by the server, but checked again as a URL would be). */
export function normaliseFilters(filters: QueueFilters): QueueFilters {
  return parseFilters(filtersToQuery(filters));
}

/** "3 d 4 h", "2 h 5 min", "12 min": the parts of a duration the queue shows (at least one minute). */
export function durationParts(ms: number): { days: number; hours: number; minutes: number } {
  const minutesTotal = Math.max(1, Math.floor(Math.abs(ms) / 60_000));
  return { days: Math.floor(minutesTotal / 1440), hours: Math.floor((minutesTotal % 1440) / 60), minutes: minutesTotal % 60 };
}
