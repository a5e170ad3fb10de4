import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../common.schema.js';
import { ComplaintsCreateBody, ComplaintsShowParams } from './schema.js';

/** POST /api/v1/complaints/similar: the new complaint's category, text and place, before it is filed. */
export const ComplaintsSimilarBody = Type.Object(
  {
    categoryId: ComplaintsCreateBody.properties.categoryId,
    description: Type.String({ minLength: 1, maxLength: 5000 }),
    location: ComplaintsCreateBody.properties.location,
  },
  { additionalProperties: false },
);

const ComplaintsSimilarResponse = Type.Object({
  suggestions: Type.Array(
    Type.Object({
      code: Type.String(),
      state: Type.String(),
      areaId: Type.Union([Type.String(), Type.Null()]),
      submittedAt: Type.String({ format: 'date-time' }),
      likeness: Type.Number({ description: 'duplicate score, 0 to 1: text likeness × nearness × recency (docs/AI.md "Duplicates")' }),
      distanceKm: Type.Union([Type.Number(), Type.Null()]),
      followers: Type.Integer(),
    }),
  ),
});

/** POST /api/v1/complaints/{code}/follow */
export const ComplaintsFollowBody = Type.Object(
  {
    phone: Type.Optional(Type.String({ maxLength: 32 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    name: Type.Optional(Type.String({ maxLength: 120 })),
    language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ur'), Type.Literal('ps')])),
  },
  { additionalProperties: false },
);

/** "Is this your problem? Follow it instead." */
const duplicateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/complaints/similar',
    { schema: { tags: ['complaints'], summary: 'Open complaints nearby that may be the same problem (ask before filing)', body: ComplaintsSimilarBody, response: { 200: ComplaintsSimilarResponse, ...problemResponses } } },
    async (request) => {
      const suggestions = await app.services.duplicates.similar(request.body);
      return { suggestions: suggestions.map((s) => ({ ...s, submittedAt: s.submittedAt.toISOString() })) };
    },
  );

  app.post(
    '/complaints/:code/follow',
    {
      schema: {
        tags: ['complaints'],
        summary: 'Follow a complaint about the same problem instead of filing another; you get its public updates',
        params: ComplaintsShowParams,
        body: ComplaintsFollowBody,
        response: { 200: Type.Object({ code: Type.String(), following: Type.Boolean(), alreadyFollowing: Type.Boolean() }), 201: Type.Object({ code: Type.String(), following: Type.Boolean(), alreadyFollowing: Type.Boolean() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { code, added } = await app.services.duplicates.follow(request.params.code, request.body);
      return reply.code(added ? 201 : 200).send({ code, following: true, alreadyFollowing: !added });
    },
  );
};

export default duplicateRoutes;
