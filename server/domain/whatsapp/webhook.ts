import { createHash } from 'node:crypto';

/** A message a WhatsApp user sent us. */
export interface WebhookMessage {
  kind: 'message';
  /** The provider's message id (wamid…), unique per message. */
  key: string;
  /** Message type: text, image, interactive, button, location… */
  subtype: string;
  /** The sender's WhatsApp id (their number's digits, no plus). */
  from: string;
  /** Words the citizen wrote, where the type has them (text, a tapped button's title, a caption); null otherwise. */
  text: string | null;
  at: Date | null;
  /** The message and the sender's profile as they arrived. */
  raw: unknown;
}

/** A delivery status of a message we sent. */
export interface WebhookStatus {
  kind: 'status';
  /** "<message id>:<status>": a status is reported once per message. */
  key: string;
  subtype: string;
  messageId: string;
  recipient: string | null;
  at: Date | null;
  raw: unknown;
}

/** Anything else a webhook carries (account, template and call updates, message echoes, unknown shapes). */
export interface WebhookOther {
  kind: 'other';
  /** The field and a sha256 of the content, so a redelivery is recognised. */
  key: string;
  subtype: string;
  raw: unknown;
}

/** One item of a webhook body, to be stored on its own. */
export type WebhookItem = WebhookMessage | WebhookStatus | WebhookOther;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
// Provider ids and numbers are short; anything longer is not what Meta sends and would only bloat the unique index.
const id = (v: unknown): string | null => {
  const s = str(v);
  return s !== null && s.length <= 256 ? s : null;
};
const digest = (v: unknown) => createHash('sha256').update(JSON.stringify(v) ?? 'undefined').digest('hex');

/** Seconds since the epoch as Meta sends them ("1697043223"); null when absent or not a time. */
export function webhookTime(v: unknown): Date | null {
  const s = typeof v === 'number' ? String(v) : str(v);
  if (s === null || !/^\d{1,12}$/.test(s)) return null;
  return new Date(Number(s) * 1000);
}

/** The words in a message, where its type has them. */
export function messageText(message: Obj): string | null {
  const at = (path: string[]): string | null => {
    let v: unknown = message;
    for (const p of path) v = isObj(v) ? v[p] : undefined;
    return str(v);
  };
  switch (message.type) {
    case 'text':
      return at(['text', 'body']);
    case 'button':
      return at(['button', 'text']);
    case 'interactive':
      return at(['interactive', 'button_reply', 'title']) ?? at(['interactive', 'list_reply', 'title']);
    case 'image':
    case 'video':
    case 'document':
      return at([message.type, 'caption']);
    default:
      return null;
  }
}

/**
 * Splits a Cloud API webhook body ({object, entry: [{changes: [{field, value}]}]}) into the items stored one by one:
 * each message, each status, and each other change. A body of no known shape is one "other" item, kept rather than
 * lost. Pure: never throws, whatever JSON it is given.
 */
export function splitWebhookBody(body: unknown): WebhookItem[] {
  const items: WebhookItem[] = [];
  const changes = isObj(body) ? list(body.entry).flatMap((entry) => (isObj(entry) ? list(entry.changes) : [])) : [];
  for (const change of changes) {
    const field = isObj(change) ? (str(change.field) ?? 'unknown') : 'unknown';
    const value = isObj(change) && isObj(change.value) ? change.value : null;
    const known = field === 'messages' && value !== null;
    const contacts = known ? list(value.contacts).filter(isObj) : [];
    for (const message of known ? list(value.messages) : []) {
      const key = isObj(message) ? id(message.id) : null;
      const from = isObj(message) ? id(message.from) : null;
      if (!isObj(message) || key === null || from === null) {
        items.push({ kind: 'other', key: `messages:${digest(message)}`, subtype: 'malformed_message', raw: message });
        continue;
      }
      const contact = contacts.find((c) => c.wa_id === from) ?? null;
      items.push({ kind: 'message', key, subtype: str(message.type) ?? 'unknown', from, text: messageText(message), at: webhookTime(message.timestamp), raw: { message, contact } });
    }
    for (const status of known ? list(value.statuses) : []) {
      const messageId = isObj(status) ? id(status.id) : null;
      const state = isObj(status) ? str(status.status) : null;
      if (!isObj(status) || messageId === null || state === null || state.length > 32) {
        items.push({ kind: 'other', key: `statuses:${digest(status)}`, subtype: 'malformed_status', raw: status });
        continue;
      }
      items.push({ kind: 'status', key: `${messageId}:${state}`, subtype: state, messageId, recipient: id(status.recipient_id), at: webhookTime(status.timestamp), raw: status });
    }
    const rest = known && value !== null ? Object.keys(value).filter((k) => !['messaging_product', 'metadata', 'contacts', 'messages', 'statuses'].includes(k)) : [];
    if (!known || rest.length > 0) items.push({ kind: 'other', key: `${field.slice(0, 64)}:${digest(change)}`, subtype: field.slice(0, 64), raw: change });
  }
  if (changes.length === 0) items.push({ kind: 'other', key: `body:${digest(body)}`, subtype: 'unrecognised', raw: body });
  return items;
}
