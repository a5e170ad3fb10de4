import type pg from 'pg';
import type { Queryable } from './db.js';

/** How a model came to be (router_models.source). */
export type RouterModelSource = 'cli_import' | 'scheduled_retrain' | 'admin_retrain';
/** Where a model stands (router_models.status); one active per purpose. */
export type RouterModelStatus = 'candidate' | 'active' | 'retired' | 'rejected';

/** A stored model without its bytes (listings). */
export interface RouterModelRecord {
  version: number;
  purpose: string;
  status: RouterModelStatus;
  source: RouterModelSource;
  createdAt: Date;
  createdBy: string;
  labels: string[];
  trainingExamples: number;
  heldOutExamples: number | null;
  accuracy: number | null;
  macroF1: number | null;
  comparedVersion: number | null;
  comparedAccuracy: number | null;
  comparedMacroF1: number | null;
  activatedAt: Date | null;
  retiredAt: Date | null;
  rolledBackAt: Date | null;
}

/** A model to store: its figures and the gzipped model file. */
export type NewRouterModel = Pick<RouterModelRecord, 'purpose' | 'status' | 'source' | 'createdBy' | 'labels' | 'trainingExamples' | 'heldOutExamples' | 'accuracy' | 'macroF1' | 'comparedVersion' | 'comparedAccuracy' | 'comparedMacroF1'> & { model: Buffer };

/** One labelled text for retraining: a complaint's description and the category it ended in. */
export interface TrainingRow {
  text: string;
  label: string;
  createdAt: Date;
  corrected: boolean;
}

const COLUMNS = `version, purpose, status, source, created_at as "createdAt", created_by as "createdBy", labels,
  training_examples as "trainingExamples", held_out_examples as "heldOutExamples", accuracy, macro_f1 as "macroF1",
  compared_version as "comparedVersion", compared_accuracy as "comparedAccuracy", compared_macro_f1 as "comparedMacroF1",
  activated_at as "activatedAt", retired_at as "retiredAt", rolled_back_at as "rolledBackAt"`;

/** The routing classifier's models (migration 0028) and the officers' corrections they learn from. */
export class RouterModelRepository {
  /** Every model of a purpose, newest first, without its bytes. */
  async list(db: Queryable, purpose: string): Promise<RouterModelRecord[]> {
    const { rows } = await db.query<RouterModelRecord>(`select ${COLUMNS} from router_models where purpose = $1 order by version desc`, [purpose]);
    return rows;
  }

  /** One model, without its bytes. */
  async find(db: Queryable, purpose: string, version: number): Promise<RouterModelRecord | null> {
    const { rows } = await db.query<RouterModelRecord>(`select ${COLUMNS} from router_models where purpose = $1 and version = $2`, [purpose, version]);
    return rows[0] ?? null;
  }

  /** The active model's version, or null (a cheap check every process makes before reloading). */
  async activeVersion(db: Queryable, purpose: string): Promise<number | null> {
    const { rows } = await db.query<{ version: number }>(`select version from router_models where purpose = $1 and status = 'active'`, [purpose]);
    return rows[0]?.version ?? null;
  }

  /** The bytes (gzipped model file) of one version. */
  async modelBytes(db: Queryable, purpose: string, version: number): Promise<Buffer | null> {
    const { rows } = await db.query<{ model: Buffer }>(`select model from router_models where purpose = $1 and version = $2`, [purpose, version]);
    return rows[0]?.model ?? null;
  }

  /** Stores a model under the next version number of its purpose (the caller holds the purpose's lock); returns it. */
  async insert(tx: pg.PoolClient, m: NewRouterModel, now: Date): Promise<number> {
    const { rows } = await tx.query<{ version: number }>(
      `insert into router_models (purpose, version, status, source, created_at, created_by, labels, training_examples, held_out_examples,
                                  accuracy, macro_f1, compared_version, compared_accuracy, compared_macro_f1, model)
       select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 from router_models where purpose = $1
       returning version`,
      [m.purpose, m.status, m.source, now, m.createdBy, m.labels, m.trainingExamples, m.heldOutExamples, m.accuracy, m.macroF1, m.comparedVersion, m.comparedAccuracy, m.comparedMacroF1, m.model],
    );
    return rows[0]!.version;
  }

  /** Makes `version` the active model, retiring the one active before; returns the retired version (or null). */
  async activate(tx: pg.PoolClient, purpose: string, version: number, now: Date): Promise<number | null> {
    const { rows } = await tx.query<{ version: number }>(
      `update router_models set status = 'retired', retired_at = $2 where purpose = $1 and status = 'active' and version <> $3 returning version`,
      [purpose, now, version],
    );
    await tx.query(`update router_models set status = 'active', activated_at = $3, retired_at = null, rolled_back_at = null where purpose = $1 and version = $2`, [purpose, version, now]);
    return rows[0]?.version ?? null;
  }

  /**
   * The model to roll back to: the one active most recently before the current one, never one a rollback took out.
   * Null when there is none.
   */
  async previousActive(db: Queryable, purpose: string, current: RouterModelRecord): Promise<number | null> {
    const { rows } = await db.query<{ version: number }>(
      `select version from router_models
        where purpose = $1 and status = 'retired' and rolled_back_at is null and activated_at is not null and activated_at < $2 and version <> $3
        order by activated_at desc, version desc limit 1`,
      [purpose, current.activatedAt ?? new Date(0), current.version],
    );
    return rows[0]?.version ?? null;
  }

  /** Takes the active model out by a rollback and re-activates `previous` (its first activation time kept). */
  async rollBack(tx: pg.PoolClient, purpose: string, current: number, previous: number, now: Date): Promise<void> {
    await tx.query(`update router_models set status = 'retired', retired_at = $3, rolled_back_at = $3 where purpose = $1 and version = $2`, [purpose, current, now]);
    await tx.query(`update router_models set status = 'active', retired_at = null where purpose = $1 and version = $2`, [purpose, previous]);
  }

  /**
   * What retraining learns from, oldest first (the newest `limit`): complaints that were resolved or closed, with the
   * category they ended in, and every complaint an officer corrected (the correction's category wins). Only
   * categories still in the catalogue are labels.
   */
  async trainingRows(db: Queryable, limit: number): Promise<TrainingRow[]> {
    const { rows } = await db.query<TrainingRow>(
      `select text, label, "createdAt", corrected from (
         select c.description as text, coalesce(e.category_id, c.category_id) as label, c.created_at as "createdAt", e.category_id is not null as corrected, c.id
           from complaints c
           left join lateral (select r.category_id from routing_examples r where r.complaint_id = c.id order by r.id desc limit 1) e on true
          where c.category_id is not null and length(c.description) >= 10
            and (c.state in ('resolved', 'closed', 'closed_no_response') or e.category_id is not null)
          order by c.created_at desc, c.id desc limit $1) newest
        where exists (select 1 from categories k where k.id = newest.label and k.active)
        order by "createdAt", id`,
      [limit],
    );
    return rows;
  }

  /** Records an officer's correction of a complaint's category (inside the action's transaction, under its scope). */
  async addExample(tx: pg.PoolClient, example: { complaintId: string; categoryId: string; source: 'recategorised' | 'transferred'; actorId: string | null; createdAt: Date }): Promise<void> {
    await tx.query(`insert into routing_examples (complaint_id, category_id, source, actor_id, created_at) values ($1, $2, $3, $4, $5)`, [example.complaintId, example.categoryId, example.source, example.actorId, example.createdAt]);
  }
}
