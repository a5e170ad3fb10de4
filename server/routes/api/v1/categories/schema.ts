import { Type } from 'typebox';
import { AttributeDefinition, Names } from '../common.schema.js';

/** GET /api/v1/categories */
export const CategoriesListQuery = Type.Object({
  departmentId: Type.Optional(Type.String({ maxLength: 80 })),
  group: Type.Optional(Type.String({ maxLength: 80 })),
});

/** One category of the service catalogue. */
export const CategoriesListResponse = Type.Object({
  categories: Type.Array(
    Type.Object({
      id: Type.String(),
      serviceCode: Type.String(),
      group: Type.String(),
      name: Names,
      description: Type.String(),
      keywords: Type.Array(Type.String()),
      slaDays: Type.Integer({ description: 'working days the office has to resolve it' }),
      department: Type.Object({ id: Type.String(), name: Names }),
      attributes: Type.Array(AttributeDefinition, { description: 'extra fields to ask, in order (Open311 attributes); empty for most categories' }),
    }),
  ),
});

/** POST /categories/suggest: what the citizen has written so far. */
export const CategoriesSuggestBody = Type.Object({ text: Type.String({ minLength: 10, maxLength: 2000, description: "the complaint's description as written so far" }) }, { additionalProperties: false });

/** The likeliest categories for the text, by the routing model (none without one). */
export const CategoriesSuggestResponse = Type.Object({
  modelVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'the routing model that answered; null: no model is active, and no suggestions' }),
  suggestions: Type.Array(
    Type.Object({
      categoryId: Type.String(),
      name: Names,
      confidence: Type.Number({ minimum: 0, maximum: 1 }),
    }),
    { maxItems: 3 },
  ),
});
