import { FINAL_STATES } from '../domain/lifecycle/index.js';
import type { Queryable } from './db.js';

/** What an anonymisation batch changed. */
export interface AnonymisedBatch {
  /** The last citizen id of the batch (the next one starts after it), or null when there was none left. */
  lastId: string | null;
  citizens: number;
  complaintAddresses: number;
}

// A citizen is due when every complaint they filed or follow is in a final state and closed before the cutoff ($1).
// A complaint in a final state without closed_at (not written by this code) is never taken as closed long ago.
const DUE = `z.anonymised_at is null and z.created_at < $1
  and not exists (select 1 from complaints c where c.citizen_id = z.id
                   and (c.state <> all($2::text[]) or c.closed_at is null or c.closed_at >= $1))
  and not exists (select 1 from complaint_followers f join complaints c on c.id = f.complaint_id where f.citizen_id = z.id
                   and (c.state <> all($2::text[]) or c.closed_at is null or c.closed_at >= $1))`;

// Payload keys that would be personal data in an event (see domain/privacy/personal-fields.ts).
const PERSONAL_EVENT_KEYS = ['name', 'phone', 'email', 'cnic', 'address', 'contact'];

/** All SQL of retention: which citizens are due, and emptying their personal fields. */
export class RetentionRepository {
  /** How many citizens are due, and how many complaint addresses anonymising them would empty. */
  async countDue(q: Queryable, cutoff: Date): Promise<{ citizens: number; complaintAddresses: number }> {
    const { rows } = await q.query(
      `with due as (select z.id from citizens z where ${DUE})
       select (select count(*)::int from due) as citizens,
              (select count(*)::int from complaints where citizen_id in (select id from due) and address is not null) as complaint_addresses`,
      [cutoff, FINAL_STATES],
    );
    return { citizens: rows[0].citizens, complaintAddresses: rows[0].complaint_addresses };
  }

  /**
   * Anonymises the next `limit` due citizens after `afterId` in ONE statement (so the check and the change see the
   * same rows): personal fields and lookups emptied, the citizen marked, the address of their complaints and the
   * answers to their categories' extra fields (which can be an account or registration number) emptied.
   * Complaints, their events and every statistic are kept; country_code (which country, not who) stays for statistics.
   * A chosen time zone goes too: a city's zone (America/Chicago) says more than the country, and no message needs it now.
   */
  async anonymiseNext(q: Queryable, cutoff: Date, afterId: string | null, limit: number, now: Date): Promise<AnonymisedBatch> {
    const { rows } = await q.query(
      `with due as (select z.id from citizens z where ($3::uuid is null or z.id > $3) and ${DUE} order by z.id limit $4 for no key update),
            c as (select id, address is not null as had_address from complaints where citizen_id in (select id from due) and (address is not null or attributes is not null)),
            u as (update complaints set address = null, attributes = null where id in (select id from c) returning 1),
            z as (update citizens set name = null, phone = null, phone_lookup = null, email = null, email_lookup = null, cnic = null,
                         cnic_lookup = null, address = null, time_zone = null, anonymised_at = $5 where id in (select id from due) returning id)
       select (select max(id::text) from z) as last_id, (select count(*)::int from z) as citizens, (select count(*)::int from c where had_address) as complaint_addresses`,
      [cutoff, FINAL_STATES, afterId, limit, now],
    );
    return { lastId: rows[0].last_id, citizens: rows[0].citizens, complaintAddresses: rows[0].complaint_addresses };
  }

  /** Events of the complaints of due citizens whose payload has a personal key (none are written since 0009; older ones are reported). */
  async eventsWithPersonalKeys(q: Queryable, cutoff: Date): Promise<number> {
    const { rows } = await q.query(
      `select count(*)::int as n from complaint_events e join complaints c on c.id = e.complaint_id join citizens z on z.id = c.citizen_id
        where ${DUE} and e.payload ?| $3::text[]`,
      [cutoff, FINAL_STATES, PERSONAL_EVENT_KEYS],
    );
    return rows[0].n;
  }

  /** How many citizen accounts have not signed in since the cutoff. */
  async countIdleAccounts(q: Queryable, cutoff: Date): Promise<number> {
    const { rows } = await q.query('select count(*)::int as n from citizen_accounts where last_sign_in_at < $1', [cutoff]);
    return rows[0].n;
  }

  /**
   * Deletes up to `limit` citizen accounts not signed in since the cutoff, with their sessions (on delete cascade);
   * returns how many. An account signing in at that moment is skipped (skip locked), or, once its row is locked
   * here, is re-checked and kept, or signs in as a new account.
   */
  async deleteIdleAccounts(q: Queryable, cutoff: Date, limit: number): Promise<number> {
    const { rowCount } = await q.query(
      `delete from citizen_accounts where id in (select id from citizen_accounts where last_sign_in_at < $1 order by id limit $2 for update skip locked)`,
      [cutoff, limit],
    );
    return rowCount ?? 0;
  }
}
