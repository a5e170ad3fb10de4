import type { ComplaintHistory } from '../ai/risk/history.js';
import { RISK_FEATURES, type RiskModel } from '../ai/risk/model.js';
import type { TrainingResult } from '../ai/risk/train.js';
import type { Queryable } from './db.js';

/** The events the history replay reads (what moves the clock, the state or the office). */
export const RISK_EVENT_TYPES = [
  'routed', 'triaged', 'office_assigned', 'transferred', 'acknowledged', 'information_requested', 'information_provided', 'escalated', 'sla_breached',
  'resolved', 'rejected', 'withdrawn', 'merged_as_duplicate', 'closed_no_response', 'citizen_satisfied', 'citizen_not_satisfied', 'contested',
];
// Reopenings, counted per complaint for the queue.
const REOPEN_TYPES = ['citizen_not_satisfied', 'contested'];
// States in which a complaint is on an office's desk: what "open load" counts.
const LOAD_STATES = ['triage', 'assigned', 'in_progress', 'awaiting_citizen'];

/** A stored model with when it was trained and how well it did on held-out history. */
export interface StoredRiskModel {
  id: string;
  trainedAt: Date;
  /** The feature names the weights were fitted for (RISK_FEATURES when it was trained). */
  features: string[];
  model: RiskModel;
  episodes: number;
  snapshots: number;
  fallback: string | null;
  heldOut: TrainingResult['heldOut'];
}

/** A complaint's history with where it sits now (for the open-load intervals). */
export interface HistoryRow extends ComplaintHistory {
  officeId: string | null;
}

/** Per office: open complaints and officers; per complaint: reopenings. */
export interface QueueRiskInputs {
  open: Map<string, number>;
  officers: Map<string, number>;
  reopened: Map<string, number>;
}

/** The breach-risk model's reads and writes: history to train on, models, and the queue's per-request inputs. */
export class RiskRepository {
  /** Complaints filed since `since` (newest first, at most `limit`) with their clock-relevant events in order. */
  async histories(db: Queryable, since: Date, limit: number): Promise<HistoryRow[]> {
    const { rows } = await db.query(
      `select c.category_id, c.office_id, c.created_at, coalesce(c.sla_days, cat.sla_days) as sla_days,
              (select coalesce(json_agg(json_build_object('type', e.type, 'at', e.created_at, 'officeId', e.payload->>'officeId', 'toOfficeId', e.payload->>'toOfficeId') order by e.seq), '[]')
                 from complaint_events e where e.complaint_id = c.id and e.type = any($3::text[])) as events
         from complaints c left join categories cat on cat.id = c.category_id
        where c.created_at >= $1
        order by c.created_at desc
        limit $2`,
      [since, limit, RISK_EVENT_TYPES],
    );
    return rows.map((r) => ({
      categoryId: r.category_id,
      officeId: r.office_id,
      createdAt: r.created_at,
      slaDays: r.sla_days ?? 7,
      events: (r.events as { type: string; at: string; officeId: string | null; toOfficeId: string | null }[]).map((e) => ({
        type: e.type,
        at: new Date(e.at),
        payload: { ...(e.officeId && { officeId: e.officeId }), ...(e.toOfficeId && { toOfficeId: e.toOfficeId }) },
      })),
    }));
  }

  /** Officers and heads of office able to work, per office (or only the offices given). */
  async officerCounts(db: Queryable, officeIds?: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await db.query(
      `select so.office_id, count(*)::int as officers
         from staff_user_offices so join staff_users u on u.id = so.user_id
        where u.role in ('officer', 'head_of_office') and u.disabled_at is null ${officeIds ? 'and so.office_id = any($1::text[])' : ''}
        group by so.office_id`,
      officeIds ? [officeIds] : [],
    );
    return new Map(rows.map((r) => [r.office_id as string, r.officers as number]));
  }

  /**
   * The queue's per-request inputs in one statement: open complaints filed since `since` and officers per office for
   * the offices on the page, and how often each complaint on the page was reopened. Run on the reader's row-level-security scope, so the
   * open count is what the reader may see (for an office wholly in their jurisdiction, all of its work).
   */
  async queueInputs(db: Queryable, officeIds: readonly string[], complaintIds: readonly string[], since: Date): Promise<QueueRiskInputs> {
    const { rows } = await db.query(
      `select 'o' as kind, c.office_id as key, count(*)::int as n
         from complaints c where c.office_id = any($1::text[]) and c.state = any($3::text[]) and c.created_at >= $5 group by c.office_id
       union all
       select 's', so.office_id, count(*)::int
         from staff_user_offices so join staff_users u on u.id = so.user_id
        where so.office_id = any($1::text[]) and u.role in ('officer', 'head_of_office') and u.disabled_at is null group by so.office_id
       union all
       select 'r', e.complaint_id::text, count(*)::int
         from complaint_events e where e.complaint_id = any($2::uuid[]) and e.type = any($4::text[]) group by e.complaint_id`,
      [officeIds, complaintIds, LOAD_STATES, REOPEN_TYPES, since],
    );
    const inputs: QueueRiskInputs = { open: new Map(), officers: new Map(), reopened: new Map() };
    for (const r of rows) (r.kind === 'o' ? inputs.open : r.kind === 's' ? inputs.officers : inputs.reopened).set(r.key, r.n);
    return inputs;
  }

  /** Stores a training run's model. */
  async save(db: Queryable, result: TrainingResult, trainedAt: Date): Promise<string> {
    const { rows } = await db.query(
      `insert into risk_models (trained_at, kind, model, episodes, snapshots, fallback, held_out) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [trainedAt, result.model.kind, { ...result.model, features: RISK_FEATURES }, result.episodes, result.rows, result.fallback, result.heldOut],
    );
    return String(rows[0].id);
  }

  /** Keeps the newest `keep` models, so the table holds a short record of how calibration moved. */
  async prune(db: Queryable, keep: number): Promise<number> {
    const { rowCount } = await db.query(`delete from risk_models where id not in (select id from risk_models order by id desc limit $1)`, [keep]);
    return rowCount ?? 0;
  }

  /** The model stored last, or null on a new installation. */
  async latest(db: Queryable): Promise<StoredRiskModel | null> {
    const { rows } = await db.query(`select id, trained_at, model, episodes, snapshots, fallback, held_out from risk_models order by id desc limit 1`);
    const r = rows[0];
    if (!r) return null;
    const m = r.model as RiskModel & { features?: string[] };
    return {
      id: String(r.id),
      trainedAt: r.trained_at,
      features: m.features ?? [],
      model: { kind: m.kind, intercept: m.intercept, weights: m.weights, globalRate: m.globalRate, categories: m.categories, offices: m.offices },
      episodes: r.episodes,
      snapshots: r.snapshots,
      fallback: r.fallback,
      heldOut: r.held_out,
    };
  }
}
