import type { Names, PublicComplaint, TimelineEntry } from '../../api.js';
import { secretFor } from '../../citizen-secrets.js';
import { api, type ApiOptions, type ApiResult } from '../../http.js';

/** The citizen's own part of a complaint (`own`), sent only to its owner. */
export interface OwnPart {
  description: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  anonymous: boolean;
  /** Answers to the category's extra fields, with their questions. */
  attributes?: { code: string; label: Names | null; value: string | number | string[]; valueLabels: Names[] | null }[];
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number; url: string }[];
}

/** GET /api/v1/complaints/{code} as the track page reads it: the public view, what the citizen may do, and `own` for the owner. */
export interface TrackedComplaint extends PublicComplaint {
  citizenActions?: string[];
  own?: OwnPart;
}

/** How the page proves it is the owner: the secret kept on this device, or the signed-in citizen's session. */
export type Auth = { kind: 'secret'; secret: string } | { kind: 'session' } | { kind: 'none' };

export type Loaded = { kind: 'found'; complaint: TrackedComplaint; auth: Auth } | { kind: 'not_found' } | { kind: 'invalid' } | { kind: 'failed' };

export type Caller = <T>(path: string, options?: ApiOptions) => Promise<ApiResult<T>>;

/** A caller that proves ownership as `auth` says (the session's caller adds its CSRF token). */
export function callerFor(auth: Auth, sessionCall: Caller): Caller {
  if (auth.kind === 'secret') return (path, options = {}) => api(path, { ...options, headers: { ...options.headers, authorization: `Bearer ${auth.secret}` } });
  if (auth.kind === 'session') return sessionCall;
  return api;
}

/**
 * Loads the complaint as its owner if this device can prove it (the secret, then the session), else the public
 * view. A refused proof (another citizen's complaint, a stale secret) falls back to the public view.
 */
export async function loadComplaint(code: string, signedIn: boolean, sessionCall: Caller, signal: AbortSignal): Promise<Loaded> {
  const path = `/api/v1/complaints/${encodeURIComponent(code)}`;
  const secret = secretFor(code);
  if (secret !== null) {
    const mine = await api<TrackedComplaint>(path, { headers: { authorization: `Bearer ${secret}` }, signal });
    if (mine.ok) return { kind: 'found', complaint: mine.data, auth: { kind: 'secret', secret } };
  }
  if (signedIn) {
    const mine = await sessionCall<TrackedComplaint>(`/api/v1/citizen/complaints/${encodeURIComponent(code)}`, { signal });
    if (mine.ok) return { kind: 'found', complaint: mine.data, auth: { kind: 'session' } };
  }
  const result = await api<TrackedComplaint>(path, { signal });
  if (result.ok) return { kind: 'found', complaint: result.data, auth: { kind: 'none' } };
  if (result.problem.status === 404) return { kind: 'not_found' };
  if (result.problem.status === 400) return { kind: 'invalid' };
  return { kind: 'failed' };
}

/** The timeline with `entry` in its place (by seq), unless it is there already. */
export function withEntry(timeline: TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  if (timeline.some((e) => e.seq === entry.seq)) return timeline;
  return [...timeline, entry].sort((a, b) => a.seq - b.seq);
}

/** Whether an SSE message's data is a timeline entry. */
export function isEntry(value: unknown): value is TimelineEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.seq === 'number' && typeof e.type === 'string' && typeof e.at === 'string' && typeof e.by === 'string' && typeof e.details === 'object' && e.details !== null;
}
