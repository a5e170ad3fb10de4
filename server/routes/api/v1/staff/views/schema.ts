import { Type, type Static } from 'typebox';
import { COMPLAINT_STATES } from '../../../../../domain/lifecycle/index.js';

/** The queue's filters a view keeps: those of GET /staff/complaints, without paging. */
export const SavedViewFilters = Type.Object(
  {
    state: Type.Optional(Type.Array(Type.Union(COMPLAINT_STATES.map((s) => Type.Literal(s))), { maxItems: 11 })),
    officeId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    assignee: Type.Optional(Type.Union([Type.Literal('me'), Type.Literal('unassigned')])),
    overdue: Type.Optional(Type.Boolean()),
    escalationLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
    categoryId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  },
  { additionalProperties: false, description: 'the query of GET /staff/complaints this view applies' },
);

/** POST /staff/views */
export const SavedViewBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S', description: 'unique among your views (whatever the case)' }),
    filters: SavedViewFilters,
  },
  { additionalProperties: false },
);
export type SavedViewBody = Static<typeof SavedViewBody>;

/** :id of a view. */
export const SavedViewParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** A saved view as its owner sees it. */
export const SavedView = Type.Object({ id: Type.String(), name: Type.String(), filters: SavedViewFilters, createdAt: Type.String({ format: 'date-time' }) });

/** GET /staff/views */
export const SavedViewList = Type.Object({ views: Type.Array(SavedView), limit: Type.Integer({ description: 'how many views one may keep' }) });
