/** A message to one recipient through one channel, already rendered in their language. */
export interface OutboundMessage {
  /** Address in the channel's terms: an e-mail address, an E.164 phone number. */
  to: string;
  subject: string;
  text: string;
  /** Stable id of this message (from the outbox row), so a repeated delivery can be recognised downstream. */
  messageId: string;
  language: 'en' | 'ur' | 'ps';
  /**
   * Set when the message carries a sign-in code: channels with a form made for codes use it (WhatsApp sends an
   * authentication template with the code, as business-initiated messages outside a conversation must be templates).
   */
  oneTimeCode?: string;
  /**
   * WhatsApp's own forms of the message; other channels ignore it. Without it WhatsApp sends `text` as a free-form
   * text message, which it delivers only inside the 24-hour customer-service window.
   */
  whatsapp?: WhatsAppForm;
  /** E-mail threading: the message this one answers, and the chain it belongs to (ids in angle brackets). */
  inReplyTo?: string;
  references?: string[];
}

/**
 * A WhatsApp message other than plain text. `template`: an approved message template (the only thing a business may
 * send outside the customer-service window), its body's {{1}}, {{2}}… parameters in order, and the payloads of its
 * quick-reply buttons by index; the channel picks the template language from the message's (Pashto → Urdu).
 * `buttons`: an interactive message of `text` with up to three reply buttons (inside the window only).
 */
export type WhatsAppForm =
  | { kind: 'template'; name: string; body: string[]; quickReplies?: string[] }
  | { kind: 'buttons'; buttons: { id: string; title: string }[] };

/** What a channel says about one delivery. */
export type DeliveryResult =
  | { ok: true; providerId: string | null }
  /** `windowClosed`: WhatsApp refused a free-form message because the customer-service window has closed (send a template). */
  | { ok: false; retryable: boolean; error: string; windowClosed?: boolean };

/** The outbound side every channel adapter implements: email/, sms/ (Twilio or a generic gateway) and whatsapp/. */
export interface OutboundChannel {
  readonly name: 'email' | 'sms' | 'whatsapp';
  send(message: OutboundMessage): Promise<DeliveryResult>;
}
