import type { MailAttachment } from '../channels/email/inbound-mail.js';
import { prepareScans, type PreparedAttachment } from './attachment.service.js';

/** The files of a mail that are kept, and what to say about the rest. */
export interface KeptAttachments {
  kept: PreparedAttachment[];
  /** For the mail's outcome (types only, never file names): "; 2 files kept, 1 dropped (application/zip)". */
  summary: string;
  /** For the answer to the citizen: a line when some files were not kept. */
  notes(language: 'en' | 'ur'): string[];
}

// Parts a mail client adds that are not files the citizen chose to send: alternative bodies, signatures, calendars,
// forwarded or reported messages. They are neither kept nor reported as dropped.
const STRUCTURAL = /^(multipart\/|message\/|text\/(plain|html|watch-html|enriched|calendar|rfc822-headers)$|application\/(pgp-signature|pkcs7-signature|x-pkcs7-signature|ics|ms-tnef)$)/;

/**
 * Checks a mail's files as the web checks uploads (attachment.service.ts prepareScans): photos are re-encoded so no
 * metadata survives, PDFs kept as they are; anything else, anything over the size limit and anything past the count
 * limit is dropped, with a note rather than a failure: the complaint matters more than a file that cannot be kept.
 */
export async function keptAttachments(attachments: readonly MailAttachment[], maxBytes: number, maxCount: number): Promise<KeptAttachments> {
  const kept: PreparedAttachment[] = [];
  const dropped: string[] = [];
  for (const file of attachments) {
    if (STRUCTURAL.test(file.contentType) && !(file.contentType.startsWith('text/') && file.filename)) continue;
    if (kept.length >= maxCount || file.content.length > maxBytes || file.content.length === 0) {
      dropped.push(kept.length >= maxCount ? 'over the count' : file.content.length === 0 ? 'empty' : 'too large');
      continue;
    }
    try {
      const [prepared] = await prepareScans([{ filename: file.filename ?? 'attachment', data: file.content }], `/attachments/${kept.length}`);
      if (prepared) kept.push({ ...prepared, filename: prepared.filename.replace(/^page-/, 'file-') });
    } catch {
      // Refused by type or unreadable as the image it claims to be.
      dropped.push(file.contentType.replace(/[^a-z0-9.+/-]/g, '').slice(0, 80) || 'unknown type');
    }
  }
  const summary = kept.length + dropped.length === 0 ? '' : `; ${kept.length} file(s) kept${dropped.length ? `, ${dropped.length} dropped (${[...new Set(dropped)].join(', ')})` : ''}`;
  const mb = Math.round(maxBytes / (1024 * 1024));
  return {
    kept,
    summary,
    notes: (language) =>
      dropped.length === 0
        ? []
        : [language === 'en' ? `${dropped.length} file(s) could not be kept: only photos and PDF files of up to ${mb} MB (at most ${maxCount}) are accepted.` : `${dropped.length} فائل(یں) محفوظ نہیں کی جا سکیں: صرف تصاویر اور PDF فائلیں (زیادہ سے زیادہ ${maxCount}، ہر ایک ${mb} MB تک) قبول ہیں۔`],
  };
}
