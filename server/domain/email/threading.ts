import { parseTrackingCode } from '../tracking-code.js';

// "KP" then two groups of four, separated or not by a space, hyphen or dot: how codes are written, pasted and retyped.
const PREFIXED_CODE = /(?:^|[^\p{L}\p{N}])(kp[\s.-]?[0-9a-z]{4}[\s.-]?[0-9a-z]{4})(?=$|[^\p{L}\p{N}])/giu;

/**
 * The tracking code in a mail's subject ("Re: Complaint KP-7F3K-9QXA: …"), or null. Only codes written with their
 * KP prefix count, and only when the check character agrees: eight letters without the prefix would match ordinary
 * words one time in 37. The first valid code wins; the subject is cut at 500 characters first.
 */
export function codeInSubject(subject: string): string | null {
  for (const match of subject.slice(0, 500).matchAll(PREFIXED_CODE)) {
    const code = parseTrackingCode(match[1] ?? '');
    if (code) return code;
  }
  return null;
}

const MESSAGE_ID = /<([^<>\s]{1,250})>/g;
/** The most message ids read from one header: long References chains keep their newest ones at the end. */
const MAX_IDS = 50;

/**
 * The message ids in In-Reply-To or References ("<a@x> <b@y>"), in angle brackets as they are compared, at most 50
 * (the last ones of a longer chain: the messages just replied to). Text outside brackets is ignored (RFC 5322 3.6.4).
 */
export function messageIdsIn(value: string | readonly string[] | undefined | null): string[] {
  if (!value) return [];
  const text = typeof value === 'string' ? value : value.join(' ');
  const ids = [...text.slice(0, 20_000).matchAll(MESSAGE_ID)].map((m) => `<${m[1]}>`);
  return [...new Set(ids)].slice(-MAX_IDS);
}

/** A message id as stored and matched: angle brackets, at most 250 characters inside; null when there is none. */
export function normaliseMessageId(value: string | undefined | null): string | null {
  return messageIdsIn(value ?? '')[0] ?? null;
}

// Where a mail client starts quoting the message being answered, in the clients and languages citizens use.
const QUOTE_HEADERS = [
  /^\s*On .{1,300}wrote:\s*$/i,
  /^\s*-{2,}\s*(?:Original|Forwarded) Message\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  /^\s*From:\s.+$/i,
  /^\s*Am .{1,200} schrieb .{1,200}:\s*$/i,
  /^\s*Le .{1,200} a écrit\s*:\s*$/i,
  /^.{0,200}نے لکھا:?\s*$/,
];

/**
 * What a citizen wrote in a reply, without the message they are answering: the text up to the first quote header
 * ("On … wrote:", "-----Original Message-----", Outlook's "From:" block) or signature separator ("-- "), with quoted
 * lines ("> …") dropped; a reply written below the quote keeps what follows it. If nothing is left, the text as it came.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const quoteStarts = line === '-- ' || QUOTE_HEADERS.some((pattern) => pattern.test(line));
    // Above the quote is the reply; a quote header with nothing above it is a reply written below the quote.
    if (quoteStarts && kept.some((k) => k.trim() !== '')) break;
    if (quoteStarts || /^\s*>/.test(line)) continue;
    kept.push(line);
  }
  const result = kept.join('\n').trim();
  return result === '' ? text.trim() : result;
}
