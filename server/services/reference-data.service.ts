import { CategoryMatcher } from '../domain/intake/category-matcher.js';
import { AddressMatcher } from '../domain/routing/address-matcher.js';
import { KP_WEEK, karachiCalendar, type BusinessCalendar, type DayHours } from '../domain/sla/business-calendar.js';
import { AreaLocator } from '../domain/routing/locate.js';
import { OfficeFinder } from '../domain/routing/office-finder.js';
import type { Db } from '../store/db.js';
import { ReferenceRepository, type AreaRecord, type CategoryRecord, type DepartmentRecord, type OfficeRecord } from '../store/reference.repository.js';

/** One consistent snapshot of the configuration, indexed for the intake path. */
export class ReferenceData {
  readonly categories: Map<string, CategoryRecord>;
  readonly departments: Map<string, DepartmentRecord>;
  readonly offices: Map<string, OfficeRecord>;
  readonly areas: Map<string, AreaRecord>;
  readonly officeFinder: OfficeFinder;
  readonly locator: AreaLocator;
  readonly addressMatcher: AddressMatcher;
  /** Guesses a category from free text by the catalogue's keywords (channels where the citizen picks none: e-mail). */
  readonly categoryMatcher: CategoryMatcher;
  /** The office calendar SLA clocks run on (Asia/Karachi, Monday to Friday, public holidays off). */
  readonly calendar: BusinessCalendar;
  /** Whether the week is one an administrator set (table office_week) or the configured one (EKHTYAR_OFFICE_HOURS). */
  readonly weekSource: 'administrator' | 'configuration';

  constructor(input: {
    categories: CategoryRecord[];
    departments: DepartmentRecord[];
    offices: OfficeRecord[];
    areas: AreaRecord[];
    boundaries: ConstructorParameters<typeof AreaLocator>[0];
    holidays: string[];
    week?: readonly DayHours[];
    weekSource?: 'administrator' | 'configuration';
  }) {
    this.calendar = karachiCalendar(input.holidays, input.week);
    this.weekSource = input.weekSource ?? 'configuration';
    this.categories = new Map(input.categories.map((c) => [c.id, c]));
    this.departments = new Map(input.departments.map((d) => [d.id, d]));
    this.offices = new Map(input.offices.map((o) => [o.id, o]));
    this.areas = new Map(input.areas.map((a) => [a.id, a]));
    this.officeFinder = new OfficeFinder(input.offices);
    this.locator = new AreaLocator(input.boundaries);
    this.addressMatcher = new AddressMatcher(
      input.areas.map((a) => ({ id: a.id, level: a.level, names: [a.name.en, a.name.ur ?? '', a.name.ps ?? '', ...a.aliases] })),
    );
    this.categoryMatcher = new CategoryMatcher(input.categories.map((c) => ({ id: c.id, keywords: c.keywords, names: [c.name.en, c.name.ur ?? '', c.name.ps ?? ''] })));
  }
}

/**
 * Keeps the configuration in memory for routing and lookups, reloading it after `maxAgeMs` so an
 * administrator's change reaches every process within that time without a restart. Only configuration
 * is cached here, never complaint data.
 */
export class ReferenceDataService {
  private snapshot: ReferenceData | null = null;
  private loadedAt = 0;
  private loading: Promise<ReferenceData> | null = null;

  constructor(
    private readonly db: Db,
    private readonly maxAgeMs = 30_000,
    private readonly week: readonly DayHours[] = KP_WEEK,
  ) {}

  /** The current snapshot, reloading it (once, for all callers) when stale. */
  async current(): Promise<ReferenceData> {
    if (this.snapshot && Date.now() - this.loadedAt < this.maxAgeMs) return this.snapshot;
    this.loading ??= this.load().finally(() => (this.loading = null));
    // A stale snapshot is still good while the new one loads, so requests never wait on a refresh.
    return this.snapshot ?? this.loading;
  }

  /** Drops the snapshot so the next call reloads (after a configuration change in this process). */
  invalidate(): void {
    this.loadedAt = 0;
  }

  /** Loads a fresh snapshot now and waits for it: after an administrator's change, so the next request sees it. */
  async reload(): Promise<ReferenceData> {
    this.invalidate();
    return this.load();
  }

  private async load(): Promise<ReferenceData> {
    const repo = new ReferenceRepository(this.db);
    const [categories, departments, offices, areas, boundaries, holidays, storedWeek] = await Promise.all([
      repo.categories(),
      repo.departments(),
      repo.offices(),
      repo.areas(),
      repo.districtBoundaries(),
      repo.holidayDates(),
      repo.officeWeek(),
    ]);
    // The week an administrator set wins over the configured one.
    this.snapshot = new ReferenceData({ categories, departments, offices, areas, boundaries, holidays, week: storedWeek ?? this.week, weekSource: storedWeek ? 'administrator' : 'configuration' });
    this.loadedAt = Date.now();
    return this.snapshot;
  }
}
