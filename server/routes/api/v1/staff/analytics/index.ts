import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../common.schema.js';
import { AnalyticsHotspotsQuery, AnalyticsHotspotsResponse, AnalyticsSpikesQuery, AnalyticsSpikesResponse } from './schema.js';

const ANALYTICS_ROLES = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'] as const;
const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') };

/** Spike alerts and hotspots over the viewer's jurisdiction (row-level security scopes every read). */
const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { analytics } = app.services;

  app.get(
    '/staff/analytics/spikes',
    { preHandler: app.requireStaff(ANALYTICS_ROLES), schema: { tags: ['statistics'], summary: 'Days on which a category in a district had surprisingly many complaints against its own seasonal baseline', querystring: AnalyticsSpikesQuery, response: { 200: AnalyticsSpikesResponse, ...refusals } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return analytics.spikes(request.staffSession!.actor, request.query);
    },
  );

  app.get(
    '/staff/analytics/hotspots',
    { preHandler: app.requireStaff(ANALYTICS_ROLES), schema: { tags: ['statistics'], summary: "Geographic clusters of a category's open complaints (DBSCAN, eps in metres)", querystring: AnalyticsHotspotsQuery, response: { 200: AnalyticsHotspotsResponse, ...refusals } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return analytics.hotspots(request.staffSession!.actor, request.query);
    },
  );
};

export default analyticsRoutes;
