import { Type } from 'typebox';
import { Names } from '../common.schema.js';

const Day = (description: string) => Type.Optional(Type.String({ maxLength: 40, description }));
const Share = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: `${description}; null when the denominator is zero` });
const Count = (description: string) => Type.Integer({ minimum: 0, description });

/** GET /public/statistics */
export const PeriodQuery = Type.Object(
  {
    from: Day('first day, YYYY-MM-DD (Asia/Karachi), included; default 29 days before `to`'),
    to: Day('last day, YYYY-MM-DD (Asia/Karachi), included; default today'),
  },
  { additionalProperties: false },
);

/** GET /staff/dashboard */
export const DashboardQuery = Type.Object(
  {
    from: Day('first day, YYYY-MM-DD (Asia/Karachi), included; default 29 days before `to`'),
    to: Day('last day, YYYY-MM-DD (Asia/Karachi), included; default today'),
    department: Type.Optional(Type.String({ maxLength: 80, description: 'only this department (within your jurisdiction)' })),
    area: Type.Optional(Type.String({ maxLength: 200, description: 'only this area and the areas inside it (within your jurisdiction)' })),
  },
  { additionalProperties: false },
);

const RateFields = {
  received: Count('complaints filed in the period'),
  resolved: Count('complaints resolved (by the office) at least once in the period'),
  resolvedByOutcome: Type.Object({ full_relief: Type.Integer(), partial_relief: Type.Integer(), no_relief: Type.Integer() }, { description: 'resolved, by the outcome of their last resolution in the period' }),
  closed: Count('complaints closed in the period: satisfied, no response, withdrawn, duplicate or rejected'),
  closedSatisfied: Count('of those, closed by the citizen saying they were satisfied'),
  reopened: Count('of the resolved, those the citizen sent back as not satisfied (at any time up to the end of the period)'),
  resolvedWithinSla: Count('of the resolved, those not escalated or breached (the SLA sweep does either at the deadline) before their first resolution in the period'),
  satisfiedClosureRate: Share('closedSatisfied / closed'),
  reopenRate: Share('reopened / resolved'),
  slaCompliance: Share('resolvedWithinSla / resolved'),
  medianHoursToResolve: Type.Union([Type.Number(), Type.Null()], { description: 'median wall-clock hours from filing to first resolution in the period (not business hours); null when none' }),
};

const Rates = Type.Object(RateFields);

const Open = Type.Object({
  byState: Type.Record(Type.String(), Type.Integer(), { description: 'open complaints now, by state (resolved ones wait for the citizen)' }),
  ageing: Type.Object({ '0-3': Type.Integer(), '4-7': Type.Integer(), '8-15': Type.Integer(), '16-30': Type.Integer(), '31+': Type.Integer() }, { description: 'unresolved open complaints by whole days since filing' }),
  overdue: Count('complaints whose SLA clock runs (triage, assigned, in progress) and whose deadline has passed'),
});

const Escalations = Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer() }, { description: 'escalations in the period, by the level reached (1 head of office, 2 department monitor, 3 provincial monitor)' });
const Trend = Type.Array(Type.Object({ day: Type.String(), received: Type.Integer(), resolved: Type.Integer({ description: 'resolutions recorded that day' }) }), { description: 'every day of the period' });

const Cell = Type.Object({
  id: Type.String(),
  name: Type.Union([Names, Type.Null()]),
  complaints: Count('distinct complaints behind the period figures'),
  ...RateFields,
  open: Count('unresolved open complaints now'),
  overdue: Count('overdue now'),
});

/** A staff member's dashboard. */
export const DashboardResponse = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  filter: Type.Object({ departmentId: Type.Union([Type.String(), Type.Null()]), areaId: Type.Union([Type.String(), Type.Null()]) }),
  totals: Rates,
  open: Open,
  escalationsByLevel: Escalations,
  trend: Trend,
  offices: Type.Array(Cell, { description: 'league table of the offices in your view' }),
  officers: Type.Union([Type.Array(Cell), Type.Null()], { description: 'heads of office: the officers complaints are assigned to' }),
  myLoad: Type.Union([Type.Object({ open: Type.Integer(), dueSoon: Type.Integer({ description: 'deadline within 24 hours' }), overdue: Type.Integer() }), Type.Null()], { description: 'officers: complaints assigned to you' }),
  districts: Type.Array(Cell, { description: 'per district (area id province.division.district), for the map' }),
});

const Nullable = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });
const PublicCell = Type.Object({
  id: Type.String(),
  name: Type.Union([Names, Type.Null()]),
  suppressed: Type.Boolean({ description: 'fewer than five complaints: the period figures are withheld (null)' }),
  received: Nullable('complaints filed in the period'),
  resolved: Nullable('complaints resolved in the period'),
  satisfiedClosureRate: Nullable('closed satisfied / closed; null when suppressed or fewer than five closed'),
  reopenRate: Nullable('reopened / resolved; null when suppressed or fewer than five resolved'),
  slaCompliance: Nullable('resolved within SLA / resolved; null when suppressed or fewer than five resolved'),
  medianHoursToResolve: Nullable('median wall-clock hours to resolve; null when suppressed or fewer than five resolved'),
  open: Nullable('open now; null when one to four'),
  openSuppressed: Type.Boolean(),
});

/** The public transparency figures. */
export const PublicStatisticsResponse = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  totals: Rates,
  open: Open,
  escalationsByLevel: Escalations,
  trend: Trend,
  departments: Type.Array(Type.Object({ ...PublicCell.properties, rank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'by satisfied-closure rate, then SLA compliance, then median time; null when unrated' }) })),
  districts: Type.Array(PublicCell),
});
