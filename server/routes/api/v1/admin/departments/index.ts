import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AdminDepartment } from '../../../../../store/reference-admin.repository.js';
import { AdminDepartmentCreateBody, AdminDepartmentUpdateBody, AdminDepartmentView, AdminIdParams } from '../reference.schema.js';
import { actorOf, adminRefusals } from '../reference.shared.js';

/** Departments, for administrators: list, create, rename, deactivate (never delete: offices and complaints point at them). */
const adminDepartmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { referenceAdmin } = app.services;
  app.addHook('preHandler', app.requireStaff(['administrator']));
  const tags = ['administration'];

  app.get('/admin/departments', { schema: { tags, summary: 'List departments (active or not)', response: { 200: Type.Object({ departments: Type.Array(AdminDepartmentView) }), ...adminRefusals } } }, async (request) => ({
    departments: (await referenceAdmin.listDepartments(actorOf(request))).map(presentDepartment),
  }));

  app.post('/admin/departments', { schema: { tags, summary: 'Create a department', body: AdminDepartmentCreateBody, response: { 201: AdminDepartmentView, ...adminRefusals } } }, async (request, reply) => {
    const d = await referenceAdmin.createDepartment(actorOf(request), request.body);
    reply.header('location', `/api/v1/admin/departments/${d.id}`);
    return reply.code(201).send(presentDepartment(d));
  });

  app.get('/admin/departments/:id', { schema: { tags, summary: 'One department', params: AdminIdParams, response: { 200: AdminDepartmentView, ...adminRefusals } } }, async (request) =>
    presentDepartment(await referenceAdmin.getDepartment(actorOf(request), request.params.id)),
  );

  app.patch(
    '/admin/departments/:id',
    { schema: { tags, summary: 'Rename, change the office level, deactivate or reactivate a department', params: AdminIdParams, body: AdminDepartmentUpdateBody, response: { 200: AdminDepartmentView, ...adminRefusals } } },
    async (request) => presentDepartment(await referenceAdmin.updateDepartment(actorOf(request), request.params.id, request.body)),
  );
};

export function presentDepartment(d: AdminDepartment) {
  return { ...d, createdAt: d.createdAt.toISOString() };
}

export default adminDepartmentRoutes;
