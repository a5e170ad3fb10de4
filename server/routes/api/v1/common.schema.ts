import { Type } from 'typebox';

/** A name in English, Urdu and Pashto (Urdu or Pashto may be missing for some place names). */
export const Names = Type.Object({ en: Type.String(), ur: Type.Union([Type.String(), Type.Null()]), ps: Type.Union([Type.String(), Type.Null()]) });

const Text3 = Type.Object({ en: Type.String(), ur: Type.String(), ps: Type.String() });

/** One extra field a category asks for (Open311's attribute), as GET /api/v1/categories lists it. */
export const AttributeDefinition = Type.Object({
  code: Type.String({ description: 'send the answer as attributes.<code>' }),
  datatype: Type.Union([Type.Literal('string'), Type.Literal('number'), Type.Literal('datetime'), Type.Literal('text'), Type.Literal('singlevaluelist'), Type.Literal('multivaluelist')], {
    description: 'string: one line; text: several lines; number; datetime: 2026-01-31 or 2026-01-31T09:30:00+05:00 (without a zone, Pakistan time); singlevaluelist: one key of values; multivaluelist: a list of keys',
  }),
  required: Type.Boolean(),
  order: Type.Integer({ description: 'show in this order, 1 first' }),
  description: Text3,
  formatHint: Type.Optional(Text3),
  values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Text3 }), { description: 'the choices of a list' })),
  maxLength: Type.Optional(Type.Integer({ description: 'string and text; 200 and 2000 when not given' })),
  pattern: Type.Optional(Type.String({ description: 'a regular expression the value (spaces collapsed, and in capitals when uppercase) must match' })),
  uppercase: Type.Optional(Type.Boolean({ description: 'kept in capitals' })),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
});

/** A complaint's answers to its category's extra fields: personal, so only in the owner's and staff's views. */
export const AttributeAnswers = Type.Array(
  Type.Object({
    code: Type.String(),
    label: Type.Union([Text3, Type.Null()], { description: "the field's question (null if the category no longer asks it)" }),
    value: Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())]),
    valueLabels: Type.Union([Type.Array(Text3), Type.Null()], { description: 'names of the chosen keys, for lists' }),
  }),
);

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
