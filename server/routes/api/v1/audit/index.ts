import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../common.schema.js';

const AuditLogQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. staff.sign_in_failed, personal_data.read' })),
    actorId: Type.Optional(Type.String({ maxLength: 100 })),
    actorRole: Type.Optional(Type.String({ maxLength: 40 })),
    subjectType: Type.Optional(Type.String({ maxLength: 40 })),
    subjectId: Type.Optional(Type.String({ maxLength: 100 })),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'the `next` of the previous page' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);

const AuditLogResponse = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.Integer(),
      action: Type.String(),
      actorRole: Type.String(),
      actorId: Type.Union([Type.String(), Type.Null()]),
      subjectType: Type.Union([Type.String(), Type.Null()]),
      subjectId: Type.Union([Type.String(), Type.Null()]),
      payload: Type.Record(Type.String(), Type.Unknown()),
      ip: Type.Union([Type.String(), Type.Null()]),
      at: Type.String({ format: 'date-time' }),
      hash: Type.String({ description: 'hex sha256 chaining this entry to the one before' }),
    }),
  ),
  next: Type.Union([Type.Integer(), Type.Null()]),
});

/** GET /api/v1/audit/log: the hash-chained log of staff and administrative actions, for auditors and administrators. */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit/log',
    {
      preHandler: app.requireStaff(['analyst', 'administrator']),
      schema: { tags: ['administration'], summary: 'The audit log of staff actions (newest first)', querystring: AuditLogQuery, response: { 200: AuditLogResponse, ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') } },
    },
    async (request) => {
      const { before, limit, since, until, ...filter } = request.query;
      const page = await app.services.auditLog.list(request.staffSession!.actor, { ...filter, ...(since && { since: new Date(since) }), ...(until && { until: new Date(until) }) }, { ...(before !== undefined && { before }), limit });
      return {
        entries: page.entries.map((e) => ({ id: e.id, action: e.action, actorRole: e.actorRole, actorId: e.actorId, subjectType: e.subjectType, subjectId: e.subjectId, payload: e.payload, ip: e.ip, at: e.createdAt.toISOString(), hash: e.hash.toString('hex') })),
        next: page.nextBefore,
      };
    },
  );
};

export default auditRoutes;
