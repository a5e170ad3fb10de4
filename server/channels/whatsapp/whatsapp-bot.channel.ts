import { createHash } from 'node:crypto';
import type { DeliveryResult } from '../channel.js';
import { postToProvider, transportError, type ProviderHttp } from '../provider-http.js';
import type { WhatsAppConfig } from './whatsapp.channel.js';

/** A file fetched from the Graph API's media endpoint, or why it could not be. */
export type FetchedMedia = { ok: true; data: Buffer; mimeType: string | null } | { ok: false; reason: 'too_large' | 'unavailable'; retryable: boolean; error: string };

/** Fetches bytes by GET with the token (the media endpoint and its download URL); replaced in tests of failures. */
export type ProviderGet = (url: string, token: string, maxBytes: number, timeoutMs: number) => Promise<{ status: number; body: Buffer; tooLarge: boolean }>;

// Graph error codes that pass with time (as whatsapp.channel.ts reads them).
const RETRYABLE_CODES = new Set([4, 80007, 130429, 131000, 131016, 131056, 133004]);
// Meta's download URLs are on its own hosts; the token is sent to no other (in tests: the fake, the Graph URL's origin).
const META_HOSTS = /(^|\.)(fbsbx\.com|facebook\.com|whatsapp\.net|fbcdn\.net)$/i;

/**
 * The filing bot's side of the Cloud API: messages it composes itself (text, interactive reply buttons and lists),
 * and the photos and voice notes citizens send (GET {graph}/{version}/{media-id} for a short-lived URL, then GET
 * that URL, both with the Bearer token). Kept apart from WhatsAppChannel, which carries the outbox's messages.
 */
export class WhatsAppBotChannel {
  constructor(
    private readonly config: WhatsAppConfig,
    private readonly timeoutMs: number,
    private readonly http: ProviderHttp = postToProvider,
    private readonly get: ProviderGet = getWithLimit,
  ) {}

  /** Sends one message (a Graph message body less its recipient) to a WhatsApp number. */
  async send(to: string, message: Record<string, unknown>): Promise<DeliveryResult> {
    const { apiVersion, phoneNumberId, token } = this.config;
    let response;
    try {
      response = await this.http({
        url: `${this.base()}/${encodeURIComponent(apiVersion)}/${encodeURIComponent(phoneNumberId)}/messages`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: to.replace(/^\+/, ''), ...message }),
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      return { ok: false, retryable: true, error: `WhatsApp ${transportError(error)}` };
    }
    const body = asObject(response.body) as { messages?: { id?: unknown }[] };
    if (response.status === 200) {
      const id = body.messages?.[0]?.id;
      return { ok: true, providerId: typeof id === 'string' ? id : null };
    }
    return refusal(response.status, response.body);
  }

  /**
   * Fetches a citizen's file by its media id: its URL and declared size first (refused before downloading when over
   * `maxBytes`), then the bytes, whose sha256 must be the one Meta gave. No bytes are trusted for their declared type.
   */
  async fetchMedia(mediaId: string, maxBytes: number): Promise<FetchedMedia> {
    const { apiVersion, phoneNumberId, token } = this.config;
    try {
      const meta = await this.get(`${this.base()}/${encodeURIComponent(apiVersion)}/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(phoneNumberId)}`, token, 64 * 1024, this.timeoutMs);
      if (meta.status !== 200) return { ok: false, reason: 'unavailable', ...retryableOf(meta.status, parseJson(meta.body)) };
      const info = asObject(parseJson(meta.body)) as { url?: unknown; mime_type?: unknown; sha256?: unknown; file_size?: unknown };
      if (typeof info.url !== 'string' || !this.mayReceiveToken(info.url)) return { ok: false, reason: 'unavailable', retryable: false, error: 'WhatsApp media: no usable download URL' };
      if (typeof info.file_size === 'number' && info.file_size > maxBytes) return { ok: false, reason: 'too_large', retryable: false, error: 'WhatsApp media: over the size limit' };
      const file = await this.get(info.url, token, maxBytes, this.timeoutMs);
      if (file.tooLarge) return { ok: false, reason: 'too_large', retryable: false, error: 'WhatsApp media: over the size limit' };
      if (file.status !== 200) return { ok: false, reason: 'unavailable', ...retryableOf(file.status, null) };
      if (typeof info.sha256 === 'string' && !sameDigest(file.body, info.sha256)) return { ok: false, reason: 'unavailable', retryable: false, error: 'WhatsApp media: sha256 does not match' };
      return { ok: true, data: file.body, mimeType: typeof info.mime_type === 'string' ? info.mime_type : null };
    } catch (error) {
      return { ok: false, reason: 'unavailable', retryable: true, error: `WhatsApp media ${transportError(error)}` };
    }
  }

  private base(): string {
    return this.config.graphUrl.replace(/\/+$/, '');
  }

  // The download URL comes from Graph's answer; the token goes only to Meta's hosts over HTTPS, or to the Graph URL's own origin.
  private mayReceiveToken(url: string): boolean {
    try {
      const target = new URL(url);
      return target.origin === new URL(this.base()).origin || (target.protocol === 'https:' && META_HOSTS.test(target.hostname));
    } catch {
      return false;
    }
  }
}

const asObject = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}

function retryableOf(status: number, body: unknown): { retryable: boolean; error: string } {
  const refused = refusal(status, body);
  return refused.ok ? { retryable: false, error: '' } : { retryable: refused.retryable, error: refused.error };
}

// Graph's error body is {error: {message, type, code, error_data, fbtrace_id}}; only the code is kept (no personal data).
function refusal(status: number, body: unknown): DeliveryResult {
  const error = asObject(asObject(body).error);
  const code = typeof error.code === 'number' ? error.code : null;
  const retryable = status === 429 || status >= 500 || (code !== null && RETRYABLE_CODES.has(code));
  return { ok: false, retryable, error: `WhatsApp refused: HTTP ${status}${code === null ? '' : `, Graph error ${code}`}` };
}

// Meta gives the sha256 in base64 in webhooks; hex is accepted too.
function sameDigest(data: Buffer, given: string): boolean {
  const digest = createHash('sha256').update(data).digest();
  return /^[0-9a-f]{64}$/i.test(given) ? digest.toString('hex') === given.toLowerCase() : digest.toString('base64') === given || digest.toString('base64url') === given.replace(/=+$/, '');
}

/** GETs a URL with the Bearer token, reading at most `maxBytes` of the body (more is cut off and reported). */
export const getWithLimit: ProviderGet = async (url, token, maxBytes, timeoutMs) => {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    return { status: response.status, body: Buffer.alloc(0), tooLarge: true };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) return { status: response.status, body: Buffer.alloc(0), tooLarge: true };
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return { status: response.status, body: Buffer.concat(chunks), tooLarge: false };
};
