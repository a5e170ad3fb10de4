import { Type, type Static } from 'typebox';

const Role = Type.Union(['intake_agent', 'officer', 'head_of_office', 'department_monitor', 'provincial_monitor', 'analyst', 'administrator'].map((r) => Type.Literal(r)));
const Scope = Type.Array(
  Type.Object({ departmentId: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'null: every department' }), areaId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  { maxItems: 200 },
);
const OfficeIds = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200 });

/** A staff account as administrators see it (no password hash, no second-factor secret). */
export const AdminUserView = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    role: Role,
    officeIds: Type.Array(Type.String()),
    scope: Type.Array(Type.Object({ departmentId: Type.Union([Type.String(), Type.Null()]), areaId: Type.String() })),
    secondFactor: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    failedAttempts: Type.Integer(),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'AdminUserView' },
);

/** POST /admin/users */
export const AdminUsersCreateBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
    role: Role,
    officeIds: Type.Optional(OfficeIds),
    scope: Type.Optional(Scope),
  },
  { additionalProperties: false },
);
export type AdminUsersCreateBody = Static<typeof AdminUsersCreateBody>;

/** 201 of POST /admin/users and 200 of a password reset: the temporary password, shown this once. */
export const AdminUsersCreateResponse = Type.Object({ user: Type.Ref('AdminUserView'), temporaryPassword: Type.String({ description: 'hand it over in person or by phone; it must be changed at first sign-in' }) });

/** PATCH /admin/users/:id */
export const AdminUsersUpdateBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
    role: Type.Optional(Role),
    officeIds: Type.Optional(OfficeIds),
    scope: Type.Optional(Scope),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** GET /admin/users */
export const AdminUsersListQuery = Type.Object(
  {
    role: Type.Optional(Role),
    officeId: Type.Optional(Type.String({ maxLength: 200 })),
    after: Type.Optional(Type.String({ maxLength: 64, description: 'the last user name of the previous page' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);

/** A page of accounts. */
export const AdminUsersListResponse = Type.Object({ users: Type.Array(Type.Ref('AdminUserView')), next: Type.Union([Type.String(), Type.Null()]) });

/** :id of an account. */
export const AdminUsersParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
