import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SAVED_VIEW_LIMIT } from '../../../../../services/saved-view.service.js';
import type { SavedViewRecord } from '../../../../../store/saved-view.repository.js';
import { problemResponses } from '../../common.schema.js';
import { SavedView, SavedViewBody, SavedViewList, SavedViewParams } from './schema.js';

const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 404: Type.Ref('Problem'), 409: Type.Ref('Problem') };
const WORKING_ROLES = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'] as const;

const present = (view: SavedViewRecord) => ({ id: view.id, name: view.name, filters: view.filters, createdAt: view.createdAt.toISOString() });

/** Saved views of the queue: each staff member's own named filters (at most 50, names unique per person). */
const savedViewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { savedViews } = app.services;
  app.addHook('preHandler', app.requireStaff(WORKING_ROLES));

  app.get('/staff/views', { schema: { tags: ['staff'], summary: 'Your saved views of the queue', response: { 200: SavedViewList, ...refusals } } }, async (request) => ({
    views: (await savedViews.list(request.staffSession!.user.id)).map(present),
    limit: SAVED_VIEW_LIMIT,
  }));

  app.post('/staff/views', { schema: { tags: ['staff'], summary: 'Save the queue’s filters under a name', body: SavedViewBody, response: { 201: SavedView, ...refusals } } }, async (request, reply) => {
    const view = await savedViews.create(request.staffSession!.user.id, request.body.name, request.body.filters);
    return reply.code(201).send(present(view));
  });

  app.delete('/staff/views/:id', { schema: { tags: ['staff'], summary: 'Delete one of your saved views', params: SavedViewParams, response: { 204: Type.Null(), ...refusals } } }, async (request, reply) => {
    await savedViews.delete(request.staffSession!.user.id, request.params.id);
    return reply.code(204).send(null);
  });
};

export default savedViewRoutes;
