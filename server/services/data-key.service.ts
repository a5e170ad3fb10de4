import type pg from 'pg';
import { ConfigError } from '../config.js';
import { storedKeyId, type FieldCipher, type SealedField } from '../domain/privacy/field-cipher.js';
import { citizenLookups } from '../store/complaint-intake.repository.js';
import { DataKeyRepository, PERSON_FIELDS, type KeyCount, type PersonField, type PersonTable, type RegisteredKey, type SingleValueTable, type StoredPerson } from '../store/data-key.repository.js';
import { withTransaction, type Db } from '../store/db.js';

/** What a rotation rewrites, in the order it does it: tables, and complaints' two sealed columns one after the other. */
export const ROTATED_TABLES = ['citizens', 'citizen_accounts', 'complaints', 'complaint_attributes', 'privacy_secrets'] as const;

/** Progress of a rotation: rows rewritten so far out of those found at the start. */
export interface RotationProgress {
  table: (typeof ROTATED_TABLES)[number];
  done: number;
  total: number;
}

/** What a rotation did. */
export interface RotationResult {
  keyId: string;
  rewritten: Record<(typeof ROTATED_TABLES)[number], number>;
  /** Values and lookups still under other keys (or in clear) when it finished: rows busy, or sealed by a process with an older key. */
  remaining: number;
  /** Keys that hold nothing any more and are marked retired. */
  retired: string[];
}

/** Where the keys stand: this process's ring (if any), the registry, and what each key holds. */
export interface KeyStatus {
  current: string | null;
  held: string[];
  registered: RegisteredKey[];
  counts: KeyCount[];
}

type Batch = { lastId: string; rows: number };

// Passes over a table until one finds nothing; bounded, because a process still sealing under an old key adds rows.
const MAX_PASSES = 5;

const VALUE_FIELD: Record<SingleValueTable, SealedField> = { complaints: 'complaints.address', complaint_attributes: 'complaints.attributes', privacy_secrets: 'privacy_secrets.value' };

/**
 * Data keys: the start-up check against the database's key registry, the status report, and rotation. A rotation
 * re-seals every value not under the current key and recomputes every blind index under it in the same pass (the
 * index key is derived from the current key, so a rotation also rotates the index key). It works in batches, each
 * its own transaction of locked rows, so it can run while servers run, can be interrupted at any point, and picks up
 * where it stopped when run again (rows already under the current key are not touched).
 */
export class DataKeyService {
  constructor(
    private readonly db: Db,
    /** Null where only the counts are wanted (status, retire), e.g. on a machine without the keys. */
    private readonly ring: FieldCipher | null,
    private readonly keys = new DataKeyRepository(),
  ) {}

  private get cipher(): FieldCipher {
    if (!this.ring) throw new Error('this needs the data keys');
    return this.ring;
  }

  /**
   * Refuses (ConfigError) a key ring that would misread the database: a key whose id the database knows with another
   * fingerprint, or a ring lacking a key the database still holds data under. Otherwise registers the ring's keys.
   */
  async checkAndRegister(source: string): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      await this.keys.lockRegistry(tx);
      const held = new Map(this.cipher.fingerprints().map((k) => [k.id, k.fingerprint]));
      const problems: string[] = [];
      const missing: string[] = [];
      for (const known of await this.keys.registered(tx)) {
        const mine = held.get(known.id);
        if (mine && !mine.equals(known.fingerprint)) {
          problems.push(`${source}: key "${known.id}" is not the key "${known.id}" this database's personal data is sealed with (its fingerprint differs); configure the original key`);
        }
        if (!mine && known.retiredAt === null) missing.push(`"${known.id}"`);
      }
      if (missing.length > 0) {
        problems.push(
          `${source} lacks key ${missing.join(', ')}, under which this database may hold personal data: add it after the current key ` +
            `(it will then only open older values); if nothing is sealed under it, "ekhtyar keys retire <id>" takes it off the list`,
        );
      }
      if (problems.length > 0) throw new ConfigError(problems);
      await this.keys.register(tx, this.cipher.fingerprints(), this.cipher.currentKeyId);
    });
  }

  /** Values and lookups under each key id (a full scan). */
  async status(): Promise<KeyStatus> {
    const [registered, counts] = await Promise.all([this.keys.registered(this.db), this.keys.counts(this.db)]);
    return { current: this.ring?.currentKeyId ?? null, held: this.ring?.keyIds() ?? [], registered, counts };
  }

  /** Retires a key after checking that nothing is sealed or indexed under it; false when something is. */
  async retire(keyId: string, now = new Date()): Promise<boolean> {
    const counts = await this.keys.counts(this.db);
    if (counts.some((c) => c.keyId === keyId && c.values + c.lookups > 0)) return false;
    await this.keys.retire(this.db, [keyId], now);
    return true;
  }

  /** Re-seals everything under the current key, `batchSize` rows per transaction, then retires keys left empty. */
  async rotate(options: { batchSize: number; onProgress?: (progress: RotationProgress) => void }, now = new Date()): Promise<RotationResult> {
    const current = this.cipher.currentKeyId;
    const pending = await this.keys.pending(this.db, current);
    const rewritten = { citizens: 0, citizen_accounts: 0, complaints: 0, complaint_attributes: 0, privacy_secrets: 0 };
    for (const table of ROTATED_TABLES) {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        let after: string | null = null;
        let found = 0;
        for (;;) {
          const batch: Batch | null = await withTransaction(this.db, (tx) =>
            table === 'citizens' || table === 'citizen_accounts' ? this.rotatePersons(tx, table, current, after, options.batchSize) : this.rotateValues(tx, table, current, after, options.batchSize),
          );
          if (batch === null) break;
          after = batch.lastId;
          found += batch.rows;
          rewritten[table] += batch.rows;
          options.onProgress?.({ table, done: rewritten[table], total: Math.max(pending[table], rewritten[table]) });
        }
        if (found === 0) break;
      }
    }
    const counts = await this.keys.counts(this.db);
    const remaining = counts.filter((c) => c.keyId !== current).reduce((sum, c) => sum + c.values + c.lookups, 0);
    const inUse = new Set(counts.filter((c) => c.values + c.lookups > 0).map((c) => c.keyId));
    const retired = (await this.keys.registered(this.db)).filter((k) => k.retiredAt === null && k.id !== current && !inUse.has(k.id)).map((k) => k.id);
    if (retired.length > 0) await this.keys.retire(this.db, retired, now);
    return { keyId: current, rewritten, remaining, retired };
  }

  // Each batch says how far it got, or null when there is nothing left after `after`.
  private async rotatePersons(tx: pg.PoolClient, table: PersonTable, current: string, after: string | null, limit: number): Promise<Batch | null> {
    const rows = await this.keys.lockPersons(tx, table, current, after, limit);
    if (rows.length === 0) return null;
    await this.keys.updatePersons(tx, table, rows.map((row) => this.reseal(table, row, current)));
    return { lastId: rows[rows.length - 1]!.id, rows: rows.length };
  }

  private async rotateValues(tx: pg.PoolClient, table: SingleValueTable, current: string, after: string | null, limit: number): Promise<Batch | null> {
    const rows = await this.keys.lockValues(tx, table, current, after, limit);
    if (rows.length === 0) return null;
    const field = VALUE_FIELD[table];
    await this.keys.updateValues(tx, table, rows.map((r) => ({ id: r.id, value: this.cipher.seal(field, r.id, this.cipher.open(field, r.id, r.value)) ?? r.value })));
    return { lastId: rows[rows.length - 1]!.id, rows: rows.length };
  }

  // Opens every field (a value that does not open stops the rotation: nothing of the batch is written), re-seals the
  // ones under another key, and recomputes the lookups from the opened values under the current key.
  private reseal(table: PersonTable, row: StoredPerson, current: string): StoredPerson {
    const fields = { ...row.fields };
    const plain: Record<PersonField, string | null> = { name: null, phone: null, email: null, cnic: null, address: null };
    for (const field of PERSON_FIELDS[table]) {
      const stored = row.fields[field] ?? null;
      const sealed = `${table}.${field}` as SealedField;
      plain[field] = this.cipher.open(sealed, row.id, stored);
      if (stored !== null && storedKeyId(stored) !== current) fields[field] = this.cipher.seal(sealed, row.id, plain[field]);
    }
    return { id: row.id, fields, ...citizenLookups(this.cipher, plain) };
  }
}
