import { Type, type Static } from 'typebox';
import { COMPLAINT_STATES } from '../../../../../domain/lifecycle/index.js';
import { Names } from '../../common.schema.js';
import { ComplaintsCreateBody } from '../../complaints/schema.js';

const { channel: _channel, officeUse: _officeUse, photos: _photos, keepPhotoLocation: _keep, contact: _contact, ...complaintFields } = ComplaintsCreateBody.properties;
const Named = Type.Union([Type.Object({ id: Type.String(), name: Names }), Type.Null()]);
const State = Type.String({ description: `one of ${COMPLAINT_STATES.join(', ')}` });
const Phone = Type.String({ minLength: 1, maxLength: 32, description: 'any country format; Pakistani numbers may omit +92' });
const OUTCOMES = ['complaint_filed', 'status_given', 'information_given', 'referred', 'dropped', 'other'] as const;

/** GET /api/v1/staff/intake/callers */
export const IntakeCallersQuery = Type.Object({ phone: Phone }, { additionalProperties: false });

/** The caller's complaints: codes, categories, states and dates, nothing else of them. */
export const IntakeCallersResponse = Type.Object({
  complaints: Type.Array(
    Type.Object({
      code: Type.String(),
      category: Named,
      state: State,
      channel: Type.String(),
      submittedAt: Type.String({ format: 'date-time' }),
      updatedAt: Type.String({ format: 'date-time' }),
      closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
});

/** GET /api/v1/staff/intake/filings */
export const IntakeFilingsQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, { additionalProperties: false });

/** POST /api/v1/staff/intake/complaints: the public submission's fields, the caller's contact (a phone number at least), and the call. */
export const IntakeComplaintsBody = Type.Object(
  {
    ...complaintFields,
    contact: Type.Object(
      {
        phone: Phone,
        name: Type.Optional(Type.String({ maxLength: 120 })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
        cnic: Type.Optional(Type.String({ maxLength: 20 })),
      },
      { additionalProperties: false },
    ),
    call: Type.Optional(Type.Object({ durationSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }) }, { additionalProperties: false, description: 'log the call with it (outcome complaint_filed)' })),
  },
  { additionalProperties: false },
);
export type IntakeComplaintsBody = Static<typeof IntakeComplaintsBody>;

/** POST /api/v1/staff/intake/calls */
export const IntakeCallsBody = Type.Object(
  {
    callerPhone: Type.Optional(Phone),
    durationSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
    outcome: Type.Union(OUTCOMES.map((o) => Type.Literal(o))),
    complaintCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);

/** POST /api/v1/staff/intake/letters (multipart form fields; the scanned pages are its file parts). */
export const IntakeLettersBody = Type.Object(
  {
    diaryNumber: Type.String({ minLength: 1, maxLength: 60, description: 'the number the office diary gave the letter, e.g. D-123/2025 (unique per office)' }),
    receivedOn: Type.String({ minLength: 1, maxLength: 20, description: 'date received, YYYY-MM-DD' }),
    officeId: Type.String({ minLength: 1, maxLength: 120, description: 'office of receipt' }),
    ...complaintFields,
    description: Type.String({ minLength: 10, maxLength: 5000, description: 'the letter transcribed' }),
    contact: Type.Optional(_contact),
  },
  { additionalProperties: false },
);
export type IntakeLettersBody = Static<typeof IntakeLettersBody>;

/** A letter of the diary with its complaint. */
export const IntakeLetterView = Type.Object({
  id: Type.String(),
  diaryNumber: Type.String(),
  receivedOn: Type.String(),
  office: Named,
  code: Type.String(),
  state: State,
  category: Named,
  pageCount: Type.Integer(),
  enteredAt: Type.String({ format: 'date-time' }),
  trackingUrl: Type.String(),
  acknowledgementUrl: Type.String(),
});

/** The answer to a letter entered: the diary entry, and the citizen's secret to give the writer with the slip. */
export const IntakeLettersCreateResponse = Type.Object({ letter: IntakeLetterView, citizenSecret: Type.String() });

/** GET /api/v1/staff/intake/letters/{diaryNumber}?office= */
export const IntakeLetterParams = Type.Object({ diaryNumber: Type.String({ minLength: 1, maxLength: 60, description: 'URL-encoded ("/" as %2F)' }) });
export const IntakeLetterQuery = Type.Object({ office: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false });

/** GET /api/v1/staff/intake/letters/{id}/acknowledgement.pdf */
export const IntakeLetterIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
