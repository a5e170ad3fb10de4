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
