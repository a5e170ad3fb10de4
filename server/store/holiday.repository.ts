import type { Queryable } from './db.js';

/** A public holiday row. */
export interface HolidayRecord {
  date: string;
  nameEn: string;
  nameUr: string | null;
  namePs: string | null;
  kind: 'fixed' | 'lunar' | 'special';
  provisional: boolean;
}

/** Public holidays: the office calendar's days off, entered per year for lunar ones. */
export class HolidayRepository {
  /** Adds a holiday, or updates the one of that name on that date (e.g. confirming a provisional lunar date). */
  async upsert(db: Queryable, h: HolidayRecord): Promise<void> {
    await db.query(
      `insert into holidays (date, name_en, name_ur, name_ps, kind, provisional) values ($1, $2, $3, $4, $5, $6)
       on conflict (date, name_en) do update set name_ur = excluded.name_ur, name_ps = excluded.name_ps, kind = excluded.kind, provisional = excluded.provisional`,
      [h.date, h.nameEn, h.nameUr, h.namePs, h.kind, h.provisional],
    );
  }

  /** Holidays of one year, in date order. */
  async ofYear(db: Queryable, year: number): Promise<HolidayRecord[]> {
    const { rows } = await db.query(
      `select to_char(date, 'YYYY-MM-DD') as date, name_en, name_ur, name_ps, kind, provisional from holidays where extract(year from date) = $1 order by date, name_en`,
      [year],
    );
    return rows.map((r) => ({ date: r.date, nameEn: r.name_en, nameUr: r.name_ur, namePs: r.name_ps, kind: r.kind, provisional: r.provisional }));
  }

  /** The dates ('YYYY-MM-DD') that are holidays between `from` and `to`, both included. */
  async datesBetween(db: Queryable, from: string, to: string): Promise<string[]> {
    const { rows } = await db.query(`select distinct to_char(date, 'YYYY-MM-DD') as date from holidays where date between $1::date and $2::date order by 1`, [from, to]);
    return rows.map((r) => r.date);
  }
}
