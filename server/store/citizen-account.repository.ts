import type pg from 'pg';
import type { SignInContact } from '../domain/contact.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import type { Queryable } from './db.js';

/** A citizen account: a verified contact and the citizen's own profile, opened. */
export interface CitizenAccountRecord {
  id: string;
  /** E.164, as verified. */
  phone: string | null;
  /** As verified: trimmed and lower-cased (emailLookupKey). */
  email: string | null;
  countryCode: string | null;
  name: string | null;
  language: 'en' | 'ur' | 'ps';
  cnic: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastSignInAt: Date;
}

/** The normalised values of an account's verified contacts: what its complaints are matched on (by blind index). */
export interface ContactLookups {
  phone: string | null;
  email: string | null;
}

/** A change to the profile; an absent field is left as it is, null clears it. */
export interface ProfileChange {
  name?: string | null;
  language?: 'en' | 'ur' | 'ps';
  /** The 13 digits of a CNIC or NICOP number. */
  cnic?: string | null;
}

/** One of the citizen's complaints, as their list shows it. */
export interface CitizenComplaintRow {
  id: string;
  code: string;
  state: string;
  categoryId: string | null;
  departmentId: string | null;
  officeId: string | null;
  areaId: string | null;
  channel: string;
  escalationLevel: number;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
}

const COLUMNS = 'id, phone, email, country_code, name, language, cnic, created_at, updated_at, last_sign_in_at';

/**
 * Citizen accounts, their profiles, and the complaints filed under their verified contacts. Personal fields are sealed
 * with the field cipher (bound to the account's id) and opened on read; the *_lookup columns hold blind indexes, so
 * neither the table nor its unique indexes hold a phone number, e-mail address or CNIC in clear.
 */
export class CitizenAccountRepository {
  // Accounts and complaints are matched on blind indexes under every key held (see FieldCipher.lookupCandidates).
  constructor(private readonly cipher: FieldCipher) {}

  /** The account of a just-verified contact, created on its first sign-in; its last sign-in time moves on. */
  async signedIn(tx: pg.PoolClient, contact: SignInContact, newId: string, now: Date): Promise<CitizenAccountRecord> {
    const column = contact.kind === 'phone' ? 'phone' : 'email';
    // An account whose lookup is under an older key (or in clear, before `keys rotate`) is found by its candidates;
    // the unique index alone would only see the current key's index and make a second account.
    const found = await tx.query(
      `update citizen_accounts set last_sign_in_at = $2
        where id = (select id from citizen_accounts where ${column}_lookup = any($1::text[]) order by created_at, id limit 1)
       returning ${COLUMNS}`,
      [this.cipher.lookupCandidates(contact.kind, contact.lookup), now],
    );
    if (found.rows[0]) return this.open(found.rows[0]);
    // Two first sign-ins at once meet on the unique index (both under the current key): the second one updates.
    const { rows } = await tx.query(
      `insert into citizen_accounts (id, ${column}, ${column}_lookup, country_code, created_at, updated_at, last_sign_in_at)
       values ($1, $2, $3, $4, $5, $5, $5)
       on conflict (${column}_lookup) do update set last_sign_in_at = excluded.last_sign_in_at
       returning ${COLUMNS}`,
      [newId, this.cipher.seal(`citizen_accounts.${column}`, newId, contact.value), this.cipher.lookup(contact.kind, contact.lookup), contact.country, now],
    );
    return this.open(rows[0]);
  }

  /** The account with this id, or null. */
  async findById(db: Queryable, id: string): Promise<CitizenAccountRecord | null> {
    const { rows } = await db.query(`select ${COLUMNS} from citizen_accounts where id = $1`, [id]);
    return rows[0] ? this.open(rows[0]) : null;
  }

  /** Applies a profile change and returns the account as it now is. */
  async updateProfile(db: Queryable, id: string, change: ProfileChange, now: Date): Promise<CitizenAccountRecord | null> {
    const cnic = change.cnic ?? null;
    const { rows } = await db.query(
      `update citizen_accounts
          set name = case when $2 then $3 else name end,
              language = coalesce($4, language),
              cnic = case when $5 then $6 else cnic end,
              cnic_lookup = case when $5 then $7 else cnic_lookup end,
              updated_at = $8
        where id = $1
       returning ${COLUMNS}`,
      [
        id,
        change.name !== undefined,
        this.cipher.seal('citizen_accounts.name', id, change.name ?? null),
        change.language ?? null,
        change.cnic !== undefined,
        this.cipher.seal('citizen_accounts.cnic', id, cnic),
        this.cipher.lookup('cnic', cnic),
        now,
      ],
    );
    return rows[0] ? this.open(rows[0]) : null;
  }

  /**
   * Complaints whose citizen row carries one of the verified contacts, whatever channel they came by, newest first;
   * `afterCode` continues after that complaint (keyset paging on submission time, then id).
   */
  async complaints(db: Queryable, lookups: ContactLookups, afterCode: string | null, limit: number): Promise<CitizenComplaintRow[]> {
    const { rows } = await db.query(
      `select c.id, c.code, c.state, c.category_id, c.department_id, c.office_id, c.area_id, c.channel, c.escalation_level,
              c.created_at, c.updated_at, c.due_at, c.closed_at
         from complaints c join citizens z on z.id = c.citizen_id
        where (z.phone_lookup = any($1::text[]) or z.email_lookup = any($2::text[]))
          and ($3::text is null or (c.created_at, c.id) < (select p.created_at, p.id from complaints p where p.code = $3))
        order by c.created_at desc, c.id desc
        limit $4`,
      [this.cipher.lookupCandidates('phone', lookups.phone), this.cipher.lookupCandidates('email', lookups.email), afterCode, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      state: r.state,
      categoryId: r.category_id,
      departmentId: r.department_id,
      officeId: r.office_id,
      areaId: r.area_id,
      channel: r.channel,
      escalationLevel: r.escalation_level,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      dueAt: r.due_at,
      closedAt: r.closed_at,
    }));
  }

  // A value that does not open (altered, or under a key not held) throws FieldDecryptError: never shown as it is.
  private open(r: Record<string, unknown>): CitizenAccountRecord {
    const id = r.id as string;
    const open = (field: 'name' | 'phone' | 'email' | 'cnic') => this.cipher.open(`citizen_accounts.${field}`, id, r[field] as string | null);
    return {
      id,
      phone: open('phone'),
      email: open('email'),
      countryCode: r.country_code as string | null,
      name: open('name'),
      language: r.language as CitizenAccountRecord['language'],
      cnic: open('cnic'),
      createdAt: r.created_at as Date,
      updatedAt: r.updated_at as Date,
      lastSignInAt: r.last_sign_in_at as Date,
    };
  }
}
