/**
 * Password rules for staff accounts, after NIST SP 800-63B: length rather than composition rules, a list of
 * passwords everybody tries first, and nothing built from the account's own name. Long passphrases in any script
 * (Urdu, Pashto) are welcome: length is counted in characters, not bytes.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** Longer is refused only so that hashing cannot be made expensive on purpose. */
export const PASSWORD_MAX_LENGTH = 256;

// The passwords tried first in every breach list, and the ones a KP office would think of.
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', 'qwertyuiopas', 'qwerty123456', 'password1234', 'password12345', 'password123456',
  'passwordpassword', 'iloveyou1234', 'administrator', 'administrator1', 'welcome12345', 'welcome123456', 'letmein12345',
  'abcdefghijkl', 'abc123456789', 'aaaaaaaaaaaa', '111111111111', '000000000000', 'changeme1234', 'pakistan1234', 'pakistan12345',
  'pakistan123456', 'pakistanzindabad', 'peshawar1234', 'peshawar12345', 'khyberpakhtunkhwa', 'ekhtyar12345', 'ekhtyar123456',
  'ekhtyarekhtyar', 'government123', 'complaint1234', 'bismillah1234', 'allahisgreat', 'qwertyqwerty', '1q2w3e4r5t6y', 'zaq12wsxcde3',
]);

/** What is wrong with a proposed password, or null when it is acceptable. */
export function passwordProblem(password: string, context: { username: string; displayName?: string }): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters (a few words make a good one)`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const folded = password.normalize('NFKC').toLowerCase();
  if (new Set(folded).size < 4) return 'uses too few different characters';
  if (COMMON.has(folded) || COMMON.has(folded.replace(/[^a-z0-9]/g, ''))) return 'is one of the passwords tried first by attackers';
  const names = [context.username, ...(context.displayName ?? '').split(/\s+/)].map((n) => n.toLowerCase()).filter((n) => n.length >= 4);
  if (names.some((n) => folded.includes(n))) return 'must not contain your user name or your name';
  if (isSequence(folded)) return 'is a run of keys or digits';
  return null;
}

// "abcdefghijklm", "987654321098": each character one step from the last.
function isSequence(text: string): boolean {
  const codes = [...text].map((ch) => ch.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] ?? 0)));
  return steps.size === 1 && [1, -1, 0].includes([...steps][0] ?? 2);
}
