import type { DeliveryResult, OutboundChannel, OutboundMessage } from '../channel.js';
import { postToProvider, transportError, type ProviderHttp } from '../provider-http.js';
import { fitSms, splitSms } from '../../domain/sms/segments.js';

/** A generic HTTP SMS gateway (a Pakistani operator's bulk-SMS API behind a small shim; contract in docs/CHANNELS.md). */
export interface SmsGatewayConfig {
  /** Where outbound messages are POSTed. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` on every outbound request. */
  token: string;
  /** Shared secret of the inbound webhook's HMAC-SHA256 signature (routes/webhooks/sms/gateway.ts). */
  secret: string;
  /** Sender id or number to ask for; null leaves it to the gateway. */
  from: string | null;
}

// As for Twilio (sms.channel.ts): a notification never needs more than six parts.
const MAX_PARTS = 6;

/**
 * Outbound SMS through a generic gateway: POST {url} with JSON {to, from, text, messageId, encoding, parts} and a
 * Bearer token. Pakistani bulk-SMS APIs need to be told when text is Unicode, so the encoding and part count are
 * sent along. `messageId` (also the Idempotency-Key header) is fixed per outbox row, so a gateway can drop a repeat.
 * 2xx with {"id": "..."} is accepted; 408, 429 and 5xx are tried again later; any other status is final.
 */
export class GatewaySmsChannel implements OutboundChannel {
  readonly name = 'sms' as const;

  constructor(
    private readonly config: SmsGatewayConfig,
    private readonly timeoutMs: number,
    private readonly http: ProviderHttp = postToProvider,
  ) {}

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    const text = fitSms(message.text, MAX_PARTS);
    const { encoding, parts } = splitSms(text);
    let response;
    try {
      response = await this.http({
        url: this.config.url,
        headers: { authorization: `Bearer ${this.config.token}`, 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': message.messageId },
        body: JSON.stringify({ to: message.to, from: this.config.from, text, messageId: message.messageId, encoding, parts: parts.length }),
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      return { ok: false, retryable: true, error: `SMS gateway ${transportError(error)}` };
    }
    const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as { id?: unknown };
    if (response.status >= 200 && response.status < 300) return { ok: true, providerId: typeof body.id === 'string' && body.id !== '' ? body.id.slice(0, 200) : null };
    // The gateway's error text may repeat the number, so only the status is kept.
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    return { ok: false, retryable, error: `SMS gateway refused: HTTP ${response.status}` };
  }
}
