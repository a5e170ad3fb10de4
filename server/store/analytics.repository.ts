import type { Queryable } from './db.js';

/** Complaints per category, district and Karachi day. */
export interface DailyCountRow {
  category: string;
  district: string;
  day: string;
  count: number;
}

/** A complaint's description with its district (for topic terms). */
export interface DescriptionRow {
  district: string;
  department: string | null;
  text: string;
}

/** An open complaint with coordinates. */
export interface OpenPointRow {
  code: string;
  latitude: number;
  longitude: number;
}

// The district is the first three levels of the area id (province.division.district), as in statistics.repository.
const DISTRICT_SQL = `array_to_string((string_to_array(c.area_id, '.'))[1:3], '.')`;
// Open and not yet resolved: the problem is still there on the ground.
const UNRESOLVED_STATES = ['submitted', 'triage', 'assigned', 'in_progress', 'awaiting_citizen'];

/**
 * Reads for spike and hotspot detection: daily counts and open complaints' coordinates, aggregated or narrowed in
 * PostgreSQL. Run on a staff-scoped connection (withStaffScope) it sees only the viewer's jurisdiction.
 */
export class AnalyticsRepository {
  /** Complaints filed in [start, end) per category × district × Karachi day; complaints without either are left out. */
  async dailyCounts(db: Queryable, filter: { start: Date; end: Date; keys?: readonly string[] | undefined }): Promise<DailyCountRow[]> {
    const params: unknown[] = [filter.start, filter.end];
    const keys = filter.keys ? `and c.jurisdiction_keys && $${params.push(filter.keys)}::text[]` : '';
    const { rows } = await db.query(
      `select c.category_id as category, ${DISTRICT_SQL} as district,
              to_char(c.created_at at time zone 'Asia/Karachi', 'YYYY-MM-DD') as day, count(*)::int as count
         from complaints c
        where c.created_at >= $1 and c.created_at < $2 and c.category_id is not null
          and cardinality(string_to_array(c.area_id, '.')) >= 3 ${keys}
        group by 1, 2, 3`,
      params,
    );
    return rows;
  }

  /** Open, unresolved complaints of a category that have coordinates, newest first, at most `limit`. */
  async openPoints(db: Queryable, filter: { categoryId: string; limit: number; keys?: readonly string[] | undefined }): Promise<OpenPointRow[]> {
    const params: unknown[] = [filter.categoryId, UNRESOLVED_STATES, filter.limit];
    const keys = filter.keys ? `and c.jurisdiction_keys && $${params.push(filter.keys)}::text[]` : '';
    const { rows } = await db.query(
      `select c.code, c.latitude, c.longitude
         from complaints c
        where c.category_id = $1 and c.state = any($2::text[]) and c.latitude is not null and c.longitude is not null ${keys}
        order by c.created_at desc
        limit $3`,
      params,
    );
    return rows;
  }

  /**
   * Descriptions of complaints filed in [start, end) that lie in a district, newest first, at most `limit`;
   * narrowed to a district (`district`) and to departments (`departments`) when given.
   */
  async descriptions(db: Queryable, filter: { start: Date; end: Date; limit: number; district?: string | undefined; departments?: readonly string[] | undefined; keys?: readonly string[] | undefined }): Promise<DescriptionRow[]> {
    const params: unknown[] = [filter.start, filter.end, filter.limit];
    const where: string[] = [];
    if (filter.keys) where.push(`c.jurisdiction_keys && $${params.push(filter.keys)}::text[]`);
    if (filter.departments) where.push(`c.department_id = any($${params.push(filter.departments)}::text[])`);
    if (filter.district) where.push(`${DISTRICT_SQL} = $${params.push(filter.district)}`);
    const { rows } = await db.query(
      `select ${DISTRICT_SQL} as district, c.department_id as department, c.description as text
         from complaints c
        where c.created_at >= $1 and c.created_at < $2 and cardinality(string_to_array(c.area_id, '.')) >= 3 ${where.map((w) => `and ${w}`).join(' ')}
        order by c.created_at desc
        limit $3`,
      params,
    );
    return rows;
  }
}
