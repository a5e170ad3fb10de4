import { AUDIT_ACTIONS } from '../domain/audit/audit-log-hash.js';
import type pg from 'pg';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import type { DayHours } from '../domain/sla/business-calendar.js';
import { AppError, invalidFields, invalidRequest, roleNotAllowed, type FieldProblem } from '../errors.js';
import { UNIQUE_VIOLATION, sqlState, withTransaction, type Db } from '../store/db.js';
import type { HolidayRecord, HolidayRepository } from '../store/holiday.repository.js';
import type { AdminCategory, AdminDepartment, AdminOffice, ReferenceAdminRepository } from '../store/reference-admin.repository.js';
import type { AuditRecorder } from './audit.js';
import type { ReferenceDataService } from './reference-data.service.js';

type Names3 = { en: string; ur: string; ps: string };
type Level = AdminDepartment['officeLevel'];

export interface DepartmentInput {
  id: string;
  name: Names3;
  officeLevel: Level;
}
export type DepartmentPatch = Partial<Omit<DepartmentInput, 'id'>> & { active?: boolean };

export interface OfficeInput {
  departmentId: string;
  areaId: string;
  name: { en: string; ur?: string | null; ps?: string | null };
}
export type OfficePatch = { name?: OfficeInput['name']; active?: boolean };

export interface CategoryInput {
  id: string;
  serviceCode: string;
  departmentId: string;
  group: string;
  name: Names3;
  description?: string;
  keywords?: string[];
  slaDays: number;
}
export type CategoryPatch = Partial<Omit<CategoryInput, 'id'>> & { active?: boolean };

export interface HolidayInput {
  date: string;
  name: { en: string; ur?: string | null; ps?: string | null };
  kind: HolidayRecord['kind'];
  provisional?: boolean;
}

/** The office calendar SLA clocks run on: the week (from configuration) and the year's holidays. */
export interface CalendarView {
  weekSource: 'administrator' | 'configuration';
  timeZone: string;
  minutesPerDay: number;
  week: DayHours[];
  year: number;
  holidays: HolidayRecord[];
}

/**
 * The configuration administrators keep: departments, offices, categories and the holiday calendar. Rows are
 * deactivated, never deleted (complaints and accounts point at them). Every change is on the hash-chained audit log
 * in the same transaction, and the in-memory reference data is reloaded at once so routing, the catalogue and new
 * SLA deadlines in this process use it from the next request (other processes within the cache's age).
 */
export class ReferenceAdminService {
  constructor(
    private readonly db: Db,
    private readonly repo: ReferenceAdminRepository,
    private readonly holidays: HolidayRepository,
    private readonly reference: ReferenceDataService,
    private readonly audit: AuditRecorder,
  ) {}

  // Departments

  async listDepartments(by: StaffActor): Promise<AdminDepartment[]> {
    assertAdministrator(by);
    return this.repo.departments(this.db);
  }

  async getDepartment(by: StaffActor, id: string): Promise<AdminDepartment> {
    assertAdministrator(by);
    return (await this.repo.department(this.db, id)) ?? notFound('department', id);
  }

  async createDepartment(by: StaffActor, input: DepartmentInput): Promise<AdminDepartment> {
    assertAdministrator(by);
    const d = { id: input.id, name: trim3(input.name), officeLevel: input.officeLevel };
    await this.write(by, 'department', d.id, AUDIT_ACTIONS.departmentCreated, d, async (tx) => {
      if (await this.repo.department(tx, d.id)) throw conflict('department_exists', `There is already a department "${d.id}".`, '/id');
      await this.repo.insertDepartment(tx, d);
    });
    return this.getDepartment(by, d.id);
  }

  async updateDepartment(by: StaffActor, id: string, patch: DepartmentPatch): Promise<AdminDepartment> {
    assertAdministrator(by);
    await this.write(by, 'department', id, AUDIT_ACTIONS.departmentChanged, patch, async (tx) => {
      const old = (await this.repo.department(tx, id, true)) ?? notFound('department', id);
      await this.repo.updateDepartment(tx, { ...old, ...patch, name: patch.name ? trim3(patch.name) : old.name });
    });
    return this.getDepartment(by, id);
  }

  // Offices

  async listOffices(by: StaffActor, filter: { departmentId?: string; areaId?: string }): Promise<AdminOffice[]> {
    assertAdministrator(by);
    return this.repo.offices(this.db, filter);
  }

  async getOffice(by: StaffActor, id: string): Promise<AdminOffice> {
    assertAdministrator(by);
    return (await this.repo.office(this.db, id)) ?? notFound('office', id);
  }

  /** An office of a department over an area; its id is "<department>@<area>", as the seed names them. */
  async createOffice(by: StaffActor, input: OfficeInput): Promise<AdminOffice> {
    assertAdministrator(by);
    const o = { id: `${input.departmentId}@${input.areaId}`, departmentId: input.departmentId, areaId: input.areaId, name: trimNames(input.name) };
    await this.write(by, 'office', o.id, AUDIT_ACTIONS.officeCreated, o, async (tx) => {
      const problems: FieldProblem[] = [];
      if (!(await this.repo.department(tx, o.departmentId))) problems.push({ pointer: '/departmentId', detail: `unknown department "${o.departmentId.slice(0, 80)}"` });
      if (!(await this.repo.areaLevel(tx, o.areaId))) problems.push({ pointer: '/areaId', detail: `unknown area "${o.areaId.slice(0, 80)}"` });
      if (problems.length > 0) throw invalidFields('The office cannot be created as given.', problems);
      if (await this.repo.office(tx, o.id)) throw conflict('office_exists', 'This department already has an office for this area.', '/areaId');
      await this.repo.insertOffice(tx, o);
    });
    return this.getOffice(by, o.id);
  }

  async updateOffice(by: StaffActor, id: string, patch: OfficePatch): Promise<AdminOffice> {
    assertAdministrator(by);
    await this.write(by, 'office', id, AUDIT_ACTIONS.officeChanged, patch, async (tx) => {
      const old = (await this.repo.office(tx, id, true)) ?? notFound('office', id);
      await this.repo.updateOffice(tx, { ...old, ...patch, name: patch.name ? trimNames(patch.name) : old.name });
    });
    return this.getOffice(by, id);
  }

  // Categories

  async listCategories(by: StaffActor, filter: { departmentId?: string }): Promise<AdminCategory[]> {
    assertAdministrator(by);
    return this.repo.categories(this.db, filter);
  }

  async getCategory(by: StaffActor, id: string): Promise<AdminCategory> {
    assertAdministrator(by);
    return (await this.repo.category(this.db, id)) ?? notFound('category', id);
  }

  async createCategory(by: StaffActor, input: CategoryInput): Promise<AdminCategory> {
    assertAdministrator(by);
    const c = { ...input, group: input.group.trim(), name: trim3(input.name), description: input.description?.trim() ?? '', keywords: cleanKeywords(input.keywords ?? []) };
    await this.write(by, 'category', c.id, AUDIT_ACTIONS.categoryCreated, c, async (tx) => {
      if (!(await this.repo.department(tx, c.departmentId))) throw invalidFields('The category cannot be created as given.', [{ pointer: '/departmentId', detail: `unknown department "${c.departmentId.slice(0, 80)}"` }]);
      if (await this.repo.category(tx, c.id)) throw conflict('category_exists', `There is already a category "${c.id}".`, '/id');
      await this.repo.insertCategory(tx, c);
    });
    return this.getCategory(by, c.id);
  }

  async updateCategory(by: StaffActor, id: string, patch: CategoryPatch): Promise<AdminCategory> {
    assertAdministrator(by);
    await this.write(by, 'category', id, AUDIT_ACTIONS.categoryChanged, patch, async (tx) => {
      const old = (await this.repo.category(tx, id, true)) ?? notFound('category', id);
      if (patch.departmentId !== undefined && !(await this.repo.department(tx, patch.departmentId))) {
        throw invalidFields('The category cannot be changed as given.', [{ pointer: '/departmentId', detail: `unknown department "${patch.departmentId.slice(0, 80)}"` }]);
      }
      await this.repo.updateCategory(tx, {
        ...old,
        ...patch,
        name: patch.name ? trim3(patch.name) : old.name,
        group: patch.group?.trim() ?? old.group,
        description: patch.description?.trim() ?? old.description,
        keywords: patch.keywords ? cleanKeywords(patch.keywords) : old.keywords,
      });
    });
    return this.getCategory(by, id);
  }

  // The calendar

  async calendar(by: StaffActor, year: number): Promise<CalendarView> {
    assertAdministrator(by);
    const { calendar, weekSource } = await this.reference.current();
    return { weekSource, timeZone: 'Asia/Karachi', minutesPerDay: calendar.minutesPerDay, week: [...calendar.week], year, holidays: await this.holidays.ofYear(this.db, year) };
  }

  /**
   * Sets the office week ("HH:MM" hours per day, Sunday first, null for a day off), or with null goes back to the
   * configured one. Deadlines computed afterwards use it; those already set stay.
   */
  async setWeek(by: StaffActor, week: ({ open: string; close: string } | null)[] | null): Promise<void> {
    assertAdministrator(by);
    let minutes: ({ open: number; close: number } | null)[] | null = null;
    if (week) {
      const problems: FieldProblem[] = [];
      if (week.length !== 7) problems.push({ pointer: '/week', detail: 'must list the seven days, Sunday first' });
      minutes = week.map((d, i) => {
        if (!d) return null;
        const open = minuteOf(d.open);
        const close = d.close === '24:00' ? 1440 : minuteOf(d.close);
        if (open === null) problems.push({ pointer: `/week/${i}/open`, detail: 'is not a time of day (HH:MM)' });
        if (close === null) problems.push({ pointer: `/week/${i}/close`, detail: 'is not a time of day (HH:MM)' });
        if (open !== null && close !== null && close <= open) problems.push({ pointer: `/week/${i}/close`, detail: 'must be after the opening time' });
        return open !== null && close !== null ? { open, close } : null;
      });
      if (week.every((d) => d === null)) problems.push({ pointer: '/week', detail: 'at least one day must have office hours' });
      if (problems.length > 0) throw invalidRequest('The week cannot be used as given.', problems);
    }
    await this.write(by, 'office_week', 'week', AUDIT_ACTIONS.officeWeekChanged, { week }, (tx) => this.repo.replaceOfficeWeek(tx, minutes));
  }

  async addHoliday(by: StaffActor, input: HolidayInput): Promise<HolidayRecord> {
    assertAdministrator(by);
    const h: HolidayRecord = { date: input.date, nameEn: input.name.en.trim(), nameUr: input.name.ur?.trim() || null, namePs: input.name.ps?.trim() || null, kind: input.kind, provisional: input.provisional ?? false };
    await this.write(by, 'holiday', `${h.date}:${h.nameEn}`, AUDIT_ACTIONS.holidayAdded, { ...h }, async (tx) => {
      if (await this.repo.holidayExists(tx, h.date, h.nameEn)) throw conflict('holiday_exists', `"${h.nameEn}" is already a holiday on ${h.date}.`, '/name/en');
      await this.holidays.upsert(tx, h);
    });
    return h;
  }

  async removeHoliday(by: StaffActor, date: string, nameEn: string): Promise<void> {
    assertAdministrator(by);
    await this.write(by, 'holiday', `${date}:${nameEn}`, AUDIT_ACTIONS.holidayRemoved, { date, nameEn }, async (tx) => {
      if (!(await this.repo.deleteHoliday(tx, date, nameEn))) notFound('holiday', `${date} ${nameEn}`);
    });
  }

  // One change: the write and its audit entry in one transaction (a duplicate key the checks missed is a 409), then
  // the reference data reloaded.
  private async write(by: StaffActor, subjectType: string, subjectId: string, action: string, payload: object, fn: (tx: pg.PoolClient) => Promise<void>): Promise<void> {
    try {
      await withTransaction(this.db, async (tx) => {
        await fn(tx);
        await this.audit(tx, { action, actorRole: by.role, actorId: by.id, subjectType, subjectId, payload: { ...payload } });
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw conflictFromConstraint(error);
      throw error;
    }
    await this.reference.reload();
  }
}

function assertAdministrator(by: StaffActor): void {
  if (by.role !== 'administrator') throw roleNotAllowed('change the configuration');
}

function notFound(what: string, id: string): never {
  throw new AppError(404, `${what}_not_found`, `${what[0]!.toUpperCase()}${what.slice(1)} not found`, `There is no ${what} "${id.slice(0, 120)}".`);
}

function conflict(code: string, detail: string, pointer: string): AppError {
  return new AppError(409, code, 'Already exists', detail, [{ pointer, detail: 'already taken' }]);
}

// The unique constraints a concurrent writer can still hit after the checks: the Open311 code and the office's pair.
function conflictFromConstraint(error: unknown): AppError {
  const constraint = (error as { constraint?: string }).constraint ?? '';
  if (constraint.includes('service_code')) return conflict('service_code_taken', 'Another category already has this Open311 service code.', '/serviceCode');
  if (constraint.startsWith('offices')) return conflict('office_exists', 'This department already has an office for this area.', '/areaId');
  return conflict('already_exists', 'A record with this identifier already exists.', '/id');
}

function minuteOf(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function trim3(n: Names3): Names3 {
  return { en: n.en.trim(), ur: n.ur.trim(), ps: n.ps.trim() };
}

function trimNames(n: { en: string; ur?: string | null; ps?: string | null }) {
  return { en: n.en.trim(), ur: n.ur?.trim() || null, ps: n.ps?.trim() || null };
}

function cleanKeywords(words: string[]): string[] {
  return [...new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean))];
}
