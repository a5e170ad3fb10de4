import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouterModelRecord } from '../../../../../store/router-model.repository.js';
import { actorOf, adminRefusals } from '../reference.shared.js';
import { AdminModelParams, AdminModelsResponse, AdminModelView, AdminRetrainResponse } from './schema.js';

/**
 * The routing classifier's models, for administrators: the list with each model's held-out figures, retraining now,
 * promoting a stored model, and rolling back to the one active before. Every change is on the audit log.
 */
const adminModelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { routerModels } = app.services;
  app.addHook('preHandler', app.requireStaff(['administrator']));
  const tags = ['administration'];
  const operator = (request: Parameters<typeof actorOf>[0]) => ({ role: actorOf(request).role, id: actorOf(request).id });

  app.get('/admin/models', { schema: { tags, summary: 'The routing models, newest first, with their held-out figures', response: { 200: AdminModelsResponse, ...adminRefusals } } }, async () => ({
    items: (await routerModels.list()).map(presentModel),
  }));

  app.post(
    '/admin/models/retrain',
    { schema: { tags, summary: 'Retrain now (may take up to a minute): promoted if no worse than the active model on held-out complaints, else kept as rejected', response: { 200: AdminRetrainResponse, ...adminRefusals } } },
    async (request) => {
      const result = await routerModels.retrain('admin_retrain', operator(request));
      return result.outcome === 'refused' ? { outcome: result.outcome, reason: result.reason } : { outcome: result.outcome, model: presentModel(result.model) };
    },
  );

  app.post('/admin/models/:version/promote', { schema: { tags, summary: 'Make a stored candidate or retired model the active one', params: AdminModelParams, response: { 200: AdminModelView, ...adminRefusals } } }, async (request) =>
    presentModel(await routerModels.promote(request.params.version, operator(request))),
  );

  app.post('/admin/models/rollback', { schema: { tags, summary: 'Re-activate the model that was active before the current one', response: { 200: AdminModelView, ...adminRefusals } } }, async (request) =>
    presentModel(await routerModels.rollback(operator(request))),
  );
};

/** A stored model as the API shows it (its held-out figures grouped, the compared model's beside them). */
export function presentModel(m: RouterModelRecord) {
  return {
    version: m.version,
    purpose: m.purpose,
    status: m.status,
    source: m.source,
    createdAt: m.createdAt.toISOString(),
    createdBy: m.createdBy,
    labels: m.labels,
    trainingExamples: m.trainingExamples,
    heldOut:
      m.heldOutExamples === null || m.accuracy === null || m.macroF1 === null
        ? null
        : {
            examples: m.heldOutExamples,
            accuracy: m.accuracy,
            macroF1: m.macroF1,
            compared: m.comparedVersion === null || m.comparedAccuracy === null || m.comparedMacroF1 === null ? null : { version: m.comparedVersion, accuracy: m.comparedAccuracy, macroF1: m.comparedMacroF1 },
          },
    activatedAt: m.activatedAt?.toISOString() ?? null,
    retiredAt: m.retiredAt?.toISOString() ?? null,
    rolledBackAt: m.rolledBackAt?.toISOString() ?? null,
  };
}

export default adminModelRoutes;
