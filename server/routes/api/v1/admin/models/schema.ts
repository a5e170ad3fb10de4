import { Type, type Static } from 'typebox';

/** One stored routing model, without its bytes. */
export const AdminModelView = Type.Object({
  version: Type.Integer(),
  purpose: Type.String(),
  status: Type.Union([Type.Literal('candidate'), Type.Literal('active'), Type.Literal('retired'), Type.Literal('rejected')]),
  source: Type.Union([Type.Literal('cli_import'), Type.Literal('scheduled_retrain'), Type.Literal('admin_retrain')]),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  labels: Type.Array(Type.String(), { description: 'category ids' }),
  trainingExamples: Type.Integer(),
  heldOut: Type.Union([
    Type.Object({
      examples: Type.Integer(),
      accuracy: Type.Number(),
      macroF1: Type.Number(),
      compared: Type.Union([Type.Object({ version: Type.Integer(), accuracy: Type.Number(), macroF1: Type.Number() }), Type.Null()], { description: 'the model active then, on the same held-out slice' }),
    }),
    Type.Null(),
  ]),
  activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rolledBackAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** GET /admin/models */
export const AdminModelsResponse = Type.Object({ items: Type.Array(AdminModelView) });

/** POST /admin/models/retrain: what happened (refused: too few examples, nothing written). */
export const AdminRetrainResponse = Type.Object({
  outcome: Type.Union([Type.Literal('promoted'), Type.Literal('rejected'), Type.Literal('refused')]),
  reason: Type.Optional(Type.String()),
  model: Type.Optional(AdminModelView),
});

/** POST /admin/models/{version}/promote */
export const AdminModelParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export type AdminModelParams = Static<typeof AdminModelParams>;
