import { Type, type Static } from 'typebox';
import { COMPLAINT_STATES, OUTCOMES } from '../../../../domain/lifecycle/index.js';
import { AttributeAnswers, Names } from '../common.schema.js';

const Language = Type.Union([Type.Literal('en'), Type.Literal('ur'), Type.Literal('ps')]);

/** A photo sent inline as base64 (JPEG, PNG, WebP, GIF or HEIC; checked by its bytes, 10 MB at most). */
export const PhotoBody = Type.Object(
  {
    filename: Type.Optional(Type.String({ maxLength: 200 })),
    data: Type.String({ minLength: 1, maxLength: 14_500_000, description: 'base64 of the image bytes' }),
  },
  { additionalProperties: false },
);

const KeepPhotoLocation = Type.Boolean({
  description: "default false. True: keep the photos' GPS position (removed by default with all other photo metadata); with no area or point given, the complaint is then placed where the first photo was taken",
});

const TrackingCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40, description: 'Tracking code, e.g. KP-7F3K-9QXA (case and hyphens optional)' }) });

/** POST /api/v1/complaints */
export const ComplaintsCreateBody = Type.Object(
  {
    categoryId: Type.String({ minLength: 1, maxLength: 80, description: 'id from GET /api/v1/categories' }),
    description: Type.String({ minLength: 10, maxLength: 5000 }),
    location: Type.Optional(
      Type.Object(
        {
          areaId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'district or tehsil id from GET /api/v1/areas' })),
          latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
          address: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false, dependencies: { latitude: ['longitude'], longitude: ['latitude'] } },
      ),
    ),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 120 })),
          phone: Type.Optional(Type.String({ maxLength: 32, description: 'any country format; Pakistani numbers may omit +92' })),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
          cnic: Type.Optional(Type.String({ maxLength: 20, description: 'national identity card number, e.g. 17301-1234567-1 (stored encrypted)' })),
        },
        { additionalProperties: false },
      ),
    ),
    language: Type.Optional(Language),
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        format: 'time-zone',
        description: "your time zone, an IANA name such as Asia/Dubai (a browser's Intl.DateTimeFormat().resolvedOptions().timeZone), for the times in your messages; default: your phone number's country's, else Pakistan time",
      }),
    ),
    anonymous: Type.Optional(Type.Boolean({ description: 'hide your identity from the office (contact details are still used for updates)' })),
    photos: Type.Optional(Type.Array(PhotoBody, { maxItems: 5 })),
    keepPhotoLocation: Type.Optional(KeepPhotoLocation),
    channel: Type.Optional(Type.Union([Type.Literal('web'), Type.Literal('mobile')])),
    // Values are checked against the category's definitions by the intake, which names each bad one; the schema
    // only bounds the size.
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        maxProperties: 50,
        description:
          "answers to the category's extra fields (its attributes in GET /api/v1/categories), by code: text, a number, a date, a list key, or for multivaluelist a list of keys. Stored encrypted; shown to you and the office, never publicly. In a form: attributes[code]=value, attributes[code][]=key for each key of a multivaluelist",
      }),
    ),
    // The web form's honeypot (see HONEYPOT_FIELD): left out of the published API description, and with no length
    // limit of its own, so that no validation message ever names it.
    officeUse: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ComplaintsCreateBody = Static<typeof ComplaintsCreateBody>;

export const ComplaintsCreateHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' })),
});

/** The answer to a new complaint. Keep the secret: it is needed to add information or give feedback. */
export const ComplaintsCreateResponse = Type.Object({
  code: Type.String(),
  citizenSecret: Type.String({ description: 'capability token for this complaint; send as Authorization: Bearer <secret>' }),
  trackingUrl: Type.String(),
  complaint: Type.Ref('ComplaintPublic'),
});

const Ref = (withLevel = false) =>
  Type.Union([Type.Object({ id: Type.String(), name: Names, ...(withLevel ? { level: Type.String() } : {}) }), Type.Null()]);

/** A complaint as anyone holding its code may see it: no personal data. */
export const ComplaintPublic = Type.Object(
  {
    code: Type.String(),
    state: Type.Union(COMPLAINT_STATES.map((s) => Type.Literal(s))),
    category: Type.Union([Type.Object({ id: Type.String(), serviceCode: Type.String(), name: Names }), Type.Null()]),
    department: Ref(),
    office: Ref(),
    area: Ref(true),
    escalationLevel: Type.Integer(),
    outcome: Type.Union([...OUTCOMES.map((o) => Type.Literal(o)), Type.Null()]),
    submittedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    timeline: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        type: Type.String(),
        at: Type.String({ format: 'date-time' }),
        by: Type.Union([Type.Literal('citizen'), Type.Literal('office'), Type.Literal('system')]),
        details: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
    citizenActions: Type.Array(Type.String(), { description: 'what the citizen may do now (with the secret, or signed in)' }),
    own: Type.Optional(
      Type.Object({
        description: Type.String(),
        address: Type.Union([Type.String(), Type.Null()]),
        latitude: Type.Union([Type.Number(), Type.Null()]),
        longitude: Type.Union([Type.Number(), Type.Null()]),
        anonymous: Type.Boolean(),
        attributes: AttributeAnswers,
        attachments: Type.Array(
          Type.Object({ id: Type.String(), filename: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer(), url: Type.String({ description: 'download with the same Authorization header, or signed in' }) }),
        ),
      }),
    ),
  },
  { $id: 'ComplaintPublic' },
);

export const ComplaintsShowParams = TrackingCodeParams;

/** GET /api/v1/complaints/{code}/attachments/{attachmentId} */
export const ComplaintsAttachmentParams = Type.Object({ code: TrackingCodeParams.properties.code, attachmentId: Type.String({ format: 'uuid' }) });

const Reason = Type.String({ minLength: 1, maxLength: 2000 });

/** POST /api/v1/complaints/{code}/information */
export const ComplaintsInformationBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 5000 }), photos: Type.Optional(Type.Array(PhotoBody, { maxItems: 5 })), keepPhotoLocation: Type.Optional(KeepPhotoLocation) },
  { additionalProperties: false },
);
/** POST /api/v1/complaints/{code}/withdraw */
export const ComplaintsWithdrawBody = Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false });
/** POST /api/v1/complaints/{code}/feedback */
export const ComplaintsFeedbackBody = Type.Object(
  {
    satisfied: Type.Boolean(),
    reason: Type.Optional(Reason),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: '1 (very poor) to 5 (very good)' })),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
/** POST /api/v1/complaints/{code}/contest */
export const ComplaintsContestBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const CitizenAuthHeaders = Type.Object({ authorization: Type.Optional(Type.String({ maxLength: 500, description: 'Bearer <citizen secret>; or leave out and send the citizen session cookie with X-CSRF-Token' })) });
