import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { emailLookupKey, parseCnic, parsePhone } from '../domain/contact.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import type { CitizenIdentity } from '../domain/privacy/pseudonym.js';
import type { StaffRole } from '../domain/actor.js';
import type { Queryable } from './db.js';

/** A citizen's contact details, opened. */
export interface CitizenContact {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  cnic: string | null;
  address: string | null;
  countryCode: string | null;
  language: string;
  /** When retention emptied the personal fields; null while they are kept. */
  anonymisedAt: Date | null;
}

/** One staff read of a citizen's contact details, as personal_data_reads records it. */
export interface PersonalDataRead {
  staffId: string;
  staffRole: StaffRole;
  citizenId: string | null;
  complaintId: string;
  fields: string[];
  purpose: string;
  readAt: Date;
}

/** Citizens' contact details: opened on read, found by blind index, and every staff read recorded. */
export class CitizenRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /** The citizen's contact, opened; null if there is no such citizen. */
  async contact(q: Queryable, citizenId: string): Promise<CitizenContact | null> {
    const { rows } = await q.query('select id, name, phone, email, cnic, address, country_code, language, anonymised_at from citizens where id = $1', [citizenId]);
    const r = rows[0];
    if (!r) return null;
    const open = (field: 'name' | 'phone' | 'email' | 'cnic' | 'address') => this.cipher.open(`citizens.${field}`, r.id, r[field]);
    return { id: r.id, name: open('name'), phone: open('phone'), email: open('email'), cnic: open('cnic'), address: open('address'), countryCode: r.country_code, language: r.language, anonymisedAt: r.anonymised_at };
  }

  /**
   * Citizens rows whose phone, e-mail or CNIC is exactly the one given (each as a person types it), found by blind
   * index under every key held, so rows not yet rotated to the current key are found too.
   */
  async idsByContact(q: Queryable, contact: { phone?: string; email?: string; cnic?: string }): Promise<string[]> {
    const phone = contact.phone ? (parsePhone(contact.phone)?.e164 ?? null) : null;
    const email = contact.email?.trim() ? emailLookupKey(contact.email) : null;
    const cnic = contact.cnic ? parseCnic(contact.cnic) : null;
    if (!phone && !email && !cnic) return [];
    const { rows } = await q.query(
      'select id from citizens where phone_lookup = any($1::text[]) or email_lookup = any($2::text[]) or cnic_lookup = any($3::text[]) order by created_at, id',
      [this.cipher.lookupCandidates('phone', phone), this.cipher.lookupCandidates('email', email), this.cipher.lookupCandidates('cnic', cnic)],
    );
    return rows.map((r) => r.id);
  }

  /** Records a staff read of contact details (in the caller's transaction, so a read is never without its record). */
  async recordRead(tx: pg.PoolClient, read: PersonalDataRead): Promise<void> {
    await tx.query(
      'insert into personal_data_reads (staff_id, staff_role, citizen_id, complaint_id, fields, purpose, read_at) values ($1, $2, $3, $4, $5, $6, $7)',
      [read.staffId, read.staffRole, read.citizenId, read.complaintId, read.fields, read.purpose, read.readAt],
    );
  }

  /** What pseudonyms are computed over, per citizen: their CNIC, phone and e-mail key, opened. */
  async identities(q: Queryable, citizenIds: string[]): Promise<CitizenIdentity[]> {
    const { rows } = await q.query('select id, phone, email, cnic from citizens where id = any($1::uuid[])', [citizenIds]);
    return rows.map((r) => {
      const email = this.cipher.open('citizens.email', r.id, r.email);
      return { citizenId: r.id, cnic: this.cipher.open('citizens.cnic', r.id, r.cnic), phone: this.cipher.open('citizens.phone', r.id, r.phone), email: email === null ? null : emailLookupKey(email) };
    });
  }

  /**
   * The secret pseudonyms are keyed with, made on first use. It is kept sealed in privacy_secrets, so it survives key
   * rotations (pseudonyms stay stable) but is useless to anyone holding the database without the keys.
   */
  async pseudonymSecret(q: Queryable): Promise<Buffer> {
    const read = async () => (await q.query(`select value from privacy_secrets where name = 'pseudonym'`)).rows[0]?.value as string | undefined;
    let stored = await read();
    if (stored === undefined) {
      const sealed = this.cipher.seal('privacy_secrets.value', 'pseudonym', randomBytes(32).toString('base64'));
      // Two processes may make one at once; the first written is the one everybody uses.
      await q.query(`insert into privacy_secrets (name, value) values ('pseudonym', $1) on conflict (name) do nothing`, [sealed]);
      stored = await read();
    }
    return Buffer.from(this.cipher.open('privacy_secrets.value', 'pseudonym', stored ?? null) ?? '', 'base64');
  }
}
