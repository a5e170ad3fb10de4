import type { DeliveryResult, OutboundChannel, OutboundMessage, WhatsAppForm } from '../channel.js';
import { postToProvider, transportError, type ProviderHttp } from '../provider-http.js';

/** A WhatsApp Business phone number on Meta's Cloud API. */
export interface WhatsAppConfig {
  /** Base URL of the Graph API, https://graph.facebook.com. */
  graphUrl: string;
  /** Graph API version, e.g. v21.0. */
  apiVersion: string;
  phoneNumberId: string;
  /** A system user's access token with whatsapp_business_messaging. */
  token: string;
  /** Name of the approved authentication template (copy-code button) that carries sign-in codes. */
  codeTemplate: string;
  /** Approved utility template that carries a complaint update outside the 24-hour window (see docs/CHANNELS.md). */
  updateTemplate: string;
  /** Approved utility template that asks for feedback on a resolution, with two quick-reply buttons. */
  feedbackTemplate: string;
}

// The languages the authentication template is approved in. WhatsApp has no Pashto templates; Urdu is the
// nearest a Pashto reader in Khyber Pakhtunkhwa is sure to read.
const TEMPLATE_LANGUAGE = { en: 'en', ur: 'ur', ps: 'ur' } as const;

// Graph's "re-engagement message" error: a free-form message after the 24-hour window has closed.
const WINDOW_CLOSED = 131047;

// Graph error codes that pass with time: throttling (4, 80007, 130429, 131056), temporary faults (131000, 131016, 133004).
const RETRYABLE_CODES = new Set([4, 80007, 130429, 131000, 131016, 131056, 133004]);

/**
 * Outbound WhatsApp through Meta's Cloud API (POST {graph}/{version}/{phone-number-id}/messages with a Bearer token).
 * A sign-in code goes as the authentication template, the code given twice (body and copy-code button), because a
 * business may start a conversation only with a template. A message with a `whatsapp` form goes as that template or
 * as an interactive message with reply buttons; anything else goes as text. Free-form messages (text, buttons)
 * are delivered only within 24 hours of the user's last message: the caller chooses (notification.service.ts).
 */
export class WhatsAppChannel implements OutboundChannel {
  readonly name = 'whatsapp' as const;

  constructor(
    private readonly config: WhatsAppConfig,
    private readonly timeoutMs: number,
    private readonly http: ProviderHttp = postToProvider,
  ) {}

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    const { graphUrl, apiVersion, phoneNumberId, token } = this.config;
    let response;
    try {
      response = await this.http({
        url: `${graphUrl.replace(/\/+$/, '')}/${encodeURIComponent(apiVersion)}/${encodeURIComponent(phoneNumberId)}/messages`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(this.payload(message)),
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      return { ok: false, retryable: true, error: `WhatsApp ${transportError(error)}` };
    }
    const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as { messages?: { id?: unknown }[]; error?: { code?: unknown } };
    if (response.status === 200) {
      const id = body.messages?.[0]?.id;
      return { ok: true, providerId: typeof id === 'string' ? id : null };
    }
    // Graph's error body is {error: {message, type, code, error_data, fbtrace_id}}; only the code is kept (no personal data).
    const code = typeof body.error?.code === 'number' ? body.error.code : null;
    const retryable = response.status === 429 || response.status >= 500 || (code !== null && RETRYABLE_CODES.has(code));
    return { ok: false, retryable, error: `WhatsApp refused: HTTP ${response.status}${code === null ? '' : `, Graph error ${code}`}`, ...(code === WINDOW_CLOSED && { windowClosed: true }) };
  }

  private payload(message: OutboundMessage): Record<string, unknown> {
    // Cloud API numbers are the international digits, without the plus.
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.to.replace(/^\+/, '') };
    if (message.whatsapp) return { ...base, ...formPayload(message.whatsapp, message) };
    if (message.oneTimeCode === undefined) return { ...base, type: 'text', text: { preview_url: false, body: message.text } };
    const code = [{ type: 'text', text: message.oneTimeCode }];
    return {
      ...base,
      type: 'template',
      template: {
        name: this.config.codeTemplate,
        language: { code: TEMPLATE_LANGUAGE[message.language] },
        components: [
          { type: 'body', parameters: code },
          { type: 'button', sub_type: 'url', index: '0', parameters: code },
        ],
      },
    };
  }
}

/** The Graph API fields of a template or reply-button message. */
function formPayload(form: WhatsAppForm, message: OutboundMessage): Record<string, unknown> {
  if (form.kind === 'buttons') {
    return {
      type: 'interactive',
      interactive: { type: 'button', body: { text: message.text }, action: { buttons: form.buttons.map((reply) => ({ type: 'reply', reply })) } },
    };
  }
  const components: Record<string, unknown>[] = [{ type: 'body', parameters: form.body.map((text) => ({ type: 'text', text })) }];
  for (const [index, payload] of (form.quickReplies ?? []).entries()) {
    components.push({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] });
  }
  return { type: 'template', template: { name: form.name, language: { code: TEMPLATE_LANGUAGE[message.language] }, components } };
}
