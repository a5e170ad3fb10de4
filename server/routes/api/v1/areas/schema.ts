import { Type } from 'typebox';
import { Names } from '../common.schema.js';

/** GET /api/v1/areas */
export const AreasListQuery = Type.Object({
  level: Type.Optional(Type.Union(['province', 'division', 'district', 'tehsil'].map((l) => Type.Literal(l)))),
  parentId: Type.Optional(Type.String({ maxLength: 200 })),
});

/** Areas of the province: divisions, districts and tehsils. */
export const AreasListResponse = Type.Object({
  areas: Type.Array(
    Type.Object({
      id: Type.String(),
      parentId: Type.Union([Type.String(), Type.Null()]),
      level: Type.String(),
      name: Names,
      population2023: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});
