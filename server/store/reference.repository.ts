import type { MultiPolygon, Polygon } from 'geojson';
import { checkAttributeDefinitions, type AttributeDefinition } from '../domain/intake/category-attributes.js';
import type { Queryable } from './db.js';

/** A name in the three languages of the portal. */
export interface Names {
  en: string;
  ur: string | null;
  ps: string | null;
}

/** An area row as the API and routing use it (without its boundary). */
export interface AreaRecord {
  id: string;
  parentId: string | null;
  level: 'province' | 'division' | 'district' | 'tehsil';
  name: Names;
  aliases: string[];
  population2023: number | null;
}

/** A department row. */
export interface DepartmentRecord {
  id: string;
  name: Names;
  officeLevel: string;
}

/** An office row. */
export interface OfficeRecord {
  id: string;
  departmentId: string;
  areaId: string;
  name: Names;
}

/** A category of the service catalogue. */
export interface CategoryRecord {
  id: string;
  serviceCode: string;
  departmentId: string;
  group: string;
  name: Names;
  description: string;
  keywords: string[];
  slaDays: number;
  /** The extra fields the category asks for, in order (none for most). */
  attributes: AttributeDefinition[];
}

/** Reads the configuration tables: areas, departments, offices, categories. */
export class ReferenceRepository {
  constructor(private readonly db: Queryable) {}

  /** Every area, parents before children. */
  async areas(): Promise<AreaRecord[]> {
    const { rows } = await this.db.query(
      `select id, parent_id, level, name_en, name_ur, name_ps, aliases, population_2023 from areas order by id`,
    );
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id, level: r.level, name: names(r), aliases: r.aliases, population2023: r.population_2023 }));
  }

  /** District boundaries for point-in-polygon routing. */
  async districtBoundaries(): Promise<{ areaId: string; geometry: Polygon | MultiPolygon }[]> {
    const { rows } = await this.db.query(`select id, boundary from areas where level = 'district' and boundary is not null`);
    return rows.map((r) => ({ areaId: r.id, geometry: r.boundary }));
  }

  /** Active departments. */
  async departments(): Promise<DepartmentRecord[]> {
    const { rows } = await this.db.query(`select id, name_en, name_ur, name_ps, office_level from departments where active order by id`);
    return rows.map((r) => ({ id: r.id, name: names(r), officeLevel: r.office_level }));
  }

  /** Active offices. */
  async offices(): Promise<OfficeRecord[]> {
    const { rows } = await this.db.query(`select id, department_id, area_id, name_en, name_ur, name_ps from offices where active`);
    return rows.map((r) => ({ id: r.id, departmentId: r.department_id, areaId: r.area_id, name: names(r) }));
  }

  /** Dates (YYYY-MM-DD) on which offices are closed for a public holiday. */
  async holidayDates(): Promise<string[]> {
    const { rows } = await this.db.query(`select distinct to_char(date, 'YYYY-MM-DD') as date from holidays order by 1`);
    return rows.map((r) => r.date);
  }

  /** The office week administrators set (Sunday first, null for a day off), or null while none is set. */
  async officeWeek(): Promise<({ open: number; close: number } | null)[] | null> {
    const { rows } = await this.db.query(`select weekday, open_minute, close_minute from office_week`);
    if (rows.length === 0) return null;
    const week: ({ open: number; close: number } | null)[] = Array(7).fill(null);
    for (const r of rows) week[r.weekday] = { open: r.open_minute, close: r.close_minute };
    return week;
  }

  /** Active categories of the service catalogue. */
  async categories(): Promise<CategoryRecord[]> {
    const { rows } = await this.db.query(
      `select id, service_code, department_id, category_group, name_en, name_ur, name_ps, description_en, keywords, sla_days, attributes
         from categories where active order by category_group, id`,
    );
    return rows.map((r) => ({
      id: r.id,
      serviceCode: r.service_code,
      departmentId: r.department_id,
      group: r.category_group,
      name: names(r),
      description: r.description_en,
      keywords: r.keywords,
      slaDays: r.sla_days,
      // The seed writes checked definitions; one edited by hand into something unusable is left out rather than
      // failing every request that reads the catalogue (a category then asks fewer questions, never a wrong one).
      attributes: checkAttributeDefinitions(r.attributes).definitions,
    }));
  }
}

function names(row: { name_en: string; name_ur: string | null; name_ps: string | null }): Names {
  return { en: row.name_en, ur: row.name_ur, ps: row.name_ps };
}
