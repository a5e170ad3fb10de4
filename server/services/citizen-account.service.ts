import { parseCnic } from '../domain/identity/cnic.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { citizenSignInRequired, invalidFields, invalidTrackingCode, type FieldProblem } from '../errors.js';
import type { CitizenAccountRecord, CitizenAccountRepository, CitizenComplaintRow, ProfileChange } from '../store/citizen-account.repository.js';
import type { Db } from '../store/db.js';
import type { CitizenSession } from './citizen-auth.service.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';

/** A profile change as sent; null clears a field. */
export interface ProfileInput {
  name?: string | null;
  language?: 'en' | 'ur' | 'ps';
  cnic?: string | null;
}

/** The signed-in citizen's own profile and the list of their complaints. */
export class CitizenAccountService {
  constructor(
    private readonly db: Db,
    private readonly accounts: CitizenAccountRepository,
    private readonly reference: ReferenceDataService,
  ) {}

  /** Changes name, preferred language or CNIC/NICOP (format-checked, stored as its 13 digits). */
  async updateProfile(session: CitizenSession, input: ProfileInput, now = new Date()): Promise<CitizenAccountRecord> {
    const problems: FieldProblem[] = [];
    const change: ProfileChange = {};
    if (input.name !== undefined) change.name = input.name?.trim() || null;
    if (input.language !== undefined) change.language = input.language;
    if (input.cnic !== undefined) {
      const digits = input.cnic === null || input.cnic.trim() === '' ? null : parseCnic(input.cnic);
      if (input.cnic !== null && input.cnic.trim() !== '' && digits === null) problems.push({ pointer: '/cnic', detail: 'a CNIC or NICOP number is 13 digits, written 1234512345671 or 12345-1234567-1' });
      change.cnic = digits;
    }
    if (problems.length > 0) throw invalidFields('The profile cannot be saved as sent.', problems);
    const account = await this.accounts.updateProfile(this.db, session.account.id, change, now);
    if (!account) throw citizenSignInRequired();
    return account;
  }

  /**
   * The complaints filed with the citizen's verified phone number or e-mail address, by any channel, newest first,
   * `limit` at a time; `after` (a tracking code from the previous page) continues the list.
   */
  async complaints(session: CitizenSession, page: { after?: string; limit: number }): Promise<{ rows: CitizenComplaintRow[]; ref: ReferenceData; next: string | null }> {
    const after = page.after === undefined ? null : parseTrackingCode(page.after);
    if (page.after !== undefined && !after) throw invalidTrackingCode(page.after);
    const [rows, ref] = await Promise.all([this.accounts.complaints(this.db, session.lookups, after, page.limit + 1), this.reference.current()]);
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    return { rows: shown, ref, next: more ? (shown[shown.length - 1]?.code ?? null) : null };
  }
}
