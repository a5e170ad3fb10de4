import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StaffActor } from '../../../../../domain/permissions/jurisdiction.js';
import type { ModerationItem } from '../../../../../services/moderation.service.js';
import { problemResponses } from '../../common.schema.js';

const Code = Type.Object({ code: Type.String({ maxLength: 40 }) });
const Status = Type.Union([Type.Literal('pending'), Type.Literal('cleared'), Type.Literal('upheld')]);
const Item = Type.Object({
  code: Type.String(),
  status: Status,
  reasons: Type.Array(Type.String(), { description: "why the abuse screen flagged it: 'abuse', 'profanity' (lexicon terms), 'model' (the trained model)" }),
  score: Type.Union([Type.Number(), Type.Null()], { description: "the lexicon's score (1 per strong term, 0.5 per mild one; it flags at 1)" }),
  confidence: Type.Union([Type.Number(), Type.Null()], { description: "the model's confidence (0–1) that the text is abusive; null for flags made before the model" }),
  state: Type.String(),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  officeId: Type.Union([Type.String(), Type.Null()]),
  categoryId: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  moderatedBy: Type.Union([Type.String(), Type.Null()]),
  moderatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  description: Type.String({ description: 'the text the screen read, for the moderator to decide on' }),
});
// The body is optional: Fastify validates a request without one as null.
const ClearBody = Type.Union([Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }), Type.Null()]);
const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') };

/**
 * The moderation queue for the provincial monitoring cell and administrators: complaints the abuse screen flagged at
 * intake (stored, coded and routed as usual). Clear a flag, or uphold it with a reason; both are audit-logged.
 * Each item carries the complaint's text: the moderator decides on it, and an administrator cannot open complaints.
 */
const moderationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { moderation } = app.services;
  app.addHook('preHandler', app.requireStaff(['provincial_monitor', 'administrator']));
  const actor = (request: FastifyRequest): StaffActor => request.staffSession!.actor;

  app.get(
    '/staff/moderation',
    {
      schema: {
        tags: ['staff'],
        summary: 'Complaints flagged by the abuse screen (pending: oldest first)',
        querystring: Type.Object({ status: Type.Optional(Status), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ complaints: Type.Array(Item) }), ...refusals },
      },
    },
    async (request) => ({ complaints: (await moderation.list(actor(request), request.query.status ?? 'pending', request.query.limit)).map(present) }),
  );
  app.post(
    '/staff/moderation/:code/clear',
    { schema: { tags: ['staff'], summary: 'Clear a flag (nothing abusive)', params: Code, body: ClearBody, response: { 204: Type.Null(), ...refusals } } },
    async (request, reply) => {
      await moderation.decide(actor(request), request.params.code, 'cleared', request.body?.note ?? '', request.ip || null);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/staff/moderation/:code/uphold',
    { schema: { tags: ['staff'], summary: 'Uphold a flag (the text is abusive), with the reason', params: Code, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }), response: { 204: Type.Null(), ...refusals } } },
    async (request, reply) => {
      await moderation.decide(actor(request), request.params.code, 'upheld', request.body.reason, request.ip || null);
      return reply.code(204).send(null);
    },
  );
};

function present(m: ModerationItem) {
  return { ...m, createdAt: m.createdAt.toISOString(), moderatedAt: m.moderatedAt?.toISOString() ?? null };
}

export default moderationRoutes;
