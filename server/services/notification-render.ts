import type { WhatsAppForm } from '../channels/channel.js';
import { feedbackReplyId } from '../domain/notification/delivery.js';
import { fitSms, splitSms } from '../domain/sms/segments.js';
import type { CitizenNotice } from './notification-templates.js';

/**
 * Most parts a notification SMS may take: three parts carry 201 characters of Urdu (UCS-2, 67 a part) or 459 of
 * English, and each part is paid for.
 */
export const MAX_NOTIFICATION_SMS_PARTS = 3;

// Staff-written words are cut rather than dropped when at least this much of them still fits.
const MIN_DETAIL = 20;

type Line = { text: string; required: boolean; cut: boolean };

/**
 * A notice as one SMS of at most three parts. The title and headline, and the feedback words on a resolution, always
 * go; then, while they fit, the time, the staff's words (cut with "…" if need be: the question asked, the outcome), the
 * office and the tracking link, in that order: a citizen without the link can still text STATUS and the code.
 */
export function renderSms(notice: CitizenNotice): string {
  const head: Line = { text: `${notice.title}: ${notice.headline}`, required: true, cut: false };
  const time: Line | null = notice.time ? { text: notice.time, required: false, cut: false } : null;
  const office: Line | null = notice.office ? { text: `${notice.officeLabel}: ${notice.office}`, required: false, cut: false } : null;
  const detail: Line | null = notice.detail ? { text: oneLine(notice.detail), required: false, cut: true } : null;
  const feedback: Line | null = notice.feedback ? { text: notice.feedback.smsWords, required: true, cut: false } : null;
  const link: Line = { text: notice.trackingUrl, required: false, cut: false };
  // Laid out in reading order; added in order of worth.
  const layout = [head, office, detail, time, feedback, link].filter((line): line is Line => line !== null);
  const kept = new Set(layout.filter((line) => line.required));
  const text = () => layout.filter((line) => kept.has(line)).map((line) => line.text).join('\n');
  const fits = () => splitSms(text()).parts.length <= MAX_NOTIFICATION_SMS_PARTS;
  for (const line of [time, detail, office, link]) {
    if (!line) continue;
    kept.add(line);
    if (fits()) continue;
    if (line.cut) shorten(line, fits);
    if (!line.cut || line.text.length < MIN_DETAIL) kept.delete(line);
  }
  // Only reached if the required lines alone are too long (they are written to fit): cut, never send more parts.
  return fitSms(text(), MAX_NOTIFICATION_SMS_PARTS);
}

// Cuts a line to the longest prefix (with "…") that still fits; leaves it empty when none does.
function shorten(line: Line, fits: () => boolean): void {
  const chars = [...line.text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    line.text = `${chars.slice(0, mid).join('').trimEnd()}…`;
    if (fits()) low = mid;
    else high = mid - 1;
  }
  line.text = low === 0 ? '' : `${chars.slice(0, low).join('').trimEnd()}…`;
}

/** A notice as a free-form WhatsApp message (inside the customer-service window), bold title first. */
export function renderWhatsAppText(notice: CitizenNotice, maxDetail = 3000): string {
  const lines = [`*${notice.title}*`, notice.headline, ''];
  if (notice.office) lines.push(`${notice.officeLabel}: ${notice.office}`);
  if (notice.detail) lines.push(clip(notice.detail, maxDetail));
  if (notice.time) lines.push(notice.time);
  lines.push(`${notice.trackLabel}: ${notice.trackingUrl}`);
  return lines.join('\n');
}

/** The reply buttons that answer a feedback request inside the window; their ids are what the WhatsApp bot reads. */
export function feedbackButtons(notice: CitizenNotice): WhatsAppForm | undefined {
  if (!notice.feedback) return undefined;
  const { satisfied, notSatisfied } = notice.feedback.buttons;
  return {
    kind: 'buttons',
    buttons: [
      { id: feedbackReplyId('satisfied', notice.code), title: satisfied },
      { id: feedbackReplyId('not_satisfied', notice.code), title: notSatisfied },
    ],
  };
}

/**
 * A notice as an approved template, for outside the window. The update template takes {{1}} the code, {{2}} what
 * happened (headline, office, staff's words, time, on one line) and {{3}} the tracking link; the feedback template
 * takes {{1}} the code and {{2}} what the office said, with quick-reply buttons 0 (satisfied) and 1 (not satisfied).
 * docs/CHANNELS.md gives the wording to submit to Meta.
 */
export function renderWhatsAppTemplate(notice: CitizenNotice, names: { update: string; feedback: string }): WhatsAppForm {
  if (notice.feedback) {
    return {
      kind: 'template',
      name: names.feedback,
      body: [notice.code, parameter([notice.headline, notice.detail])],
      quickReplies: [feedbackReplyId('satisfied', notice.code), feedbackReplyId('not_satisfied', notice.code)],
    };
  }
  const office = notice.office ? `${notice.officeLabel}: ${notice.office}` : null;
  return { kind: 'template', name: names.update, body: [notice.code, parameter([notice.headline, office, notice.detail, notice.time]), notice.trackingUrl] };
}

// Template parameters may hold no line breaks, tabs or runs of spaces, must not be empty, and the body stays under
// 1,024 characters with the template's own words.
function parameter(parts: (string | null)[]): string {
  return clip(oneLine(parts.filter((part): part is string => !!part && part.trim() !== '').join(' · ')), 600) || '-';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
