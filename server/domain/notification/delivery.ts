/** A channel the outbox can deliver a citizen's notification through. */
export type DeliveryChannel = 'email' | 'sms' | 'whatsapp';

/** How a complaint arrived (complaints.channel). */
export type FiledOn = 'web' | 'mobile' | 'whatsapp' | 'sms' | 'email' | 'phone' | 'letter' | 'open311';

/**
 * The channels to tell a citizen through, best first. A citizen expects the answer where they asked: one who filed
 * on WhatsApp or by SMS hears back there (WhatsApp, then SMS to the same number if WhatsApp is not set up). Anyone
 * else hears by e-mail when they gave an address (it carries the most and costs nothing), otherwise by SMS, which
 * reaches every phone, smart or not; WhatsApp is not assumed for a number given on a form or to the helpline.
 * A follower (who did not file) is treated as filing on the web.
 */
export function deliveryPreference(filedOn: FiledOn | null, contact: { email: boolean; phone: boolean }): DeliveryChannel[] {
  const order: DeliveryChannel[] = filedOn === 'whatsapp' ? ['whatsapp', 'sms', 'email'] : filedOn === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  return order.filter((channel) => (channel === 'email' ? contact.email : contact.phone));
}

/**
 * The channel to use: the first of the citizen's preference that this installation can send through. Only a channel
 * that is not configured is passed over; a delivery that fails is retried on the same channel, never moved.
 */
export function chooseDeliveryChannel(filedOn: FiledOn | null, contact: { email: boolean; phone: boolean }, configured: ReadonlySet<DeliveryChannel>): DeliveryChannel | null {
  return deliveryPreference(filedOn, contact).find((channel) => configured.has(channel)) ?? null;
}

/** WhatsApp's customer-service window: free-form messages are allowed this long after the user's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;
// A message sent in the last minutes of the window may reach Meta after it closed; those get the template instead.
const WINDOW_MARGIN_MS = 10 * 60 * 1000;

/** Whether a free-form WhatsApp message may go to a user who last wrote at `lastInboundAt` (null: never wrote). */
export function whatsappWindowOpen(lastInboundAt: Date | null, now: Date): boolean {
  return lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < WHATSAPP_WINDOW_MS - WINDOW_MARGIN_MS;
}

/** The citizen's answer to "are you satisfied?", as a reply button or quick-reply button carries it. */
export type FeedbackAnswer = 'satisfied' | 'not_satisfied';

/**
 * The id (reply button) or payload (template quick-reply button) of a feedback answer: `feedback:satisfied:<CODE>` or
 * `feedback:not_satisfied:<CODE>`. The WhatsApp bot reads them back with parseFeedbackReplyId; keep the two together.
 */
export function feedbackReplyId(answer: FeedbackAnswer, code: string): string {
  return `feedback:${answer}:${code}`;
}

/** Reads a feedback button's id or payload; null when it is not one. */
export function parseFeedbackReplyId(id: string): { answer: FeedbackAnswer; code: string } | null {
  const match = /^feedback:(satisfied|not_satisfied):([^:\s]{1,40})$/.exec(id);
  return match ? { answer: match[1] as FeedbackAnswer, code: match[2]! } : null;
}

/** Events whose message asks the citizen whether they are satisfied (and so carries the answer buttons or words). */
export function asksForFeedback(event: string): boolean {
  return event === 'resolved' || event === 'feedback_reminder';
}
