import { Type, type Static } from 'typebox';

const Role = Type.Union(['intake_agent', 'officer', 'head_of_office', 'department_monitor', 'provincial_monitor', 'analyst', 'administrator'].map((r) => Type.Literal(r)));

/** A staff member's own view of their session. */
export const AuthSessionView = Type.Object(
  {
    stage: Type.Union([Type.Literal('second_factor'), Type.Literal('enrol_second_factor'), Type.Literal('change_password'), Type.Literal('active')], {
      description: 'what is still to do: active means fully signed in',
    }),
    csrfToken: Type.String({ description: 'send as X-CSRF-Token with every change (POST, PATCH, DELETE) made with this session' }),
    expiresAt: Type.String({ format: 'date-time', description: 'the session ends at this time at the latest' }),
    user: Type.Object({
      id: Type.String(),
      username: Type.String(),
      displayName: Type.String(),
      role: Role,
      officeIds: Type.Array(Type.String()),
      scope: Type.Array(Type.Object({ departmentId: Type.Union([Type.String(), Type.Null()]), areaId: Type.String() })),
      secondFactor: Type.Boolean(),
    }),
  },
  { $id: 'AuthSessionView' },
);

/** POST /auth/sign-in */
export const AuthSignInBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type AuthSignInBody = Static<typeof AuthSignInBody>;

/** A six-digit code from the authenticator app. */
export const AuthCodeBody = Type.Object({ code: Type.String({ pattern: '^\\s*\\d{6}\\s*$', description: 'six digits' }) }, { additionalProperties: false });

/** POST /auth/second-factor/enrolment: what the authenticator app needs. */
export const AuthEnrolmentView = Type.Object({
  secret: Type.String({ description: 'base32 secret, for typing into the app' }),
  uri: Type.String({ description: 'otpauth:// URI, for a QR code' }),
});

/** POST /auth/password */
export const AuthPasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

/** POST /auth/sign-out-everywhere */
export const AuthSignOutEverywhereView = Type.Object({ sessionsEnded: Type.Integer() });
