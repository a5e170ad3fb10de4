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
  /** E-mail threading: the message this one answers, and the chain it belongs to (ids in angle brackets). */
  inReplyTo?: string;
  references?: string[];
}

/** What a channel says about one delivery. */
export type DeliveryResult = { ok: true; providerId: string | null } | { ok: false; retryable: boolean; error: string };

/** The outbound side every channel adapter implements: email/, sms/ and whatsapp/ (inbound comes with the channels work). */
export interface OutboundChannel {
  readonly name: 'email' | 'sms' | 'whatsapp';
  send(message: OutboundMessage): Promise<DeliveryResult>;
}
