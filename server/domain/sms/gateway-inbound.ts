import { parsePhone } from '../contact.js';

/** An inbound SMS as a generic gateway posts it (docs/CHANNELS.md, "Generic SMS gateway"). */
export interface GatewaySms {
  /** The gateway's id of the message: what a redelivery is recognised by. */
  id: string;
  /** The sender in E.164 (Pakistani numbers may come as 923001234567 or 03001234567); null when it is no phone number (a short code). */
  from: string | null;
  to: string;
  text: string;
}

const ID = /^[\x21-\x7e]{1,100}$/;
// An SMS is at most 1,600 characters once joined; anything longer is cut, not refused (as for Twilio).
const MAX_TEXT = 1600;

/**
 * Reads a gateway's inbound webhook body, JSON or form-encoded, with the fields from, to, text and id (or messageId);
 * a timestamp may come too and is not needed (the time of receipt is kept). Null when it is not one (unreadable, not
 * an object, no usable id): such a body is kept as it came, acknowledged and never answered. A missing text reads as empty.
 */
export function parseGatewaySms(raw: Buffer, contentType: string | undefined): GatewaySms | null {
  const fields = readFields(raw.toString('utf8'), contentType ?? '');
  if (!fields) return null;
  const id = scalar(fields.id) ?? scalar(fields.messageId);
  if (id === null || !ID.test(id)) return null;
  const from = scalar(fields.from);
  return {
    id,
    from: from ? (parsePhone(from.startsWith('92') ? `+${from}` : from)?.e164 ?? null) : null,
    to: (scalar(fields.to) ?? '').slice(0, 64),
    text: (scalar(fields.text) ?? '').slice(0, MAX_TEXT),
  };
}

function readFields(text: string, contentType: string): Record<string, unknown> | null {
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Strings and numbers (gateways send ids and timestamps as either) as text; anything else is absent.
function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
