import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.js';

/** One spike alert episode: consecutive alert days of one category in one district. */
export interface SpikeEpisode {
  id: string;
  categoryId: string;
  departmentId: string;
  districtId: string;
  firstDay: string;
  lastDay: string;
  alertDays: number;
  peak: { day: string; observed: number; expected: number; pValue: number; test: 'day' | 'window' };
  status: 'open' | 'acknowledged';
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  note: string | null;
  createdAt: Date;
}

/** An alert day as the detector gave it, with the category's department. */
export interface AlertDay {
  categoryId: string;
  departmentId: string;
  districtId: string;
  day: string;
  observed: number;
  expected: number;
  pValue: number;
  test: 'day' | 'window';
}

/** A monitor to tell of an episode. */
export interface AlertRecipient {
  id: string;
  email: string | null;
}

/** The topic of a spike alert e-mail in the outbox. */
export const SPIKE_ALERT_TOPIC = 'staff.spike_alert';

const COLUMNS = `id, category_id, department_id, district_id, to_char(first_day, 'YYYY-MM-DD') as first_day, to_char(last_day, 'YYYY-MM-DD') as last_day,
  alert_days, to_char(peak_day, 'YYYY-MM-DD') as peak_day, peak_observed, peak_expected, peak_p_value, peak_test, status, acknowledged_by,
  acknowledged_at, acknowledgement_note, created_at`;

interface EpisodeRow {
  id: string;
  category_id: string;
  department_id: string;
  district_id: string;
  first_day: string;
  last_day: string;
  alert_days: number;
  peak_day: string;
  peak_observed: number;
  peak_expected: number;
  peak_p_value: number;
  peak_test: 'day' | 'window';
  status: 'open' | 'acknowledged';
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  acknowledgement_note: string | null;
  created_at: Date;
}

function episodeOf(r: EpisodeRow): SpikeEpisode {
  return {
    id: r.id,
    categoryId: r.category_id,
    departmentId: r.department_id,
    districtId: r.district_id,
    firstDay: r.first_day,
    lastDay: r.last_day,
    alertDays: r.alert_days,
    peak: { day: r.peak_day, observed: r.peak_observed, expected: Number(r.peak_expected), pValue: Number(r.peak_p_value), test: r.peak_test },
    status: r.status,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    note: r.acknowledgement_note,
    createdAt: r.created_at,
  };
}

/** Spike alert episodes, who was told of them, and their e-mails in the outbox (migration 0030). */
export class SpikeAlertRepository {
  /** The episode of this cell that already covers `day` (a rerun), or that ended on `previousDay` (to extend), if any. */
  async episodeAround(db: Queryable, cell: { categoryId: string; districtId: string }, day: string, previousDay: string): Promise<{ episode: SpikeEpisode; covers: boolean } | null> {
    const { rows } = await db.query(
      `select ${COLUMNS}, first_day <= $3::date and last_day >= $3::date as covers
         from spike_alerts where category_id = $1 and district_id = $2 and last_day >= $4::date and first_day <= $3::date
        order by last_day desc limit 1 for update`,
      [cell.categoryId, cell.districtId, day, previousDay],
    );
    return rows[0] ? { episode: episodeOf(rows[0]), covers: rows[0].covers } : null;
  }

  /** Opens an episode with its first alert day; null if a concurrent run opened it first. */
  async open(db: Queryable, alert: AlertDay, now: Date): Promise<string | null> {
    const id = randomUUID();
    const { rowCount } = await db.query(
      `insert into spike_alerts (id, category_id, department_id, district_id, first_day, last_day, peak_day, peak_observed, peak_expected, peak_p_value, peak_test, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $5, $5, $6, $7, $8, $9, $10, $10) on conflict (category_id, district_id, first_day) do nothing`,
      [id, alert.categoryId, alert.departmentId, alert.districtId, alert.day, alert.observed, alert.expected, alert.pValue, alert.test, now],
    );
    return rowCount ? id : null;
  }

  /** Extends an episode to `day`; the peak moves when this day is more surprising. */
  async extend(db: Queryable, id: string, alert: AlertDay, now: Date): Promise<void> {
    await db.query(
      `update spike_alerts set last_day = $2, alert_days = alert_days + 1, updated_at = $7,
              peak_day = case when $5 < peak_p_value then $2 else peak_day end,
              peak_observed = case when $5 < peak_p_value then $3 else peak_observed end,
              peak_expected = case when $5 < peak_p_value then $4 else peak_expected end,
              peak_test = case when $5 < peak_p_value then $6 else peak_test end,
              peak_p_value = least(peak_p_value, $5)
        where id = $1`,
      [id, alert.day, alert.observed, alert.expected, alert.pValue, alert.test, now],
    );
  }

  /**
   * Active department and provincial monitors whose scope covers the department in the district: a pair of their
   * scope with that department (or every department) over the district or an area containing it.
   */
  async monitorsOf(db: Queryable, departmentId: string, districtId: string): Promise<AlertRecipient[]> {
    const { rows } = await db.query(
      `select distinct u.id, u.email from staff_users u join staff_user_scopes s on s.user_id = u.id
        where u.role in ('department_monitor', 'provincial_monitor') and u.disabled_at is null
          and (s.department_id is null or s.department_id = $1) and ($2 = s.area_id or $2 like s.area_id || '.%')
        order by u.id`,
      [departmentId, districtId],
    );
    return rows;
  }

  /** Records that a monitor is told of an episode and queues their e-mail; false (nothing written) if they already were. */
  async notify(db: Queryable, alertId: string, recipient: AlertRecipient, now: Date): Promise<boolean> {
    const { rowCount } = await db.query(`insert into spike_alert_notifications (alert_id, staff_user_id, created_at) values ($1, $2, $3) on conflict do nothing`, [alertId, recipient.id, now]);
    if (!rowCount) return false;
    // Queued whether or not they have an address: delivery settles it as skipped, with the reason, when they do not.
    await db.query(
      `with o as (insert into outbox (topic, payload, recipient_staff_id, created_at, available_at) values ($3, $4, $2, $5, $5) returning id)
       update spike_alert_notifications set outbox_id = (select id from o) where alert_id = $1 and staff_user_id = $2`,
      [alertId, recipient.id, SPIKE_ALERT_TOPIC, JSON.stringify({ alertId }), now],
    );
    return true;
  }

  /** Episodes the connection may see (row-level security), newest first; `open` only those not yet acknowledged. */
  async list(db: Queryable, filter: { status?: 'open' | 'acknowledged' | undefined; keys?: readonly string[] | undefined; limit: number }): Promise<SpikeEpisode[]> {
    const params: unknown[] = [filter.limit];
    const where: string[] = [];
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.keys) where.push(`jurisdiction_keys && $${params.push(filter.keys)}::text[]`);
    const { rows } = await db.query(`select ${COLUMNS} from spike_alerts ${where.length ? `where ${where.join(' and ')}` : ''} order by last_day desc, peak_p_value, id limit $1`, params);
    return rows.map(episodeOf);
  }

  /** One episode by id, if the connection may see it. */
  async find(db: Queryable, id: string): Promise<SpikeEpisode | null> {
    const { rows } = await db.query(`select ${COLUMNS} from spike_alerts where id = $1`, [id]);
    return rows[0] ? episodeOf(rows[0]) : null;
  }

  /** Marks an open episode acknowledged; false if it is not open (or not visible). */
  async acknowledge(db: Queryable, id: string, by: string, note: string | null, now: Date): Promise<boolean> {
    const { rowCount } = await db.query(
      `update spike_alerts set status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, acknowledgement_note = $4, updated_at = $3 where id = $1 and status = 'open'`,
      [id, by, now, note],
    );
    return (rowCount ?? 0) > 0;
  }

  /** What a monitor's alert e-mail needs: their address and the episode (on the service pool, which sees every episode). */
  async mailContext(db: Queryable, staffId: string, alertId: string): Promise<{ email: string | null; episode: SpikeEpisode } | null> {
    const { rows } = await db.query('select email from staff_users where id = $1', [staffId]);
    const episode = await this.find(db, alertId);
    return rows[0] && episode ? { email: rows[0].email, episode } : null;
  }
}
