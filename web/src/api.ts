/** What GET /api/v1/complaints/{code} answers (ComplaintPublic in the API description), as far as the portal reads it. */
export interface Names {
  en: string;
  ur: string | null;
  ps: string | null;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  by: 'citizen' | 'office' | 'system';
  details: Record<string, unknown>;
}

export interface PublicComplaint {
  code: string;
  state: string;
  category: { id: string; serviceCode: string; name: Names } | null;
  department: { id: string; name: Names } | null;
  office: { id: string; name: Names } | null;
  area: { id: string; name: Names; level: string } | null;
  escalationLevel: number;
  outcome: string | null;
  submittedAt: string;
  updatedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  timeline: TimelineEntry[];
}

export type TrackResult = { kind: 'found'; complaint: PublicComplaint } | { kind: 'not_found' } | { kind: 'invalid' } | { kind: 'failed' };

/** Looks a complaint up by its tracking code (anyone may; no personal data comes back). */
export async function trackComplaint(code: string, signal?: AbortSignal): Promise<TrackResult> {
  try {
    const response = await fetch(`/api/v1/complaints/${encodeURIComponent(code)}`, { headers: { accept: 'application/json' }, signal: signal ?? null });
    if (response.ok) return { kind: 'found', complaint: (await response.json()) as PublicComplaint };
    if (response.status === 404) return { kind: 'not_found' };
    if (response.status === 400) return { kind: 'invalid' };
    return { kind: 'failed' };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { kind: 'failed' };
  }
}
