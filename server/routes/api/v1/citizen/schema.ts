import { Type, type Static } from 'typebox';

const Language = Type.Union([Type.Literal('en'), Type.Literal('ur'), Type.Literal('ps')]);
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Phone = Type.String({ minLength: 1, maxLength: 32, description: 'any country format; Pakistani numbers may omit +92' });
const Email = Type.String({ format: 'email', maxLength: 254 });

/** POST /citizen/sign-in/code: where to send a code (a phone number or an e-mail address, not both). */
export const CitizenCodeRequestBody = Type.Object(
  {
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    channel: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('whatsapp'), Type.Literal('email')], { description: 'for a phone number: sms (default where available) or whatsapp' })),
    language: Type.Optional(Language),
  },
  { additionalProperties: false },
);
export type CitizenCodeRequestBody = Static<typeof CitizenCodeRequestBody>;

/** The answer to a code request: the same whether or not the number or address has been used before. */
export const CitizenCodeSentView = Type.Object({
  channel: Type.Union([Type.Literal('sms'), Type.Literal('whatsapp'), Type.Literal('email')]),
  sentTo: Type.String({ description: 'the number or address, partly hidden' }),
  expiresAt: Type.String({ format: 'date-time', description: 'the code works until then (10 minutes), for 5 tries at most' }),
});

/** POST /citizen/sign-in */
export const CitizenSignInBody = Type.Object(
  {
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    code: Type.String({ pattern: '^\\s*[0-9\\u0660-\\u0669\\u06F0-\\u06F9]{6}\\s*$', description: 'the six digits received' }),
  },
  { additionalProperties: false },
);

/** The signed-in citizen's profile. */
export const CitizenProfileView = Type.Object(
  {
    phone: Nullable(Type.String({ description: 'verified number, E.164' })),
    email: Nullable(Type.String({ description: 'verified address' })),
    countryCode: Nullable(Type.String({ description: 'country of the phone number (ISO 3166 alpha-2)' })),
    name: Nullable(Type.String()),
    language: Language,
    cnic: Nullable(Type.String({ description: 'CNIC or NICOP number as on the card, 12345-1234567-1' })),
  },
  { $id: 'CitizenProfileView' },
);

/** A citizen's own view of their session. */
export const CitizenSessionView = Type.Object(
  {
    csrfToken: Type.String({ description: 'send as X-CSRF-Token with every change (POST, PATCH, DELETE) made with this session' }),
    expiresAt: Type.String({ format: 'date-time', description: 'the session ends at this time at the latest' }),
    citizen: Type.Ref('CitizenProfileView'),
  },
  { $id: 'CitizenSessionView' },
);

/** PATCH /citizen/profile: fields left out stay as they are; null clears one. */
export const CitizenProfileBody = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
    language: Type.Optional(Language),
    cnic: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'CNIC or NICOP: 13 digits, with or without dashes (12345-1234567-1)' }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CitizenProfileBody = Static<typeof CitizenProfileBody>;
