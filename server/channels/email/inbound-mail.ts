import { convert } from 'html-to-text';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { MailFacts } from '../../domain/email/mail-kind.js';
import { messageIdsIn, normaliseMessageId } from '../../domain/email/threading.js';

/** A file that came with a mail, as the parser decoded it (checked later like any upload). */
export interface MailAttachment {
  filename: string | null;
  contentType: string;
  content: Buffer;
}

/** A received mail as the intake reads it: who sent it, what it says, what it answers, and what came with it. */
export interface InboundMail {
  facts: MailFacts;
  /** The Message-ID in angle brackets, or null when the mail has none. */
  messageId: string | null;
  /** Ids this mail answers (In-Reply-To first, then References, newest last), in angle brackets. */
  replyTo: string[];
  from: string | null;
  fromName: string | null;
  subject: string;
  /** The body as plain text (HTML converted when there is no text part). */
  text: string;
  attachments: MailAttachment[];
}

// Structure limits: a message with more parts than any real mail, or HTML too long to convert, is still read, in part.
const PARSE_LIMITS = { maxChildNodes: 200, maxHtmlLengthToParse: 2_000_000, maxHeadSize: 256 * 1024 } as const;
const PLAIN_PART = /^content-type:[ \t]*text\/plain/im;

/**
 * Parses a raw message (RFC 5322) with mailparser into what the intake needs. Delivery-status parts are kept as parts,
 * so reports are recognised by their structure. `envelopeFrom` is the SMTP MAIL FROM ('' for the null sender).
 * Throws when the bytes cannot be parsed at all.
 */
export async function parseMail(raw: Buffer, envelopeFrom: string | null): Promise<InboundMail> {
  const mail = await simpleParser(raw, { ...PARSE_LIMITS, keepDeliveryStatus: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, keepCidLinks: true, checksumAlgo: false });
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const html = typeof mail.html === 'string' ? mail.html : '';
  const text = (mail.text ?? '').trim() !== '' ? (mail.text ?? '') : html ? convert(html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }, { selector: 'a', options: { ignoreHref: true } }] }) : '';
  const from = firstAddress(mail.from);
  const subject = (mail.subject ?? '').replace(/\s+/g, ' ').trim();
  const head = raw.subarray(0, 256 * 1024).toString('latin1');
  const facts: MailFacts = {
    headers: headerMap(mail),
    from: from?.address ?? null,
    envelopeFrom,
    subject,
    contentType: (contentType?.value ?? 'text/plain').toLowerCase(),
    reportType: contentType?.params?.['report-type']?.toLowerCase() ?? null,
    partTypes: mail.attachments.map((a) => a.contentType.toLowerCase()),
    // A message without a Content-Type is plain text (RFC 2045 5.2); otherwise some part must say text/plain.
    hasPlainText: !mail.headers.has('content-type') || PLAIN_PART.test(head),
    text,
  };
  return {
    facts,
    messageId: normaliseMessageId(mail.messageId),
    replyTo: [...new Set([...messageIdsIn(mail.inReplyTo), ...messageIdsIn(mail.references).reverse()])],
    from: facts.from,
    fromName: from?.name || null,
    subject,
    text,
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType.toLowerCase(), content: a.content })),
  };
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  for (const object of objects) {
    for (const entry of object.value) {
      // A group ("undisclosed-recipients:;") has members instead of an address.
      const address = entry.address?.trim() ?? entry.group?.[0]?.address?.trim();
      if (address && /^[^\s@]+@[^\s@]+$/.test(address)) return { address, name: entry.name?.trim() ?? '' };
    }
  }
  return null;
}

// The header values the rules read, as strings (mailparser gives structured values for some).
function headerMap(mail: ParsedMail): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of mail.headerLines) {
    const value = line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    const previous = map.get(line.key);
    map.set(line.key, previous === undefined ? value : `${previous}, ${value}`);
  }
  return map;
}
