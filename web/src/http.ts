/**
 * One way to call the API from the browser: JSON or multipart in, JSON out, and every refusal as the server's
 * problem+json (RFC 9457) with the fields it names, so a form can put each message beside its field.
 * A connection that fails is a problem too (`status: 0`, `code: 'network'`), never a thrown error, unless the
 * caller aborted.
 */

export interface FieldProblem {
  /** JSON pointer of the field (`/contact/phone`, `/querystring/from`). */
  pointer: string;
  detail: string;
}

export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldProblem[];
  retryAfter?: number;
  [extension: string]: unknown;
}

export type ApiResult<T> = { ok: true; status: number; data: T; headers: Headers } | { ok: false; problem: Problem };

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** A JSON body. */
  json?: unknown;
  /** A multipart body (photos, scans). */
  form?: FormData;
  /** Sent as X-CSRF-Token (a signed-in citizen's or staff member's changes). */
  csrfToken?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export const NETWORK_PROBLEM: Problem = { status: 0, code: 'network', title: 'No connection', detail: 'The server could not be reached.' };

export async function api<T>(path: string, options: ApiOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  let body: BodyInit | null = null;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) body = options.form;
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? (body === null ? 'GET' : 'POST'), headers, body, signal: options.signal ?? null, credentials: 'same-origin' });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { ok: false, problem: NETWORK_PROBLEM };
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T, headers: response.headers };
  const problem = isProblem(parsed) ? parsed : { status: response.status, code: `http_${response.status}`, title: response.statusText || 'Error', detail: text.slice(0, 200) };
  return { ok: false, problem: { ...problem, status: response.status } };
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string' && typeof (value as Problem).title === 'string';
}

/** The field problems under `pointer` (itself and below), for showing beside that field. */
export function problemsAt(problem: Problem | null, pointer: string): FieldProblem[] {
  return (problem?.errors ?? []).filter((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`));
}
