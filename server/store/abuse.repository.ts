import { windowStartOf, type WindowCounter } from '../domain/abuse/rate-limit.js';
import { withTransaction, type Db, type Queryable } from './db.js';

/** One request counted against one key: which limit (scope), the hashed key, and the window it falls in. */
export interface CounterHit {
  scope: string;
  keyHash: Buffer;
  windowSeconds: number;
  windowStart: Date;
}

/** A counter after a hit. */
export interface CounterRow extends WindowCounter {
  scope: string;
  keyHash: Buffer;
}

/** Which contact a key hash stands for, and the lookup value citizens rows hold for it (to find who it is). */
export interface ContactKey {
  kind: 'phone' | 'email';
  keyHash: Buffer;
  /** citizens.phone_lookup or citizens.email_lookup of this contact. */
  lookup: string;
}

/** A flag for staff review, with the latest citizens row and recent complaints of that contact (no contact details). */
export interface AbuseFlagRecord {
  id: string;
  keyKind: 'phone' | 'email';
  citizenId: string | null;
  reason: 'daily_cap';
  cap: number;
  refusedCount: number;
  firstRefusedAt: Date;
  lastRefusedAt: Date;
  status: 'open' | 'cleared' | 'exempted';
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  recentComplaintCodes: string[];
}

/** What an open flag is about: the hashed contact and the latest citizens row with it. */
export interface FlagKey {
  keyHash: Buffer;
  keyKind: 'phone' | 'email';
  citizenId: string | null;
}

/** An exemption from the per-citizen limits. */
export interface AbuseExemptionRecord {
  id: string;
  keyKind: 'phone' | 'email';
  citizenId: string | null;
  reason: string;
  grantedBy: string;
  grantedAt: Date;
  expiresAt: Date | null;
}

const FLAG_COLUMNS = `f.id, f.key_kind as "keyKind", f.citizen_id as "citizenId", f.reason, f.cap, f.refused_count as "refusedCount",
  f.first_refused_at as "firstRefusedAt", f.last_refused_at as "lastRefusedAt", f.status, f.reviewed_by as "reviewedBy",
  f.reviewed_at as "reviewedAt", f.review_note as "reviewNote"`;
const EXEMPTION_COLUMNS = `id, key_kind as "keyKind", citizen_id as "citizenId", reason, granted_by as "grantedBy", granted_at as "grantedAt", expires_at as "expiresAt"`;
// The latest citizens row with this contact's lookup value (citizens rows are written per complaint).
const LATEST_CITIZEN = `(select id from citizens where ($1::text = 'phone' and phone_lookup = $2) or ($1::text = 'email' and email_lookup = $2) order by created_at desc limit 1)`;

/** Rate counters, abuse flags and exemptions. */
export class AbuseRepository {
  /**
   * Counts requests against keys in one statement: an upsert per key adding `count` (same window: add; the next
   * window: the old hits become previous_hits; later: start over), the arithmetic of domain/abuse/rate-limit.ts
   * `hit()` applied `count` times. Each row says whether its key is among `exemptKeys` and exempt now. Keys must
   * be distinct within one call.
   */
  async hit(db: Queryable, hits: (CounterHit & { count?: number })[], exemptKeys: Buffer[], now: Date): Promise<(CounterRow & { exempt: boolean })[]> {
    const { rows } = await db.query<CounterRow & { exempt: boolean }>(
      `with hit as (
         insert into rate_counters as c (scope, key_hash, window_seconds, window_start, hits, previous_hits)
         select s, k, w, ws, n, 0 from unnest($1::text[], $2::bytea[], $3::int[], $4::timestamptz[], $5::int[]) as t (s, k, w, ws, n)
         on conflict (scope, key_hash) do update set
           previous_hits = case
             when excluded.window_start <= c.window_start then c.previous_hits
             when excluded.window_start = c.window_start + make_interval(secs => excluded.window_seconds) then c.hits
             else 0 end,
           hits = case when excluded.window_start <= c.window_start then c.hits + excluded.hits else excluded.hits end,
           window_start = greatest(c.window_start, excluded.window_start),
           window_seconds = excluded.window_seconds
         returning scope, key_hash, window_start, hits, previous_hits)
       select scope, key_hash as "keyHash", window_start as "windowStart", hits, previous_hits as "previousHits",
         key_hash = any($6::bytea[]) and exists (
           select 1 from abuse_exemptions e where e.key_hash = hit.key_hash and e.revoked_at is null and (e.expires_at is null or e.expires_at > $7)) as exempt
       from hit`,
      [hits.map((h) => h.scope), hits.map((h) => h.keyHash), hits.map((h) => h.windowSeconds), hits.map((h) => h.windowStart), hits.map((h) => h.count ?? 1), exemptKeys, now],
    );
    return rows;
  }

  /** Takes back hits counted for a request that was then refused, so limits count what got through. */
  async unhit(db: Queryable, hits: CounterHit[]): Promise<void> {
    await db.query(
      `update rate_counters c set hits = greatest(c.hits - 1, 0)
       from unnest($1::text[], $2::bytea[], $3::timestamptz[]) as t (s, k, ws)
       where c.scope = t.s and c.key_hash = t.k and c.window_start = t.ws`,
      [hits.map((h) => h.scope), hits.map((h) => h.keyHash), hits.map((h) => h.windowStart)],
    );
  }

  /** Deletes counters whose window and the one after it have passed; returns how many. */
  async pruneCounters(db: Queryable, now: Date): Promise<number> {
    const { rowCount } = await db.query(`delete from rate_counters where window_start + make_interval(secs => 2 * window_seconds) < $1`, [now]);
    return rowCount ?? 0;
  }

  /** Opens a flag for this contact, or counts one more refusal on its open flag; returns the flag id. */
  async flag(db: Queryable, key: ContactKey, cap: number, now: Date): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `insert into abuse_flags (key_hash, key_kind, citizen_id, reason, cap, first_refused_at, last_refused_at)
       values ($3, $1, ${LATEST_CITIZEN}, 'daily_cap', $4, $5, $5)
       on conflict (key_hash) where status = 'open' do update set
         refused_count = abuse_flags.refused_count + 1, last_refused_at = excluded.last_refused_at, cap = excluded.cap,
         citizen_id = coalesce(excluded.citizen_id, abuse_flags.citizen_id)
       returning id`,
      [key.kind, key.lookup, key.keyHash, cap, now],
    );
    return rows[0]!.id;
  }

  /** Flags by status, most recently refused first, each with up to 20 recent complaint codes of the contact. */
  async listFlags(db: Queryable, statuses: string[], limit: number): Promise<AbuseFlagRecord[]> {
    const { rows } = await db.query<AbuseFlagRecord>(
      `select ${FLAG_COLUMNS},
         array(select co.code from citizens ci join complaints co on co.citizen_id = ci.id
               where (c.phone_lookup is not null and ci.phone_lookup = c.phone_lookup) or (c.email_lookup is not null and ci.email_lookup = c.email_lookup)
               order by co.created_at desc limit 20) as "recentComplaintCodes"
       from abuse_flags f left join citizens c on c.id = f.citizen_id
       where f.status = any($1::text[]) order by f.last_refused_at desc limit $2`,
      [statuses, limit],
    );
    return rows;
  }

  /** The key of an open flag; null when there is no open flag with that id. */
  async openFlag(db: Queryable, id: string): Promise<FlagKey | null> {
    const { rows } = await db.query<FlagKey>(`select key_hash as "keyHash", key_kind as "keyKind", citizen_id as "citizenId" from abuse_flags where id = $1 and status = 'open'`, [id]);
    return rows[0] ?? null;
  }

  /** Closes an open flag as cleared (no further action); false when there is no open flag with that id. */
  async clearFlag(db: Queryable, id: string, by: string, note: string, now: Date): Promise<boolean> {
    const { rowCount } = await db.query(`update abuse_flags set status = 'cleared', reviewed_by = $2, reviewed_at = $3, review_note = $4 where id = $1 and status = 'open'`, [
      id,
      by,
      now,
      note,
    ]);
    return (rowCount ?? 0) > 0;
  }

  /** Grants (or renews) an exemption for a key; an open flag on the key is closed as exempted with the same note. */
  async exempt(db: Db, grant: { keyHash: Buffer; keyKind: 'phone' | 'email'; lookup: string | null; citizenId: string | null; reason: string; by: string; expiresAt: Date | null }, now: Date): Promise<AbuseExemptionRecord> {
    return withTransaction(db, async (tx) => {
      const { rows } = await tx.query<AbuseExemptionRecord>(
        `insert into abuse_exemptions (key_hash, key_kind, citizen_id, reason, granted_by, granted_at, expires_at)
         values ($3, $1, coalesce($4::uuid, ${LATEST_CITIZEN}), $5, $6, $7, $8)
         on conflict (key_hash) where revoked_at is null do update set reason = excluded.reason, granted_by = excluded.granted_by, granted_at = excluded.granted_at,
           expires_at = excluded.expires_at, citizen_id = coalesce(excluded.citizen_id, abuse_exemptions.citizen_id)
         returning ${EXEMPTION_COLUMNS}`,
        [grant.keyKind, grant.lookup ?? '', grant.keyHash, grant.citizenId, grant.reason, grant.by, now, grant.expiresAt],
      );
      await tx.query(`update abuse_flags set status = 'exempted', reviewed_by = $2, reviewed_at = $3, review_note = $4 where key_hash = $1 and status = 'open'`, [
        grant.keyHash,
        grant.by,
        now,
        grant.reason,
      ]);
      return rows[0]!;
    });
  }

  /** Exemptions in force at `now` (expired ones are left out), newest first. */
  async listExemptions(db: Queryable, now: Date): Promise<AbuseExemptionRecord[]> {
    const { rows } = await db.query<AbuseExemptionRecord>(`select ${EXEMPTION_COLUMNS} from abuse_exemptions where revoked_at is null and (expires_at is null or expires_at > $1) order by granted_at desc`, [now]);
    return rows;
  }

  /** Ends an exemption (the row is kept with who revoked it); false when there was no unrevoked one with that id. */
  async revokeExemption(db: Queryable, id: string, by: string, now: Date): Promise<boolean> {
    const { rowCount } = await db.query('update abuse_exemptions set revoked_by = $2, revoked_at = $3 where id = $1 and revoked_at is null', [id, by, now]);
    return (rowCount ?? 0) > 0;
  }
}

/** One key a request is counted against, before the window it falls in is known. */
export interface CounterKey {
  scope: string;
  keyHash: Buffer;
  windowSeconds: number;
  /** Shifts the window grid (days starting at Pakistan's midnight). */
  offsetSeconds: number;
}

/** A request's counters after it was counted, the instant it was counted at, and whether any of its exempt keys is exempt. */
export interface CountResult {
  counters: CounterRow[];
  exempt: boolean;
  now: Date;
}

interface PendingCount {
  keys: CounterKey[];
  exemptKeys: Buffer[];
  resolve: (result: CountResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Counts requests with group commit, as IntakeWriter writes complaints: requests arriving while a statement is in
 * flight wait and go together in the next one, with the hits on one key added up. Under load this is one statement
 * per batch instead of one per request, and a hot key (everyone behind one proxy address) is one row update per
 * batch, not a queue of backends waiting on its row lock. Each request still sees the count it would have seen
 * alone: the n-th request on a key in a batch gets the batch's starting count plus n.
 */
export class RateCounterWriter {
  private queue: PendingCount[] = [];
  private inFlight = false;

  constructor(
    private readonly db: Db,
    private readonly repository: AbuseRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Resolves once the request is counted against every key (keys distinct). */
  count(keys: CounterKey[], exemptKeys: Buffer[]): Promise<CountResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ keys, exemptKeys, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, 1000);
    this.inFlight = true;
    void this.flush(batch).finally(() => {
      this.inFlight = false;
      this.pump();
    });
  }

  private async flush(batch: PendingCount[]): Promise<void> {
    // One instant for the whole batch: every request in it is counted (and judged) as of the moment it is written.
    const now = this.clock();
    const totals = new Map<string, CounterHit & { count: number }>();
    const positions = batch.map((pending) =>
      pending.keys.map((key) => {
        const id = `${key.scope}:${key.keyHash.toString('hex')}`;
        const total = totals.get(id) ?? { scope: key.scope, keyHash: key.keyHash, windowSeconds: key.windowSeconds, windowStart: windowStartOf(now, key.windowSeconds, key.offsetSeconds), count: 0 };
        totals.set(id, total);
        total.count += 1;
        return { id, position: total.count };
      }),
    );
    try {
      const exemptKeys = [...new Map(batch.flatMap((p) => p.exemptKeys).map((k) => [k.toString('hex'), k])).values()];
      const rows = await this.repository.hit(this.db, [...totals.values()], exemptKeys, now);
      const byId = new Map(rows.map((row) => [`${row.scope}:${row.keyHash.toString('hex')}`, row]));
      for (const [index, pending] of batch.entries()) {
        const mine = new Set(pending.exemptKeys.map((k) => k.toString('hex')));
        const counters = positions[index]!.map(({ id, position }) => {
          const { exempt: _exempt, ...row } = byId.get(id)!;
          // The batch added totals.count hits; this request was the position-th of them.
          return { ...row, hits: row.hits - totals.get(id)!.count + position };
        });
        const exempt = positions[index]!.some(({ id }) => {
          const row = byId.get(id)!;
          return row.exempt && mine.has(row.keyHash.toString('hex'));
        });
        pending.resolve({ counters, exempt, now });
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
