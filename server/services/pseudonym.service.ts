import { pseudonymOf } from '../domain/privacy/pseudonym.js';
import type { CitizenRepository } from '../store/citizen.repository.js';
import type { Db } from '../store/db.js';

/**
 * Pseudonyms for citizens, for everything shown to analysts or the public and every export: stable across a
 * person's complaints and across key rotations, not reversible (see domain/privacy/pseudonym.ts).
 */
export class PseudonymService {
  private secret: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Db,
    private readonly citizens: CitizenRepository,
  ) {}

  /** Citizen id → pseudonym, for the citizens given (unknown ids are left out). */
  async pseudonyms(citizenIds: readonly string[]): Promise<Map<string, string>> {
    if (citizenIds.length === 0) return new Map();
    // The secret never changes once made, so one read per process is enough.
    this.secret ??= this.citizens.pseudonymSecret(this.db).catch((error: unknown) => {
      this.secret = null;
      throw error;
    });
    const [secret, identities] = await Promise.all([this.secret, this.citizens.identities(this.db, [...new Set(citizenIds)])]);
    return new Map(identities.map((identity) => [identity.citizenId, pseudonymOf(secret, identity)]));
  }
}
