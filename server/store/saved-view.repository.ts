import type { Queryable } from './db.js';

/** One saved view of the staff queue, as stored. */
export interface SavedViewRecord {
  id: string;
  userId: string;
  name: string;
  filters: Record<string, unknown>;
  createdAt: Date;
}

interface Row {
  id: string;
  user_id: string;
  name: string;
  filters: Record<string, unknown>;
  created_at: Date;
}

const toRecord = (row: Row): SavedViewRecord => ({ id: row.id, userId: row.user_id, name: row.name, filters: row.filters, createdAt: row.created_at });

/** Saved queue views; every query names its owner too, under the table's row-level security (migration 0025). */
export class SavedViewRepository {
  /** Sets the owner row-level security lets the transaction see (SET LOCAL: it ends with the transaction). */
  async actAs(db: Queryable, userId: string): Promise<void> {
    await db.query(`select set_config('ekhtyar.user_id', $1, true)`, [userId]);
  }

  /** Serialises one user's saves, so two at once cannot both pass the limit. */
  async lockUser(db: Queryable, userId: string): Promise<void> {
    await db.query(`select pg_advisory_xact_lock(hashtext('saved_views:' || $1))`, [userId]);
  }

  async list(db: Queryable, userId: string): Promise<SavedViewRecord[]> {
    const { rows } = await db.query<Row>(`select id, user_id, name, filters, created_at from saved_views where user_id = $1 order by lower(name), id`, [userId]);
    return rows.map(toRecord);
  }

  async count(db: Queryable, userId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from saved_views where user_id = $1`, [userId]);
    return rows[0]!.n;
  }

  /** Inserts the view; false when the user already has one of that name (any case). */
  async insert(db: Queryable, view: SavedViewRecord): Promise<boolean> {
    const { rowCount } = await db.query(
      `insert into saved_views (id, user_id, name, filters, created_at) values ($1, $2, $3, $4, $5) on conflict (user_id, lower(name)) do nothing`,
      [view.id, view.userId, view.name, JSON.stringify(view.filters), view.createdAt],
    );
    return rowCount === 1;
  }

  /** Deletes the user's view; false when they have none with that id. */
  async delete(db: Queryable, userId: string, id: string): Promise<boolean> {
    const { rowCount } = await db.query(`delete from saved_views where id = $1 and user_id = $2`, [id, userId]);
    return rowCount === 1;
  }
}
