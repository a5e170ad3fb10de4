import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** GET /healthz: the process is up and its database answers (503 otherwise, for load balancers). */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const Health = Type.Object({ status: Type.String(), database: Type.String() });
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Health check', response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    try {
      await app.db.query('select 1');
      return { status: 'ok', database: 'ok' };
    } catch (error) {
      app.log.warn({ err: error }, 'health check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
};

export default healthRoutes;
