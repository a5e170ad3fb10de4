import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../common.schema.js';
import { CategoriesListQuery, CategoriesListResponse, CategoriesSuggestBody, CategoriesSuggestResponse } from './schema.js';

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

  // One pass of the model over at most 2,000 characters (about a millisecond): like /complaints/similar, it is not
  // counted against the filing limits, which a citizen typing would otherwise spend before filing.
  app.post(
    '/categories/suggest',
    { schema: { tags: ['catalogue'], summary: 'The three likeliest categories for a description, for the filing form (empty without a routing model)', body: CategoriesSuggestBody, response: { 200: CategoriesSuggestResponse, ...problemResponses } } },
    async (request) => {
      const ref = await app.services.reference.current();
      const { version, labels } = await app.services.routerModels.suggest(request.body.text, 3, (id) => ref.categories.has(id));
      return { modelVersion: version, suggestions: labels.map((l) => ({ categoryId: l.label, name: ref.categories.get(l.label)!.name, confidence: Math.round(l.confidence * 1000) / 1000 })) };
    },
  );
};

export default categoryRoutes;
