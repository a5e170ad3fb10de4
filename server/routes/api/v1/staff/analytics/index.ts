import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../../common.schema.js';
import type { SpikeEpisode } from '../../../../../store/spike-alert.repository.js';
import {
  AnalyticsAcknowledgeBody, AnalyticsAlertParams, AnalyticsAlertResponse, AnalyticsAlertsQuery, AnalyticsAlertsResponse, AnalyticsHotspotsQuery, AnalyticsHotspotsResponse,
  AnalyticsPerformanceQuery, AnalyticsPerformanceResponse, AnalyticsSpikesQuery, AnalyticsSpikesResponse, AnalyticsTopicsQuery, AnalyticsTopicsResponse, AnalyticsTrendsQuery,
  AnalyticsTrendsResponse,
} from './schema.js';

const ANALYTICS_ROLES = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'] as const;
const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') };

/** Spikes, alerts, hotspots, trends, topics and performance over the viewer's jurisdiction (row-level security scopes every read). */
const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { analytics, analyticsReports, spikeAlerts } = app.services;

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

  app.get(
    '/staff/analytics/trends',
    { preHandler: app.requireStaff(ANALYTICS_ROLES), schema: { tags: ['statistics'], summary: 'Received, resolved, closed (satisfied, no response) and breached per day, week or month', querystring: AnalyticsTrendsQuery, response: { 200: AnalyticsTrendsResponse, ...refusals } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return analyticsReports.trends(request.staffSession!.actor, request.query);
    },
  );

  app.get(
    '/staff/analytics/topics',
    { preHandler: app.requireStaff(ANALYTICS_ROLES), schema: { tags: ['statistics'], summary: "Words and phrases distinctive of each district's complaints against the province (log-odds with a prior)", querystring: AnalyticsTopicsQuery, response: { 200: AnalyticsTopicsResponse, ...refusals } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return analyticsReports.topics(request.staffSession!.actor, request.query);
    },
  );

  app.get(
    '/staff/analytics/performance',
    { preHandler: app.requireStaff(ANALYTICS_ROLES), schema: { tags: ['statistics'], summary: 'Per office or officer: volumes, hours to resolve (median, 90th percentile), SLA compliance, satisfaction, reopenings, escalations, open and overdue', querystring: AnalyticsPerformanceQuery, response: { 200: AnalyticsPerformanceResponse, ...refusals } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return analyticsReports.performance(request.staffSession!.actor, request.query);
    },
  );

  app.get(
    '/staff/analytics/alerts',
    { preHandler: app.requireStaff(ANALYTICS_ROLES), schema: { tags: ['statistics'], summary: 'Spike alert episodes (from the morning job) in one’s jurisdiction', querystring: AnalyticsAlertsQuery, response: { 200: AnalyticsAlertsResponse, ...refusals } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { alerts: (await spikeAlerts.list(request.staffSession!.actor, request.query)).map(presentEpisode) };
    },
  );

  app.post(
    '/staff/analytics/alerts/:id/acknowledge',
    { preHandler: app.requireStaff(['department_monitor', 'provincial_monitor']), schema: { tags: ['statistics'], summary: 'A monitor acknowledges a spike alert episode of their scope (audit-logged)', params: AnalyticsAlertParams, body: AnalyticsAcknowledgeBody, response: { 200: AnalyticsAlertResponse, ...refusals, 409: Type.Ref('Problem') } } },
    async (request) => presentEpisode(await spikeAlerts.acknowledge(request.staffSession!.actor, request.params.id, request.body?.note ?? '', request.ip || null)),
  );
};

/** An episode as JSON (times as ISO strings). */
function presentEpisode(e: SpikeEpisode) {
  return { ...e, acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null, createdAt: e.createdAt.toISOString() };
}

export default analyticsRoutes;
