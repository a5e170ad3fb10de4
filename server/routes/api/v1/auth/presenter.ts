import type { StaffSession } from '../../../../services/staff-auth.service.js';

/** A session as its owner sees it: never the token (that travels only in the HttpOnly cookie). */
export function presentSession(session: StaffSession) {
  const { user } = session;
  return {
    stage: session.stage,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, officeIds: user.officeIds, scope: user.scope, secondFactor: user.totpEnabledAt !== null },
  };
}
