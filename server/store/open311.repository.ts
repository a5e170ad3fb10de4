import type { Queryable } from './db.js';

/** An Open311 client's key as stored: its name and whether it still works (the key itself is never kept). */
export interface Open311KeyRecord {
  id: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/**
 * The public columns of a complaint for GeoReport v2, with its latest public status note. Deliberately no
 * description, address or citizen: those are the citizen's (the address column is sealed personal data).
 */
export interface Open311RequestRow {
  code: string;
  state: string;
  categoryId: string | null;
  officeId: string | null;
  areaId: string | null;
  latitude: number | null;
  longitude: number | null;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  noteType: string | null;
  notePayload: Record<string, unknown> | null;
}

/** A public event of a complaint, for mySociety's servicerequestupdates. */
export interface Open311UpdateRow {
  id: string;
  code: string;
  state: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** Which complaints GET /requests selects (the domain has checked the filters). */
export type Open311Selection =
  | { kind: 'codes'; codes: string[] }
  | { kind: 'window'; categoryIds: string[] | null; start: Date; end: Date; states: readonly string[] | null };

const REQUEST_COLUMNS = `c.code, c.state, c.category_id, c.office_id, c.area_id, c.latitude, c.longitude, c.created_at, c.updated_at, c.due_at,
  n.type as note_type, n.payload as note_payload`;

/** Open311 API keys, and the public reads of complaints and events that GeoReport v2 answers with. */
export class Open311Repository {
  /** Keeps a token that GET /tokens/{token} answers with the complaint's tracking code. */
  async addToken(db: Queryable, token: string, code: string, keyId: string, now: Date): Promise<void> {
    await db.query('insert into open311_tokens (token, complaint_code, api_key_id, created_at) values ($1, $2, $3, $4)', [token, code, keyId, now]);
  }

  /** The tracking code a token was given for, or null. */
  async codeOfToken(db: Queryable, token: string): Promise<string | null> {
    const { rows } = await db.query('select complaint_code from open311_tokens where token = $1', [token]);
    return rows[0]?.complaint_code ?? null;
  }

  /** Adds a client key by the SHA-256 of the key; false when the name is taken. */
  async addKey(db: Queryable, key: { id: string; name: string; keyHash: Buffer; createdAt: Date }): Promise<boolean> {
    const { rowCount } = await db.query('insert into open311_api_keys (id, name, key_hash, created_at) values ($1, $2, $3, $4) on conflict (name) do nothing', [
      key.id,
      key.name,
      key.keyHash,
      key.createdAt,
    ]);
    return rowCount === 1;
  }

  /** The working key with this hash, noting when it was last used; null when unknown or revoked. */
  async useKey(db: Queryable, keyHash: Buffer, now: Date): Promise<Open311KeyRecord | null> {
    const { rows } = await db.query(
      'update open311_api_keys set last_used_at = $2 where key_hash = $1 and revoked_at is null returning id, name, created_at, revoked_at',
      [keyHash, now],
    );
    const r = rows[0];
    return r ? { id: r.id, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at } : null;
  }

  /** Every key's name and dates, for the CLI. */
  async listKeys(db: Queryable): Promise<(Open311KeyRecord & { lastUsedAt: Date | null })[]> {
    const { rows } = await db.query('select id, name, created_at, revoked_at, last_used_at from open311_api_keys order by name');
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at }));
  }

  /** Stops a key working; false when no working key has that name. */
  async revokeKey(db: Queryable, name: string, now: Date): Promise<boolean> {
    const { rowCount } = await db.query('update open311_api_keys set revoked_at = $2 where name = $1 and revoked_at is null', [name, now]);
    return rowCount === 1;
  }

  /** The selected complaints, newest first, at most `limit`, each with its latest public status note. */
  async requests(db: Queryable, selection: Open311Selection, noteTypes: string[], limit: number): Promise<Open311RequestRow[]> {
    const where =
      selection.kind === 'codes'
        ? { sql: 'c.code = any($2::text[])', params: [selection.codes] }
        : {
            sql: 'c.created_at >= $2 and c.created_at <= $3 and ($4::text[] is null or c.category_id = any($4)) and ($5::text[] is null or c.state = any($5))',
            params: [selection.start, selection.end, selection.categoryIds, selection.states],
          };
    const { rows } = await db.query(
      `select ${REQUEST_COLUMNS}
         from complaints c
         left join lateral (select e.type, e.payload from complaint_events e
                             where e.complaint_id = c.id and e.visibility = 'public' and e.type = any($1::text[])
                             order by e.seq desc limit 1) n on true
        where ${where.sql}
        order by c.created_at desc, c.code
        limit ${Number(limit)}`,
      [noteTypes, ...where.params],
    );
    return rows.map((r) => ({
      code: r.code,
      state: r.state,
      categoryId: r.category_id,
      officeId: r.office_id,
      areaId: r.area_id,
      latitude: r.latitude,
      longitude: r.longitude,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      dueAt: r.due_at,
      noteType: r.note_type,
      notePayload: r.note_payload,
    }));
  }

  /** Public events between two times, oldest first, at most `limit` (servicerequestupdates). */
  async publicEvents(db: Queryable, start: Date, end: Date, limit: number): Promise<Open311UpdateRow[]> {
    const { rows } = await db.query(
      `select e.id, c.code, c.state, e.type, e.payload, e.created_at
         from complaint_events e join complaints c on c.id = e.complaint_id
        where e.visibility = 'public' and e.created_at >= $1 and e.created_at <= $2
        order by e.created_at, e.id
        limit ${Number(limit)}`,
      [start, end],
    );
    return rows.map((r) => ({ id: String(r.id), code: r.code, state: r.state, type: r.type, payload: r.payload, createdAt: r.created_at }));
  }
}
