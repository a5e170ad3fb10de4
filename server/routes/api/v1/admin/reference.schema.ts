import { Type } from 'typebox';

const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const OptionalText = (max = 200) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));
const Slug = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'lower-case letters, digits and dashes' });
const AreaId = Type.String({ minLength: 1, maxLength: 200, pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)*$' });
const Level = Type.Union([Type.Literal('province'), Type.Literal('division'), Type.Literal('district'), Type.Literal('tehsil')]);

/** A name an administrator must give in all three languages. */
const Names3 = Type.Object({ en: Text(), ur: Text(), ps: Text() }, { additionalProperties: false });
/** An office's name: English required, Urdu and Pashto optional. */
const OfficeNames = Type.Object({ en: Text(), ur: OptionalText(), ps: OptionalText() }, { additionalProperties: false });
const NamesOut3 = Type.Object({ en: Type.String(), ur: Type.String(), ps: Type.String() });
const NamesOut = Type.Object({ en: Type.String(), ur: Type.Union([Type.String(), Type.Null()]), ps: Type.Union([Type.String(), Type.Null()]) });

/** :id of a department, office or category. */
export const AdminIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 300 }) });

export const AdminDepartmentView = Type.Object({ id: Type.String(), name: NamesOut3, officeLevel: Level, active: Type.Boolean(), createdAt: Type.String({ format: 'date-time' }) });
export const AdminDepartmentCreateBody = Type.Object({ id: Slug, name: Names3, officeLevel: Level }, { additionalProperties: false });
export const AdminDepartmentUpdateBody = Type.Object({ name: Type.Optional(Names3), officeLevel: Type.Optional(Level), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });

export const AdminOfficeView = Type.Object({ id: Type.String(), departmentId: Type.String(), areaId: Type.String(), name: NamesOut, active: Type.Boolean(), createdAt: Type.String({ format: 'date-time' }) });
export const AdminOfficeListQuery = Type.Object({ departmentId: Type.Optional(Slug), areaId: Type.Optional(Type.String({ maxLength: 200, description: 'this area and the areas within it' })) }, { additionalProperties: false });
export const AdminOfficeCreateBody = Type.Object({ departmentId: Slug, areaId: AreaId, name: OfficeNames }, { additionalProperties: false });
export const AdminOfficeUpdateBody = Type.Object({ name: Type.Optional(OfficeNames), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });

const ServiceCode = Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9._-]+$', description: 'Open311 service_code: letters, digits, dot, dash, underscore; unique' });
const SlaDays = Type.Integer({ minimum: 1, maximum: 90, description: 'working days (8 office hours each) to resolve' });
const Keywords = Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 100 });
export const AdminCategoryView = Type.Object({
  id: Type.String(),
  serviceCode: Type.String(),
  departmentId: Type.String(),
  group: Type.String(),
  name: NamesOut3,
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  slaDays: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export const AdminCategoryListQuery = Type.Object({ departmentId: Type.Optional(Slug) }, { additionalProperties: false });
export const AdminCategoryCreateBody = Type.Object(
  { id: Slug, serviceCode: ServiceCode, departmentId: Slug, group: Text(100), name: Names3, description: Type.Optional(Type.String({ maxLength: 2000 })), keywords: Type.Optional(Keywords), slaDays: SlaDays },
  { additionalProperties: false },
);
export const AdminCategoryUpdateBody = Type.Object(
  {
    serviceCode: Type.Optional(ServiceCode),
    departmentId: Type.Optional(Slug),
    group: Type.Optional(Text(100)),
    name: Type.Optional(Names3),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    keywords: Type.Optional(Keywords),
    slaDays: Type.Optional(SlaDays),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const HolidayKind = Type.Union([Type.Literal('fixed'), Type.Literal('lunar'), Type.Literal('special')], { description: 'lunar: entered per year once notified' });
const IsoDate = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD (Pakistan date)' });
export const AdminHolidayView = Type.Object({ date: Type.String(), name: NamesOut, kind: HolidayKind, provisional: Type.Boolean() });
export const AdminHolidayBody = Type.Object({ date: IsoDate, name: OfficeNames, kind: HolidayKind, provisional: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const AdminHolidayParams = Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 200, description: 'the English name' }) });
export const AdminCalendarQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'default: this year' })) }, { additionalProperties: false });
const DayHours = Type.Union([Type.Object({ open: Type.String({ description: 'HH:MM' }), close: Type.String({ description: 'HH:MM' }) }), Type.Null()]);
export const AdminCalendarView = Type.Object({
  weekSource: Type.Union([Type.Literal('administrator'), Type.Literal('configuration')], { description: 'configuration: EKHTYAR_OFFICE_HOURS, until an administrator sets the week' }),
  timeZone: Type.String(),
  minutesPerDay: Type.Integer({ description: 'office minutes in one SLA day' }),
  week: Type.Array(DayHours, { description: 'Sunday first; null for a day off' }),
  year: Type.Integer(),
  holidays: Type.Array(AdminHolidayView),
});
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'HH:MM, Pakistan time' });
/** PUT /admin/calendar/week */
export const AdminWeekBody = Type.Object(
  {
    week: Type.Union([Type.Array(Type.Union([Type.Object({ open: Time, close: Time }, { additionalProperties: false }), Type.Null()]), { minItems: 7, maxItems: 7 }), Type.Null()], {
      description: 'seven days, Sunday first, null for a day off; null for the configured week',
    }),
  },
  { additionalProperties: false },
);
