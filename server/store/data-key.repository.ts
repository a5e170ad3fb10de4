import type pg from 'pg';
import { ENVELOPE_PREFIX, LOOKUP_PREFIX } from '../domain/privacy/field-cipher.js';
import type { Queryable } from './db.js';

/** A key the database knows, by id and fingerprint. */
export interface RegisteredKey {
  id: string;
  fingerprint: Buffer;
  retiredAt: Date | null;
}

/** How many stored values (envelopes or, for "clear", values from before encryption) and lookups each key id has. */
export interface KeyCount {
  keyId: string | null;
  values: number;
  lookups: number;
}

/** The tables whose rows hold several sealed personal fields and their blind indexes. */
export type PersonTable = 'citizens' | 'citizen_accounts';

/** A personal field of a person table (citizen_accounts has no address). */
export type PersonField = 'name' | 'phone' | 'email' | 'cnic' | 'address';

/** The sealed fields of each person table. */
export const PERSON_FIELDS: Record<PersonTable, readonly PersonField[]> = {
  citizens: ['name', 'phone', 'email', 'cnic', 'address'],
  citizen_accounts: ['name', 'phone', 'email', 'cnic'],
};

/** A citizens or citizen_accounts row as a rotation reads and rewrites it (personal fields and lookups as stored). */
export interface StoredPerson {
  id: string;
  /** The table's fields (PERSON_FIELDS); those a table lacks are absent. */
  fields: Partial<Record<PersonField, string | null>>;
  phoneLookup: string | null;
  emailLookup: string | null;
  cnicLookup: string | null;
}

/** A sealed value of one of the single-column tables a rotation rewrites. */
export interface StoredValue {
  id: string;
  value: string;
}

/**
 * The sealed columns rewritten one value per row: complaints.address, complaints.attributes (the answers to a
 * category's extra fields, "complaint_attributes") and privacy_secrets.value (keyed by name).
 */
export type SingleValueTable = 'complaints' | 'complaint_attributes' | 'privacy_secrets';

const SINGLE: Record<SingleValueTable, { table: string; key: string; column: string; keyType: string }> = {
  complaints: { table: 'complaints', key: 'id', column: 'address', keyType: 'uuid' },
  complaint_attributes: { table: 'complaints', key: 'id', column: 'attributes', keyType: 'uuid' },
  privacy_secrets: { table: 'privacy_secrets', key: 'name', column: 'value', keyType: 'text' },
};

const LOOKUP_COLUMNS = ['phone_lookup', 'email_lookup', 'cnic_lookup'];

// A row needs work when any sealed field is not under the current key ($1 = "enc:<id>:") or any lookup is not ($2 = "idx:<id>:").
function needsWork(table: PersonTable): string {
  const tests = [...PERSON_FIELDS[table].map((f) => `coalesce(starts_with(${f}, $1), true)`), ...LOOKUP_COLUMNS.map((l) => `coalesce(starts_with(${l}, $2), true)`)];
  return `not (${tests.join(' and ')})`;
}

/** The data key registry, key status counts, and the batches a rotation rewrites. */
export class DataKeyRepository {
  /** Every key the database has registered. */
  async registered(q: Queryable): Promise<RegisteredKey[]> {
    const { rows } = await q.query('select id, fingerprint, retired_at from data_keys order by registered_at, id');
    return rows.map((r) => ({ id: r.id, fingerprint: r.fingerprint, retiredAt: r.retired_at }));
  }

  /** Takes the registry lock for the caller's transaction, so processes starting together register one at a time. */
  async lockRegistry(tx: pg.PoolClient): Promise<void> {
    await tx.query('lock table data_keys in share row exclusive mode');
  }

  /** Registers keys not yet known, and brings the current one back if it had been retired. */
  async register(tx: pg.PoolClient, keys: { id: string; fingerprint: Buffer }[], currentId: string): Promise<void> {
    await tx.query('insert into data_keys (id, fingerprint) select * from unnest($1::text[], $2::bytea[]) on conflict (id) do nothing', [keys.map((k) => k.id), keys.map((k) => k.fingerprint)]);
    await tx.query('update data_keys set retired_at = null where id = $1 and retired_at is not null', [currentId]);
  }

  /** Marks keys as holding nothing any more (a process may then start without them). */
  async retire(q: Queryable, ids: string[], at: Date): Promise<void> {
    await q.query('update data_keys set retired_at = $2 where id = any($1::text[]) and retired_at is null', [ids, at]);
  }

  /**
   * Values and lookups per key id over every sealed column (a full scan: for the CLI, not for requests). Sign-in
   * codes' blind indexes are left out: they cannot be re-keyed without the contact, and expire within 10 minutes.
   */
  async counts(q: Queryable): Promise<KeyCount[]> {
    const { rows } = await q.query(
      `with v as (
         select x.v as value, null::text as lookup from citizens cross join lateral (values (name), (phone), (email), (cnic), (address)) as x(v)
         union all select x.v, null from citizen_accounts cross join lateral (values (name), (phone), (email), (cnic)) as x(v)
         union all select address, null from complaints
         union all select attributes, null from complaints
         union all select value, null from privacy_secrets
         -- Not rewritten by rotations (short-lived channel records), but counted, so a key they need is never retired.
         union all select body, null from inbound_messages
         union all select wa_id, wa_lookup from whatsapp_conversations
         union all select bot_data->>'sealed', null from whatsapp_conversations
         union all select number, number_lookup from sms_conversations
         union all select bot_data->>'sealed', null from sms_conversations
         union all select null, y.l from citizens cross join lateral (values (phone_lookup), (email_lookup), (cnic_lookup)) as y(l)
         union all select null, y.l from citizen_accounts cross join lateral (values (phone_lookup), (email_lookup), (cnic_lookup)) as y(l)
       )
       select key_id, count(value)::int as values, count(lookup)::int as lookups from (
         select value, lookup, case when starts_with(coalesce(value, lookup), '${ENVELOPE_PREFIX}') or starts_with(coalesce(value, lookup), '${LOOKUP_PREFIX}')
                                    then split_part(coalesce(value, lookup), ':', 2) end as key_id
           from v where value is not null or lookup is not null
       ) as t group by key_id order by key_id nulls last`,
    );
    return rows.map((r) => ({ keyId: r.key_id, values: r.values, lookups: r.lookups }));
  }

  /** How many rows a rotation to `currentId` still has to rewrite. */
  async pending(q: Queryable, currentId: string): Promise<{ citizens: number; citizen_accounts: number; complaints: number; complaint_attributes: number; privacy_secrets: number }> {
    const [enc, idx] = prefixes(currentId);
    const { rows } = await q.query(
      `select (select count(*)::int from citizens where ${needsWork('citizens')}) as citizens,
              (select count(*)::int from citizen_accounts where ${needsWork('citizen_accounts')}) as citizen_accounts,
              (select count(*)::int from complaints where address is not null and not starts_with(address, $1)) as complaints,
              (select count(*)::int from complaints where attributes is not null and not starts_with(attributes, $1)) as complaint_attributes,
              (select count(*)::int from privacy_secrets where not starts_with(value, $1)) as privacy_secrets`,
      [enc, idx],
    );
    return rows[0];
  }

  /**
   * Locks the next rows of a person table (after `afterId`, in id order) not wholly under the current key. Rows another
   * process holds are skipped, so rotations never wait on intake, sign-in or each other; a later pass picks them up.
   */
  async lockPersons(tx: pg.PoolClient, table: PersonTable, currentId: string, afterId: string | null, limit: number): Promise<StoredPerson[]> {
    const [enc, idx] = prefixes(currentId);
    const fields = PERSON_FIELDS[table];
    const { rows } = await tx.query(
      `select id, ${fields.join(', ')}, ${LOOKUP_COLUMNS.join(', ')} from ${table}
        where ($3::uuid is null or id > $3) and ${needsWork(table)}
        order by id limit $4 for no key update skip locked`,
      [enc, idx, afterId, limit],
    );
    return rows.map((r) => ({ id: r.id, fields: Object.fromEntries(fields.map((f) => [f, r[f]])), phoneLookup: r.phone_lookup, emailLookup: r.email_lookup, cnicLookup: r.cnic_lookup }));
  }

  /** Writes rotated rows of a person table (locked by lockPersons in the same transaction). */
  async updatePersons(tx: pg.PoolClient, table: PersonTable, rows: StoredPerson[]): Promise<void> {
    const fields = PERSON_FIELDS[table];
    const columns = [...fields, ...LOOKUP_COLUMNS];
    const values = [
      rows.map((r) => r.id),
      ...fields.map((f) => rows.map((r) => r.fields[f] ?? null)),
      rows.map((r) => r.phoneLookup),
      rows.map((r) => r.emailLookup),
      rows.map((r) => r.cnicLookup),
    ];
    await tx.query(
      `update ${table} t set ${columns.map((c) => `${c} = u.${c}`).join(', ')}
         from unnest($1::uuid[], ${columns.map((_, i) => `$${i + 2}::text[]`).join(', ')}) as u(id, ${columns.join(', ')})
        where t.id = u.id`,
      values,
    );
  }

  /** Locks the next rows of a single-value table whose value is not under the current key (skipping locked ones). */
  async lockValues(tx: pg.PoolClient, table: SingleValueTable, currentId: string, afterId: string | null, limit: number): Promise<StoredValue[]> {
    const { table: name, key, column, keyType } = SINGLE[table];
    // A complaint's row lock is taken "no key update": it never blocks events or outbox rows referencing the complaint.
    const { rows } = await tx.query(
      `select ${key} as id, ${column} as value from ${name}
        where ($2::${keyType} is null or ${key} > $2) and ${column} is not null and not starts_with(${column}, $1)
        order by ${key} limit $3 for no key update skip locked`,
      [prefixes(currentId)[0], afterId, limit],
    );
    return rows.map((r) => ({ id: r.id, value: r.value }));
  }

  /** Writes rotated values (locked by lockValues in the same transaction). */
  async updateValues(tx: pg.PoolClient, table: SingleValueTable, rows: StoredValue[]): Promise<void> {
    const { table: name, key, column, keyType } = SINGLE[table];
    await tx.query(`update ${name} t set ${column} = u.value from unnest($1::${keyType}[], $2::text[]) as u(id, value) where t.${key} = u.id`, [rows.map((r) => r.id), rows.map((r) => r.value)]);
  }
}

function prefixes(keyId: string): [string, string] {
  return [`${ENVELOPE_PREFIX}${keyId}:`, `${LOOKUP_PREFIX}${keyId}:`];
}
