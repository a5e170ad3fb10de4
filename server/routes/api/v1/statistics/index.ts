import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../common.schema.js';
import { publicStatisticsCsv } from './csv.presenter.js';
import { DashboardQuery, DashboardResponse, PeriodQuery, PublicStatisticsResponse } from './schema.js';

const DASHBOARD_ROLES = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'] as const;
const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') };

/** Dashboards of a staff member's jurisdiction, and the public transparency figures. */
const statisticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { statistics } = app.services;

  app.get(
    '/staff/dashboard',
    { preHandler: app.requireStaff(DASHBOARD_ROLES), schema: { tags: ['statistics'], summary: 'Dashboard figures of your jurisdiction: rates, open work, trend, league tables, districts', querystring: DashboardQuery, response: { 200: DashboardResponse, ...refusals } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return statistics.dashboard(request.staffSession!.actor, request.query);
    },
  );

  app.get(
    '/public/statistics',
    { schema: { tags: ['statistics'], summary: 'Transparency figures: province-wide, department rankings and districts (no personal data; small cells withheld)', querystring: PeriodQuery, response: { 200: PublicStatisticsResponse, ...problemResponses } } },
    async (request, reply) => {
      const figures = await statistics.publicStatistics(request.query);
      reply.header('cache-control', 'public, max-age=300');
      return figures;
    },
  );

  // The same figures as open data, for a spreadsheet: one row for the province, each department and each district.
  app.get(
    '/public/statistics.csv',
    { schema: { tags: ['statistics'], summary: 'Transparency figures as CSV (text/csv): the province, departments ranked and districts, small cells empty', querystring: PeriodQuery, produces: ['text/csv'], response: { 200: Type.String({ description: 'CSV with a header row; columns as in docs/STATISTICS.md' }), ...problemResponses } } },
    async (request, reply) => {
      const figures = await statistics.publicStatistics(request.query);
      reply.header('cache-control', 'public, max-age=300');
      reply.header('content-disposition', `attachment; filename="ekhtyar-statistics-${figures.period.from}-${figures.period.to}.csv"`);
      return reply.type('text/csv; charset=utf-8').send(publicStatisticsCsv(figures));
    },
  );
};

export default statisticsRoutes;
