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
