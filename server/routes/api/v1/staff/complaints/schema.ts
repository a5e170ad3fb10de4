import { Type, type Static } from 'typebox';
import { COMPLAINT_STATES, OUTCOMES } from '../../../../../domain/lifecycle/index.js';
import { AttributeAnswers, Names } from '../../common.schema.js';
import { PhotoBody } from '../../complaints/schema.js';

const Text = (description: string, max = 5000) => Type.String({ minLength: 1, maxLength: max, description });
const Named = Type.Union([Type.Object({ id: Type.String(), name: Names }), Type.Null()]);
const Urgency = Type.Union([Type.Object({ label: Type.String(), confidence: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]) }), Type.Null()], {
  description: "the urgency model's guess at intake: the organisation's own label (shown as is) and the model's confidence 0..1; null when no urgency model was active. See docs/AI.md",
});

/** :code of a complaint. */
export const StaffComplaintParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });

/** :code and :attachmentId. */
export const StaffAttachmentParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }), attachmentId: Type.String({ maxLength: 64 }) });

/** If-Match: the version (event count) the staff member last saw; the action is refused with 409 if it moved on. */
export const StaffActionHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ pattern: '^\\s*(W/)?"?\\d{1,9}"?\\s*$', description: 'the ETag of GET /staff/complaints/{code}, e.g. "7"' })) });

/** GET /staff/complaints */
export const StaffQueueQuery = Type.Object(
  {
    state: Type.Optional(Type.Array(Type.Union(COMPLAINT_STATES.map((s) => Type.Literal(s))), { maxItems: 11, description: 'default: every open state' })),
    officeId: Type.Optional(Type.String({ maxLength: 200 })),
    assignee: Type.Optional(Type.Union([Type.Literal('me'), Type.Literal('unassigned')])),
    overdue: Type.Optional(Type.Boolean()),
    escalationLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, description: 'at least this escalation level' })),
    categoryId: Type.Optional(Type.String({ maxLength: 80 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    after: Type.Optional(Type.String({ maxLength: 200, description: 'the `next` of the previous page' })),
  },
  { additionalProperties: false },
);
export type StaffQueueQuery = Static<typeof StaffQueueQuery>;

const QueueItem = Type.Object({
  code: Type.String(),
  state: Type.String(),
  category: Named,
  office: Named,
  area: Named,
  escalationLevel: Type.Integer(),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  overdue: Type.Boolean(),
  breachRisk: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: 'probability (0..1) that the current SLA clock runs out before the office is done (1 once overdue); null where no office clock runs (submitted, resolved, closed). See docs/AI.md',
  }),
  assignedOfficerId: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  excerpt: Type.String(),
  submittedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
  moderation: Type.Union([Type.Literal('pending'), Type.Literal('upheld'), Type.Null()], {
    description: "the abuse screen's flag while it marks the complaint: 'pending' (waiting for a moderator) or 'upheld'; null when there is none or it was cleared",
  }),
  urgency: Urgency,
});

/** A page of a staff queue. */
export const StaffQueueResponse = Type.Object({ items: Type.Array(QueueItem), next: Type.Union([Type.String(), Type.Null()]) });

/** A complaint as staff see it. */
export const StaffComplaintView = Type.Object(
  {
    code: Type.String(),
    version: Type.Integer({ description: 'send back as If-Match with an action' }),
    state: Type.String(),
    category: Named,
    department: Named,
    office: Named,
    area: Named,
    escalationLevel: Type.Integer(),
    outcome: Type.Union([Type.String(), Type.Null()]),
    channel: Type.String(),
    language: Type.String(),
    description: Type.String(),
    address: Type.Union([Type.String(), Type.Null()]),
    latitude: Type.Union([Type.Number(), Type.Null()]),
    longitude: Type.Union([Type.Number(), Type.Null()]),
    anonymous: Type.Boolean(),
    attributes: AttributeAnswers,
    assignedOfficerId: Type.Union([Type.String(), Type.Null()]),
    masterCode: Type.Union([Type.String(), Type.Null()]),
    submittedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    slaPaused: Type.Boolean(),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    feedbackRating: Type.Union([Type.Integer(), Type.Null()]),
    moderation: Type.Object(
      { status: Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('cleared'), Type.Literal('upheld')]), reasons: Type.Array(Type.String()) },
      { description: "the abuse screen's flag at intake: 'pending' until a moderator clears or upholds it (see /api/v1/staff/moderation)" },
    ),
    urgency: Urgency,
    timeline: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        type: Type.String(),
        at: Type.String({ format: 'date-time' }),
        visibility: Type.String(),
        actorRole: Type.String(),
        actorId: Type.Union([Type.String(), Type.Null()]),
        details: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
    attachments: Type.Array(Type.Object({ id: Type.String(), filename: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer(), eventSeq: Type.Union([Type.Integer(), Type.Null()]), url: Type.String() })),
    actions: Type.Array(Type.String(), { description: 'what you may do now (the web app shows only these)' }),
  },
  { $id: 'StaffComplaintView' },
);

/** Bodies of the actions. */
export const AssignBody = Type.Object({ officerId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export const QuestionBody = Type.Object({ question: Text('what the citizen should tell or show you', 2000) }, { additionalProperties: false });
export const NoteBody = Type.Object({ text: Text('the note, seen only by staff') }, { additionalProperties: false });
export const UpdateBody = Type.Object({ text: Text('the update, shown to the citizen and on the public timeline'), photos: Type.Optional(Type.Array(PhotoBody, { maxItems: 5 })) }, { additionalProperties: false });
const CategoryId = (description: string) => Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9-]+$', description });
export const TransferBody = Type.Object(
  {
    toOfficeId: Type.String({ minLength: 1, maxLength: 200 }),
    reason: Text('why the other office should handle it', 2000),
    categoryId: Type.Optional(CategoryId("the complaint's right category, one of the receiving office's department (moving it to another department's category is done this way); kept as a routing example")),
  },
  { additionalProperties: false },
);
export const RecategoriseBody = Type.Object({ categoryId: CategoryId('a category of the same department (another department\'s: transfer with categoryId)'), reason: Text('why this category is the right one', 2000) }, { additionalProperties: false });
export const OfficeBody = Type.Object({ officeId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export const ResolveBody = Type.Object(
  {
    outcome: Type.Union(OUTCOMES.map((o) => Type.Literal(o))),
    reason: Type.Optional(Text('what was done, or why no relief is possible (required for no_relief)', 2000)),
    photos: Type.Optional(Type.Array(PhotoBody, { maxItems: 5, description: 'evidence of the work' })),
  },
  { additionalProperties: false },
);
export const ReasonBody = Type.Object({ reason: Text('the reason', 2000) }, { additionalProperties: false });
export const MergeBody = Type.Object({ masterCode: Type.String({ minLength: 1, maxLength: 40, description: 'the complaint this one duplicates' }) }, { additionalProperties: false });

/** POST /staff/complaints/bulk/assign and /bulk/transfer */
const Codes = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 500 });
export const BulkAssignBody = Type.Object({ codes: Codes, officerId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export const BulkTransferBody = Type.Object({ codes: Codes, toOfficeId: Type.String({ minLength: 1, maxLength: 200 }), reason: Text('why', 2000) }, { additionalProperties: false });
export const BulkResponse = Type.Object({ results: Type.Array(Type.Object({ code: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) })) });

/** GET /staff/offices/:officeId/officers */
export const OfficersParams = Type.Object({ officeId: Type.String({ minLength: 1, maxLength: 200 }) });
export const OfficersResponse = Type.Object({ officers: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), role: Type.String() })) });

/** GET /staff/offices: the offices a complaint can be transferred to or placed with (names are public). */
export const OfficesQuery = Type.Object(
  {
    departmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'only this department’s offices' })),
    areaId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'only offices in this area or under it' })),
  },
  { additionalProperties: false },
);
export const OfficesResponse = Type.Object({
  offices: Type.Array(Type.Object({ id: Type.String(), name: Names, department: Named, area: Named })),
});

/** POST /staff/complaints/:code/contact */
export const ContactBody = Type.Object(
  {
    purpose: Type.String({ minLength: 1, maxLength: 500, description: 'why you need them, e.g. "to arrange a site visit"' }),
    fields: Type.Optional(Type.Array(Type.Union(['name', 'phone', 'email', 'cnic', 'address'].map((f) => Type.Literal(f))), { minItems: 1, maxItems: 5 })),
  },
  { additionalProperties: false },
);
export const ContactResponse = Type.Object({
  code: Type.String(),
  citizenId: Type.Union([Type.String(), Type.Null()]),
  contact: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  anonymisedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** GET /staff/complaints/{code}/duplicates: open complaints that may be the same problem (the merge candidates). */
export const PossibleDuplicatesResponse = Type.Object({
  duplicates: Type.Array(
    Type.Object({
      code: Type.String(),
      state: Type.String(),
      areaId: Type.Union([Type.String(), Type.Null()]),
      submittedAt: Type.String({ format: 'date-time' }),
      likeness: Type.Number({ minimum: 0, maximum: 1, description: 'the duplicate score: text likeness × nearness × closeness in time' }),
      distanceKm: Type.Union([Type.Number(), Type.Null()]),
      followers: Type.Integer(),
      description: Type.String(),
    }),
  ),
});
