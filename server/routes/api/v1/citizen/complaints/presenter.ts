import type { ReferenceData } from '../../../../../services/reference-data.service.js';
import type { CitizenComplaintRow } from '../../../../../store/citizen-account.repository.js';

/** One line of the citizen's list: where the complaint is and how far it has got, not its text. */
export function presentCitizenComplaint(c: CitizenComplaintRow, ref: ReferenceData) {
  const named = (x: { id: string; name: { en: string; ur: string | null; ps: string | null } } | undefined) => (x ? { id: x.id, name: x.name } : null);
  return {
    code: c.code,
    state: c.state,
    channel: c.channel,
    category: named(c.categoryId ? ref.categories.get(c.categoryId) : undefined),
    office: named(c.officeId ? ref.offices.get(c.officeId) : undefined),
    area: named(c.areaId ? ref.areas.get(c.areaId) : undefined),
    escalationLevel: c.escalationLevel,
    submittedAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    dueAt: c.dueAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}
