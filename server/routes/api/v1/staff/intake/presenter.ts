import type { ReferenceData } from '../../../../../services/reference-data.service.js';
import { trackingUrl } from '../../../../../services/intake-desk.service.js';
import type { CallerComplaintRow, LetterRecord } from '../../../../../store/intake-desk.repository.js';

const named = (x: { id: string; name: { en: string; ur: string | null; ps: string | null } } | undefined) => (x ? { id: x.id, name: x.name } : null);

/** One of a caller's complaints as the helpline reads it back: no text, no contact, no place. */
export function presentCallerComplaint(c: CallerComplaintRow, ref: ReferenceData) {
  return {
    code: c.code,
    category: named(ref.categories.get(c.categoryId)),
    state: c.state,
    channel: c.channel,
    submittedAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}

/** A letter of the diary, with where to follow its complaint and print its slip. */
export function presentLetter(l: LetterRecord, ref: ReferenceData, publicUrl: string) {
  return {
    id: l.id,
    diaryNumber: l.diaryNumber,
    receivedOn: l.receivedOn,
    office: named(ref.offices.get(l.officeId)),
    code: l.code,
    state: l.state,
    category: named(ref.categories.get(l.categoryId)),
    pageCount: l.pageCount,
    enteredAt: l.createdAt.toISOString(),
    trackingUrl: trackingUrl(publicUrl, l.code),
    acknowledgementUrl: `/api/v1/staff/intake/letters/${l.id}/acknowledgement.pdf`,
  };
}
