import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AdminCategory } from '../../../../../store/reference-admin.repository.js';
import { AdminCategoryCreateBody, AdminCategoryListQuery, AdminCategoryUpdateBody, AdminCategoryView, AdminIdParams } from '../reference.schema.js';
import { actorOf, adminRefusals } from '../reference.shared.js';

/** The service catalogue, for administrators: list, create, change (names, department, SLA, Open311 code), deactivate. */
const adminCategoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { referenceAdmin } = app.services;
  app.addHook('preHandler', app.requireStaff(['administrator']));
  const tags = ['administration'];

  app.get(
    '/admin/categories',
    { schema: { tags, summary: 'List categories (active or not)', querystring: AdminCategoryListQuery, response: { 200: Type.Object({ categories: Type.Array(AdminCategoryView) }), ...adminRefusals } } },
    async (request) => ({ categories: (await referenceAdmin.listCategories(actorOf(request), request.query)).map(presentCategory) }),
  );

  app.post('/admin/categories', { schema: { tags, summary: 'Create a category', body: AdminCategoryCreateBody, response: { 201: AdminCategoryView, ...adminRefusals } } }, async (request, reply) => {
    const c = await referenceAdmin.createCategory(actorOf(request), request.body);
    reply.header('location', `/api/v1/admin/categories/${c.id}`);
    return reply.code(201).send(presentCategory(c));
  });

  app.get('/admin/categories/:id', { schema: { tags, summary: 'One category', params: AdminIdParams, response: { 200: AdminCategoryView, ...adminRefusals } } }, async (request) =>
    presentCategory(await referenceAdmin.getCategory(actorOf(request), request.params.id)),
  );

  app.patch(
    '/admin/categories/:id',
    { schema: { tags, summary: 'Change a category; new complaints use the new SLA (filed ones keep their deadline)', params: AdminIdParams, body: AdminCategoryUpdateBody, response: { 200: AdminCategoryView, ...adminRefusals } } },
    async (request) => presentCategory(await referenceAdmin.updateCategory(actorOf(request), request.params.id, request.body)),
  );
};

export function presentCategory(c: AdminCategory) {
  return { ...c, createdAt: c.createdAt.toISOString() };
}

export default adminCategoryRoutes;
