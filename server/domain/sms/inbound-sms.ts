import type { FormParams } from './twilio-signature.js';

/** An inbound SMS as Twilio's messaging webhook describes it (the fields Ekhtyar uses). */
export interface InboundSms {
  /** Twilio's id of the message (SM… or MM… and 32 hex digits): the key a redelivery is recognised by. */
  messageSid: string;
  /** The sender: an E.164 number, or null when it is not one (a short code, an alphanumeric sender) and cannot be answered. */
  from: string | null;
  to: string;
  body: string;
  numMedia: number;
}

const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/i;
const E164 = /^\+[1-9]\d{5,14}$/;
// An SMS is at most 1,600 characters once joined (Twilio's limit); anything longer is cut, not refused.
const MAX_BODY = 1600;

/**
 * Reads the fields of an inbound message webhook; null when it is not one (no valid MessageSid), which is
 * acknowledged and not stored. A repeated field counts by its first value.
 */
export function parseInboundSms(params: FormParams): InboundSms | null {
  const first = (name: string) => params.find(([n]) => n === name)?.[1];
  const messageSid = first('MessageSid') ?? first('SmsMessageSid');
  if (messageSid === undefined || !MESSAGE_SID.test(messageSid)) return null;
  const from = first('From')?.trim() ?? '';
  const numMedia = Number.parseInt(first('NumMedia') ?? '0', 10);
  return {
    messageSid,
    from: E164.test(from) ? from : null,
    to: (first('To') ?? '').slice(0, 64),
    body: (first('Body') ?? '').slice(0, MAX_BODY),
    numMedia: Number.isFinite(numMedia) && numMedia >= 0 && numMedia <= 10 ? numMedia : 0,
  };
}
