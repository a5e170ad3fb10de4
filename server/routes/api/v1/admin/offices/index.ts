import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AdminOffice } from '../../../../../store/reference-admin.repository.js';
import { AdminIdParams, AdminOfficeCreateBody, AdminOfficeListQuery, AdminOfficeUpdateBody, AdminOfficeView } from '../reference.schema.js';
import { actorOf, adminRefusals } from '../reference.shared.js';

/** Offices, for administrators: one per department and area; list, create, rename, deactivate. */
const adminOfficeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { referenceAdmin } = app.services;
  app.addHook('preHandler', app.requireStaff(['administrator']));
  const tags = ['administration'];

  app.get(
    '/admin/offices',
    { schema: { tags, summary: 'List offices (active or not), by department and area', querystring: AdminOfficeListQuery, response: { 200: Type.Object({ offices: Type.Array(AdminOfficeView) }), ...adminRefusals } } },
    async (request) => ({ offices: (await referenceAdmin.listOffices(actorOf(request), request.query)).map(presentOffice) }),
  );

  app.post(
    '/admin/offices',
    { schema: { tags, summary: 'Create the office of a department for an area (its id is "<department>@<area>")', body: AdminOfficeCreateBody, response: { 201: AdminOfficeView, ...adminRefusals } } },
    async (request, reply) => {
      const o = await referenceAdmin.createOffice(actorOf(request), request.body);
      reply.header('location', `/api/v1/admin/offices/${encodeURIComponent(o.id)}`);
      return reply.code(201).send(presentOffice(o));
    },
  );

  app.get('/admin/offices/:id', { schema: { tags, summary: 'One office', params: AdminIdParams, response: { 200: AdminOfficeView, ...adminRefusals } } }, async (request) =>
    presentOffice(await referenceAdmin.getOffice(actorOf(request), request.params.id)),
  );

  app.patch(
    '/admin/offices/:id',
    { schema: { tags, summary: 'Rename, deactivate or reactivate an office', params: AdminIdParams, body: AdminOfficeUpdateBody, response: { 200: AdminOfficeView, ...adminRefusals } } },
    async (request) => presentOffice(await referenceAdmin.updateOffice(actorOf(request), request.params.id, request.body)),
  );
};

export function presentOffice(o: AdminOffice) {
  return { ...o, createdAt: o.createdAt.toISOString() };
}

export default adminOfficeRoutes;
