import type { Queryable } from './db.js';

/** Where attachment bytes live. PostgreSQL by default; an S3-compatible store can implement the same shape. */
export interface AttachmentStorage {
  /** Stores bytes under their keys; PostgreSQL storage writes inside the caller's transaction. */
  put(tx: Queryable, items: { key: string; data: Buffer }[]): Promise<void>;
  /** The bytes under a key, or null if there are none. */
  get(db: Queryable, key: string): Promise<Buffer | null>;
}

/** Attachment bytes in the attachment_blobs table, committed atomically with the complaint they belong to. */
export class PostgresAttachmentStorage implements AttachmentStorage {
  async put(tx: Queryable, items: { key: string; data: Buffer }[]): Promise<void> {
    if (items.length === 0) return;
    await tx.query(`insert into attachment_blobs (key, data) select * from unnest($1::text[], $2::bytea[])`, [items.map((i) => i.key), items.map((i) => i.data)]);
  }

  async get(db: Queryable, key: string): Promise<Buffer | null> {
    const { rows } = await db.query<{ data: Buffer }>('select data from attachment_blobs where key = $1', [key]);
    return rows[0]?.data ?? null;
  }
}
