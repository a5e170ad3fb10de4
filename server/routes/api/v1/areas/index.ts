import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AreasListQuery, AreasListResponse } from './schema.js';

/** The area tree (province → division → district → tehsil) for pickers and routing. */
const areaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/areas', { schema: { tags: ['catalogue'], summary: 'List areas', querystring: AreasListQuery, response: { 200: AreasListResponse } } }, async (request) => {
    const ref = await app.services.reference.current();
    const { level, parentId } = request.query;
    const areas = [...ref.areas.values()].filter((a) => (level === undefined || a.level === level) && (parentId === undefined || a.parentId === parentId));
    return { areas };
  });
};

export default areaRoutes;
