/**
 * The owner secrets of complaints filed from this device (POST /api/v1/complaints answers `citizenSecret`): kept in
 * this browser's storage by tracking code, so the track page can show the citizen their own text and let them act
 * (add information, answer, contest) with `Authorization: Bearer <secret>` without signing in.
 */
const KEY = 'ekhtyar.secrets';

function read(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Tracking codes are compared as the server reads them: case, spaces and hyphens do not matter. */
export function codeKey(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function rememberSecret(code: string, secret: string): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...read(), [codeKey(code)]: secret }));
  } catch {
    // Storage blocked: the citizen still has the code, and can sign in with their phone to act on it.
  }
}

export function secretFor(code: string): string | null {
  return read()[codeKey(code)] ?? null;
}
