import type { Queryable } from './db.js';
import type { Names } from './reference.repository.js';

/** A department as administrators see it (active or not). */
export interface AdminDepartment {
  id: string;
  name: { en: string; ur: string; ps: string };
  officeLevel: 'province' | 'division' | 'district' | 'tehsil';
  active: boolean;
  createdAt: Date;
}

/** An office as administrators see it. */
export interface AdminOffice {
  id: string;
  departmentId: string;
  areaId: string;
  name: Names;
  active: boolean;
  createdAt: Date;
}

/** A category as administrators see it. */
export interface AdminCategory {
  id: string;
  serviceCode: string;
  departmentId: string;
  group: string;
  name: { en: string; ur: string; ps: string };
  description: string;
  keywords: string[];
  slaDays: number;
  active: boolean;
  createdAt: Date;
}

type Row = Record<string, unknown>;
const department = (r: Row): AdminDepartment => ({
  id: r.id as string,
  name: { en: r.name_en as string, ur: r.name_ur as string, ps: r.name_ps as string },
  officeLevel: r.office_level as AdminDepartment['officeLevel'],
  active: r.active as boolean,
  createdAt: r.created_at as Date,
});
const office = (r: Row): AdminOffice => ({
  id: r.id as string,
  departmentId: r.department_id as string,
  areaId: r.area_id as string,
  name: { en: r.name_en as string, ur: (r.name_ur as string | null) ?? null, ps: (r.name_ps as string | null) ?? null },
  active: r.active as boolean,
  createdAt: r.created_at as Date,
});
const category = (r: Row): AdminCategory => ({
  id: r.id as string,
  serviceCode: r.service_code as string,
  departmentId: r.department_id as string,
  group: r.category_group as string,
  name: { en: r.name_en as string, ur: r.name_ur as string, ps: r.name_ps as string },
  description: r.description_en as string,
  keywords: r.keywords as string[],
  slaDays: r.sla_days as number,
  active: r.active as boolean,
  createdAt: r.created_at as Date,
});

const DEPARTMENT_COLUMNS = 'id, name_en, name_ur, name_ps, office_level, active, created_at';
const OFFICE_COLUMNS = 'id, department_id, area_id, name_en, name_ur, name_ps, active, created_at';
const CATEGORY_COLUMNS = 'id, service_code, department_id, category_group, name_en, name_ur, name_ps, description_en, keywords, sla_days, active, created_at';

/**
 * Writes to the configuration tables for administrators: departments, offices, categories (all rows, active or
 * not). Rows are never deleted, only deactivated: complaints, accounts and statistics keep pointing at them.
 */
export class ReferenceAdminRepository {
  async departments(db: Queryable): Promise<AdminDepartment[]> {
    const { rows } = await db.query(`select ${DEPARTMENT_COLUMNS} from departments order by id`);
    return rows.map(department);
  }

  async department(db: Queryable, id: string, lock = false): Promise<AdminDepartment | null> {
    const { rows } = await db.query(`select ${DEPARTMENT_COLUMNS} from departments where id = $1${lock ? ' for update' : ''}`, [id]);
    return rows[0] ? department(rows[0]) : null;
  }

  async insertDepartment(db: Queryable, d: Omit<AdminDepartment, 'createdAt' | 'active'>): Promise<void> {
    await db.query(`insert into departments (id, name_en, name_ur, name_ps, office_level) values ($1, $2, $3, $4, $5)`, [d.id, d.name.en, d.name.ur, d.name.ps, d.officeLevel]);
  }

  async updateDepartment(db: Queryable, d: AdminDepartment): Promise<void> {
    await db.query(`update departments set name_en = $2, name_ur = $3, name_ps = $4, office_level = $5, active = $6 where id = $1`, [d.id, d.name.en, d.name.ur, d.name.ps, d.officeLevel, d.active]);
  }

  async offices(db: Queryable, filter: { departmentId?: string; areaId?: string }): Promise<AdminOffice[]> {
    const { rows } = await db.query(
      `select ${OFFICE_COLUMNS} from offices
        where ($1::text is null or department_id = $1) and ($2::text is null or area_id = $2 or area_id like $2 || '.%')
        order by department_id, area_id`,
      [filter.departmentId ?? null, filter.areaId ?? null],
    );
    return rows.map(office);
  }

  async office(db: Queryable, id: string, lock = false): Promise<AdminOffice | null> {
    const { rows } = await db.query(`select ${OFFICE_COLUMNS} from offices where id = $1${lock ? ' for update' : ''}`, [id]);
    return rows[0] ? office(rows[0]) : null;
  }

  async insertOffice(db: Queryable, o: Omit<AdminOffice, 'createdAt' | 'active'>): Promise<void> {
    await db.query(`insert into offices (id, department_id, area_id, name_en, name_ur, name_ps) values ($1, $2, $3, $4, $5, $6)`, [o.id, o.departmentId, o.areaId, o.name.en, o.name.ur, o.name.ps]);
  }

  async updateOffice(db: Queryable, o: AdminOffice): Promise<void> {
    await db.query(`update offices set name_en = $2, name_ur = $3, name_ps = $4, active = $5 where id = $1`, [o.id, o.name.en, o.name.ur, o.name.ps, o.active]);
  }

  async categories(db: Queryable, filter: { departmentId?: string }): Promise<AdminCategory[]> {
    const { rows } = await db.query(`select ${CATEGORY_COLUMNS} from categories where ($1::text is null or department_id = $1) order by category_group, id`, [filter.departmentId ?? null]);
    return rows.map(category);
  }

  async category(db: Queryable, id: string, lock = false): Promise<AdminCategory | null> {
    const { rows } = await db.query(`select ${CATEGORY_COLUMNS} from categories where id = $1${lock ? ' for update' : ''}`, [id]);
    return rows[0] ? category(rows[0]) : null;
  }

  async insertCategory(db: Queryable, c: Omit<AdminCategory, 'createdAt' | 'active'>): Promise<void> {
    await db.query(
      `insert into categories (id, service_code, department_id, category_group, name_en, name_ur, name_ps, description_en, keywords, sla_days)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [c.id, c.serviceCode, c.departmentId, c.group, c.name.en, c.name.ur, c.name.ps, c.description, c.keywords, c.slaDays],
    );
  }

  async updateCategory(db: Queryable, c: AdminCategory): Promise<void> {
    await db.query(
      `update categories set service_code = $2, department_id = $3, category_group = $4, name_en = $5, name_ur = $6, name_ps = $7,
              description_en = $8, keywords = $9, sla_days = $10, active = $11 where id = $1`,
      [c.id, c.serviceCode, c.departmentId, c.group, c.name.en, c.name.ur, c.name.ps, c.description, c.keywords, c.slaDays, c.active],
    );
  }

  /** Whether an area exists, and its level. */
  async areaLevel(db: Queryable, id: string): Promise<string | null> {
    const { rows } = await db.query(`select level from areas where id = $1`, [id]);
    return (rows[0]?.level as string | undefined) ?? null;
  }

  /** Removes one holiday; whether there was one. */
  async deleteHoliday(db: Queryable, date: string, nameEn: string): Promise<boolean> {
    const { rowCount } = await db.query(`delete from holidays where date = $1 and name_en = $2`, [date, nameEn]);
    return (rowCount ?? 0) > 0;
  }

  /** Replaces the office week (Sunday first, null for a day off); null clears it, so the configured week applies. */
  async replaceOfficeWeek(db: Queryable, week: ({ open: number; close: number } | null)[] | null): Promise<void> {
    await db.query(`delete from office_week`);
    if (!week) return;
    const days = week.flatMap((d, weekday) => (d ? [{ weekday, ...d }] : []));
    await db.query(`insert into office_week (weekday, open_minute, close_minute) select * from unnest($1::smallint[], $2::int[], $3::int[])`, [
      days.map((d) => d.weekday),
      days.map((d) => d.open),
      days.map((d) => d.close),
    ]);
  }

  async holidayExists(db: Queryable, date: string, nameEn: string): Promise<boolean> {
    const { rowCount } = await db.query(`select 1 from holidays where date = $1 and name_en = $2`, [date, nameEn]);
    return (rowCount ?? 0) > 0;
  }
}
