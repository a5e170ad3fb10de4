import { Type } from 'typebox';
import { COMPLAINT_STATES } from '../../../../../domain/lifecycle/index.js';
import { Names } from '../../common.schema.js';

/** GET /citizen/complaints */
export const CitizenComplaintsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    after: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'the `next` of the previous page' })),
  },
  { additionalProperties: false },
);

const Named = Type.Union([Type.Object({ id: Type.String(), name: Names }), Type.Null()]);

/** One of the citizen's complaints in their list. */
export const CitizenComplaintSummary = Type.Object({
  code: Type.String(),
  state: Type.Union(COMPLAINT_STATES.map((s) => Type.Literal(s))),
  channel: Type.String({ description: 'how it was filed: web, mobile, whatsapp, sms, email, phone, letter, open311' }),
  category: Named,
  office: Named,
  area: Named,
  escalationLevel: Type.Integer(),
  submittedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** A page of the citizen's complaints, newest first. */
export const CitizenComplaintsPage = Type.Object({
  complaints: Type.Array(CitizenComplaintSummary),
  next: Type.Union([Type.String(), Type.Null()], { description: 'pass as `after` for the next page; null on the last' }),
});

/** GET /citizen/complaints/{code} */
export const CitizenComplaintParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40, description: 'Tracking code, e.g. KP-7F3K-9QXA' }) });
