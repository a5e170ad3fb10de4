import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CategoriesListQuery, CategoriesListResponse } from './schema.js';

/** The service catalogue: what a citizen can complain about, who handles it, and how fast. */
const categoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/categories', { schema: { tags: ['catalogue'], summary: 'List complaint categories', querystring: CategoriesListQuery, response: { 200: CategoriesListResponse } } }, async (request) => {
    const ref = await app.services.reference.current();
    const { departmentId, group } = request.query;
    const categories = [...ref.categories.values()]
      .filter((c) => (departmentId === undefined || c.departmentId === departmentId) && (group === undefined || c.group === group))
      .map((c) => {
        const department = ref.departments.get(c.departmentId);
        return { ...c, department: { id: c.departmentId, name: department?.name ?? { en: c.departmentId, ur: null, ps: null } } };
      });
    return { categories };
  });
};

export default categoryRoutes;
