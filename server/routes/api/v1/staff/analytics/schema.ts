import { Type } from 'typebox';

const Day = (description: string) => Type.Optional(Type.String({ maxLength: 40, description }));

/** GET /staff/analytics/spikes */
export const AnalyticsSpikesQuery = Type.Object(
  {
    from: Day('first day judged, YYYY-MM-DD (Asia/Karachi), included; default 29 days before `to`'),
    to: Day('last day judged, YYYY-MM-DD (Asia/Karachi), included; default today'),
  },
  { additionalProperties: false },
);

/** 200 of GET /staff/analytics/spikes */
export const AnalyticsSpikesResponse = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  historyFrom: Type.String({ description: 'first day of the history the baselines learn from (182 days before `from`)' }),
  alerts: Type.Array(
    Type.Object({
      category: Type.String({ description: 'category id' }),
      district: Type.String({ description: 'district area id' }),
      day: Type.String({ description: 'YYYY-MM-DD (Asia/Karachi)' }),
      observed: Type.Integer({ minimum: 0, description: 'complaints filed that day' }),
      expected: Type.Number({ minimum: 0, description: 'expected that day from the baseline (level × day-of-week factor)' }),
      pValue: Type.Number({ minimum: 0, maximum: 1, description: 'chance of a count at least this high under the baseline (negative binomial)' }),
      test: Type.Union([Type.Literal('day'), Type.Literal('window')], { description: "'day': the day alone; 'window': the 7 days ending that day" }),
    }),
    { description: 'oldest day first; within a day, most surprising first' },
  ),
});

/** GET /staff/analytics/hotspots */
export const AnalyticsHotspotsQuery = Type.Object(
  {
    categoryId: Type.String({ minLength: 1, maxLength: 80, description: 'id from GET /api/v1/categories' }),
    eps: Type.Optional(Type.Number({ minimum: 10, maximum: 5000, description: 'neighbourhood radius in metres; default 250' })),
    minPts: Type.Optional(Type.Integer({ minimum: 2, maximum: 500, description: 'complaints within eps (itself included) that make a core point; default 5' })),
  },
  { additionalProperties: false },
);

/** 200 of GET /staff/analytics/hotspots */
export const AnalyticsHotspotsResponse = Type.Object({
  categoryId: Type.String(),
  epsMetres: Type.Number(),
  minPts: Type.Integer(),
  points: Type.Integer({ minimum: 0, description: 'open, unresolved complaints of the category with coordinates (newest 50,000)' }),
  hotspots: Type.Array(
    Type.Object({
      centroid: Type.Object({ latitude: Type.Number(), longitude: Type.Number() }),
      radiusMetres: Type.Integer({ minimum: 0, description: 'centroid to the farthest member' }),
      count: Type.Integer({ minimum: 1 }),
      memberIds: Type.Array(Type.String(), { description: 'tracking codes of the member complaints, sorted' }),
    }),
    { description: 'largest first' },
  ),
});

const Id = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 80, description }));
const Period = Type.Object({ from: Type.String(), to: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);
const NamesOrNull = Type.Union([Type.Object({ en: Type.String(), ur: Type.Union([Type.String(), Type.Null()]), ps: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]);

/** GET /staff/analytics/trends */
export const AnalyticsTrendsQuery = Type.Object(
  {
    from: Day('first day, YYYY-MM-DD (Asia/Karachi), included; default 29 days before `to`'),
    to: Day('last day, YYYY-MM-DD (Asia/Karachi), included; default today'),
    interval: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { description: 'bucket: day (default), ISO week from Monday, or calendar month (Karachi time)' })),
    department: Id('department id: only its complaints'),
    category: Id('category id: only its complaints'),
    district: Id('district area id (province.division.district): only complaints in it'),
  },
  { additionalProperties: false },
);

/** 200 of GET /staff/analytics/trends */
export const AnalyticsTrendsResponse = Type.Object({
  period: Period,
  interval: Type.String(),
  filter: Type.Object({ departmentId: Type.Union([Type.String(), Type.Null()]), categoryId: Type.Union([Type.String(), Type.Null()]), districtId: Type.Union([Type.String(), Type.Null()]) }),
  buckets: Type.Array(
    Type.Object({
      bucket: Type.String({ description: "the bucket's first day, YYYY-MM-DD (the first and last may begin or end outside the period; only the period's days count)" }),
      received: Type.Integer({ minimum: 0, description: 'complaints filed' }),
      resolved: Type.Integer({ minimum: 0, description: 'resolutions recorded (resolved events)' }),
      closedSatisfied: Type.Integer({ minimum: 0, description: "closures by the citizen's satisfied" }),
      closedNoResponse: Type.Integer({ minimum: 0, description: 'closures for no response' }),
      breached: Type.Integer({ minimum: 0, description: 'complaints whose SLA deadline first passed (first escalated or sla_breached event)' }),
    }),
    { description: 'every bucket of the period, in order, zeros where nothing happened' },
  ),
});

/** GET /staff/analytics/topics */
export const AnalyticsTopicsQuery = Type.Object(
  {
    from: Day('first day, YYYY-MM-DD (Asia/Karachi), included; default 29 days before `to`'),
    to: Day('last day, YYYY-MM-DD (Asia/Karachi), included; default today'),
    district: Id('district area id: only that district'),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'terms per district; default 10' })),
  },
  { additionalProperties: false },
);

/** 200 of GET /staff/analytics/topics */
export const AnalyticsTopicsResponse = Type.Object({
  period: Period,
  districts: Type.Array(
    Type.Object({
      id: Type.String(),
      name: NamesOrNull,
      complaints: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'complaints filed in the period that one may see; null when 1–4 (withheld)' }),
      suppressed: Type.Boolean({ description: 'true when 1–4 complaints: no terms are shown' }),
      terms: Type.Array(
        Type.Object({
          term: Type.String({ description: 'a normalised word or two-word phrase' }),
          count: Type.Integer({ minimum: 5, description: "the district's complaints that use it (at least 5)" }),
          score: Type.Number({ description: 'log-odds z-score against the province (higher: more distinctive)' }),
        }),
        { description: 'most distinctive first' },
      ),
    }),
  ),
});

/** GET /staff/analytics/performance */
export const AnalyticsPerformanceQuery = Type.Object(
  {
    from: Day('first day, YYYY-MM-DD (Asia/Karachi), included; default 29 days before `to`'),
    to: Day('last day, YYYY-MM-DD (Asia/Karachi), included; default today'),
    level: Type.Optional(Type.Union([Type.Literal('office'), Type.Literal('officer')], { description: 'rows per office (default) or per assigned officer' })),
  },
  { additionalProperties: false },
);

/** 200 of GET /staff/analytics/performance */
export const AnalyticsPerformanceResponse = Type.Object({
  period: Period,
  level: Type.String(),
  rows: Type.Array(
    Type.Object({
      id: Type.String({ description: 'office id, or staff user id' }),
      name: NamesOrNull,
      complaints: Type.Integer({ minimum: 0 }),
      received: Type.Integer({ minimum: 0 }),
      resolved: Type.Integer({ minimum: 0 }),
      closed: Type.Integer({ minimum: 0 }),
      closedSatisfied: Type.Integer({ minimum: 0 }),
      reopened: Type.Integer({ minimum: 0 }),
      resolvedWithinSla: Type.Integer({ minimum: 0 }),
      medianHoursToResolve: Nullable(Type.Number({ description: 'wall-clock hours, filing to first resolution in the period' })),
      p90HoursToResolve: Nullable(Type.Number({ description: 'the 90th percentile of the same wall-clock hours' })),
      slaCompliance: Nullable(Type.Number()),
      satisfiedClosureRate: Nullable(Type.Number()),
      reopenRate: Nullable(Type.Number()),
      escalations: Type.Integer({ minimum: 0, description: 'escalated events in the period' }),
      open: Type.Integer({ minimum: 0, description: 'open and not yet resolved, now' }),
      overdue: Type.Integer({ minimum: 0, description: 'SLA clock running and deadline passed, now' }),
    }),
  ),
});

const Episode = Type.Object({
  id: Type.String({ format: 'uuid' }),
  categoryId: Type.String(),
  departmentId: Type.String(),
  districtId: Type.String(),
  firstDay: Type.String({ description: 'first alert day, YYYY-MM-DD' }),
  lastDay: Type.String({ description: 'last alert day so far' }),
  alertDays: Type.Integer({ minimum: 1, description: 'days that alarmed (holidays, not judged, may lie between)' }),
  peak: Type.Object({
    day: Type.String(),
    observed: Type.Integer({ minimum: 0 }),
    expected: Type.Number({ minimum: 0 }),
    pValue: Type.Number({ minimum: 0, maximum: 1 }),
    test: Type.Union([Type.Literal('day'), Type.Literal('window')]),
  }, { description: 'the most surprising day of the episode' }),
  status: Type.Union([Type.Literal('open'), Type.Literal('acknowledged')]),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

/** GET /staff/analytics/alerts */
export const AnalyticsAlertsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('acknowledged')], { description: 'only open (not yet acknowledged) or acknowledged episodes; default both' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'default 100' })),
  },
  { additionalProperties: false },
);

/** 200 of GET /staff/analytics/alerts */
export const AnalyticsAlertsResponse = Type.Object({ alerts: Type.Array(Episode, { description: 'latest alert day first' }) });

/** POST /staff/analytics/alerts/{id}/acknowledge */
export const AnalyticsAlertParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** Body of POST /staff/analytics/alerts/{id}/acknowledge */
export const AnalyticsAcknowledgeBody = Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }));
/** 200 of POST /staff/analytics/alerts/{id}/acknowledge */
export const AnalyticsAlertResponse = Episode;
