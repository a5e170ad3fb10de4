import type { DeliveryResult, OutboundChannel, OutboundMessage } from '../channel.js';
import { postToProvider, transportError, type ProviderHttp } from '../provider-http.js';
import { fitSms } from '../../domain/sms/segments.js';

/** Where and as whom SMS are sent: a Twilio account, or any provider speaking Twilio's Messages API. */
export interface SmsConfig {
  /** Base URL, https://api.twilio.com for Twilio itself. */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** The sender: an E.164 number, an alphanumeric sender id, or a Messaging Service SID (MG…). */
  from: string;
}

/**
 * Outbound SMS through Twilio's Messages API (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded
 * To/From/Body, HTTP basic auth with the account SID and auth token). Urdu and Pashto go as they are: the provider
 * picks UCS-2 encoding for them (70 characters a part; see domain/sms/segments.ts).
 */
// Each part is charged, and very long concatenated messages are dropped by some networks: six parts (402 Urdu or
// 918 English characters) carry any notification; longer text is cut at a part boundary with an ellipsis.
const MAX_PARTS = 6;

export class SmsChannel implements OutboundChannel {
  readonly name = 'sms' as const;

  constructor(
    private readonly config: SmsConfig,
    private readonly timeoutMs: number,
    private readonly http: ProviderHttp = postToProvider,
  ) {}

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    const { apiUrl, accountSid, authToken, from } = this.config;
    const form = new URLSearchParams({ To: message.to, Body: fitSms(message.text, MAX_PARTS) });
    // A Messaging Service picks the sender itself (and may hold a registered sender id for Pakistan).
    if (/^MG[0-9a-f]{32}$/i.test(from)) form.set('MessagingServiceSid', from);
    else form.set('From', from);
    let response;
    try {
      response = await this.http({
        url: `${apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          accept: 'application/json',
        },
        body: form.toString(),
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      return { ok: false, retryable: true, error: `SMS provider ${transportError(error)}` };
    }
    const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as { sid?: unknown; code?: unknown };
    if (response.status === 201 || response.status === 200) return { ok: true, providerId: typeof body.sid === 'string' ? body.sid : null };
    // Twilio's error body is {code, message, more_info, status}; the message may repeat the number, so only the code is kept.
    const code = typeof body.code === 'number' ? `, Twilio error ${body.code}` : '';
    return { ok: false, retryable: response.status === 429 || response.status >= 500, error: `SMS provider refused: HTTP ${response.status}${code}` };
  }
}
