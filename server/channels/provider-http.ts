/** One HTTP request to a messaging provider's API. */
export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** A provider's answer: the HTTP status and the body (parsed when it is JSON, else the text). */
export interface ProviderResponse {
  status: number;
  body: unknown;
}

/** The shape of the one function every provider call goes through. */
export type ProviderHttp = (request: ProviderRequest) => Promise<ProviderResponse>;

/**
 * POSTs to a provider (Twilio, the WhatsApp Graph API). Every SMS and WhatsApp call goes through here: the base URLs
 * are configuration, so tests point them at local fakes, and a slow provider is cut off at `timeoutMs`. Redirects
 * are refused: a provider never moves its message endpoint, and following one would resend the credentials.
 * Throws on a network failure or time-out; any HTTP answer is returned as it is.
 */
export const postToProvider: ProviderHttp = async (request) => {
  const response = await fetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    redirect: 'error',
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body };
};

/** Why a provider call threw, in a few words that carry no personal data. */
export function transportError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer in time';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : null;
  return code ? `unreachable (${code})` : 'unreachable';
}
