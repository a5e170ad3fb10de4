import { Type } from 'typebox';

/** A name in English, Urdu and Pashto (Urdu or Pashto may be missing for some place names). */
export const Names = Type.Object({ en: Type.String(), ur: Type.Union([Type.String(), Type.Null()]), ps: Type.Union([Type.String(), Type.Null()]) });

/** RFC 9457 problem details, with the invalid fields listed as JSON pointers. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
    retryAfter: Type.Optional(Type.Integer({ description: '429: seconds to wait before trying again (also the Retry-After header)' })),
    retryAt: Type.Optional(Type.String({ format: 'date-time', description: '429 daily_limit_reached: when the citizen can file again' })),
    dailyLimit: Type.Optional(Type.Integer({ description: '429 daily_limit_reached: complaints one citizen may file online per day' })),
    helpline: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: '429: the helpline that takes complaints by phone' })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** Responses every route may give besides its success. */
export const problemResponses = {
  400: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
};
