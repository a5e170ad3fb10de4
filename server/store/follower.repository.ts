import type pg from 'pg';
import { emailLookupKey } from '../domain/contact.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import type { Queryable } from './db.js';
import { insertCitizens, type CitizenRow } from './complaint-intake.repository.js';

/** An open complaint that might be the same problem as a new one. */
export interface DuplicateCandidate {
  id: string;
  code: string;
  state: string;
  areaId: string | null;
  description: string;
  latitude: number | null;
  longitude: number | null;
  createdAt: Date;
  followers: number;
}

/** Duplicate candidates and the citizens who follow a complaint. */
export class FollowerRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /**
   * Open complaints of one category filed between `since` and `until`, in the area (or within the box around a
   * point), newest first. Texts are compared by the caller.
   */
  async candidates(db: Queryable, q: { categoryId: string; areaPrefix: string | null; box: [number, number, number, number] | null; since: Date; until: Date; limit: number }): Promise<DuplicateCandidate[]> {
    const { rows } = await db.query(
      `select c.id, c.code, c.state, c.area_id, c.description, c.latitude, c.longitude, c.created_at,
              (select count(*)::int from complaint_followers f where f.complaint_id = c.id) as followers
         from complaints c
        where c.category_id = $1 and c.created_at >= $2 and c.created_at <= $9
          and c.state in ('submitted', 'triage', 'assigned', 'in_progress', 'awaiting_citizen', 'resolved')
          and (($3::text is not null and (c.area_id = $3 or c.area_id like $3 || '.%'))
               or ($4::float8 is not null and c.latitude between $4 and $5 and c.longitude between $6 and $7))
        order by c.created_at desc limit $8`,
      [q.categoryId, q.since, q.areaPrefix, q.box?.[0] ?? null, q.box?.[1] ?? null, q.box?.[2] ?? null, q.box?.[3] ?? null, q.limit, q.until],
    );
    return rows.map((r) => ({ id: r.id, code: r.code, state: r.state, areaId: r.area_id, description: r.description, latitude: r.latitude, longitude: r.longitude, createdAt: r.created_at, followers: r.followers }));
  }

  /**
   * Adds a follower (a new citizens row holding their contact); false if that contact already follows it. The
   * contact is matched by its blind index under every key held (and in clear on rows from before encryption).
   */
  async follow(tx: pg.PoolClient, complaintId: string, citizen: CitizenRow): Promise<boolean> {
    const existing = await tx.query(
      `select 1 from complaint_followers f join citizens z on z.id = f.citizen_id
        where f.complaint_id = $1 and (z.phone_lookup = any($2::text[]) or z.email_lookup = any($3::text[]))`,
      [complaintId, this.cipher.lookupCandidates('phone', citizen.phone), this.cipher.lookupCandidates('email', citizen.email === null ? null : emailLookupKey(citizen.email))],
    );
    if (existing.rows.length > 0) return false;
    await insertCitizens(tx, [citizen], this.cipher);
    await tx.query('insert into complaint_followers (complaint_id, citizen_id, created_at) values ($1, $2, $3)', [complaintId, citizen.id, citizen.createdAt]);
    return true;
  }

  /** The citizens following a complaint. */
  async followerIds(db: Queryable, complaintId: string): Promise<string[]> {
    const { rows } = await db.query('select citizen_id from complaint_followers where complaint_id = $1 order by created_at', [complaintId]);
    return rows.map((r) => r.citizen_id);
  }
}
