import { formatCnic } from '../../../../domain/identity/cnic.js';
import type { CitizenSession } from '../../../../services/citizen-auth.service.js';
import type { CitizenAccountRecord } from '../../../../store/citizen-account.repository.js';

/** A citizen's profile as they see it. */
export function presentProfile(account: CitizenAccountRecord) {
  return {
    phone: account.phone,
    email: account.email,
    countryCode: account.countryCode,
    name: account.name,
    language: account.language,
    cnic: account.cnic ? formatCnic(account.cnic) : null,
  };
}

/** A session as its owner sees it: never the token (that travels only in the HttpOnly cookie). */
export function presentCitizenSession(session: CitizenSession) {
  return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString(), citizen: presentProfile(session.account) };
}
