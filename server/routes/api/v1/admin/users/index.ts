import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { StaffActor } from '../../../../../domain/permissions/jurisdiction.js';
import type { StaffUserRecord } from '../../../../../store/staff-user.repository.js';
import { problemResponses } from '../../common.schema.js';
import { AdminUsersCreateBody, AdminUsersCreateResponse, AdminUsersListQuery, AdminUsersListResponse, AdminUsersParams, AdminUsersUpdateBody } from './schema.js';

const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 409: Type.Ref('Problem') };

/** Staff accounts, for administrators. */
const adminUserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { staffUsers } = app.services;
  app.addHook('preHandler', app.requireStaff(['administrator']));
  const by = (request: { staffSession: { actor: StaffActor } | null }) => request.staffSession!.actor;

  app.get('/admin/users', { schema: { tags: ['administration'], summary: 'List staff accounts', querystring: AdminUsersListQuery, response: { 200: AdminUsersListResponse, ...refusals } } }, async (request) => {
    const users = await staffUsers.list(by(request), { ...request.query, limit: request.query.limit + 1 });
    const page = users.slice(0, request.query.limit);
    return { users: page.map(presentUser), next: users.length > request.query.limit ? (page.at(-1)?.username ?? null) : null };
  });

  app.post('/admin/users', { schema: { tags: ['administration'], summary: 'Create a staff account (with a temporary password)', body: AdminUsersCreateBody, response: { 201: AdminUsersCreateResponse, ...refusals } } }, async (request, reply) => {
    const { user, temporaryPassword } = await staffUsers.create(by(request), { ...request.body, email: request.body.email ?? null });
    reply.header('location', `/api/v1/admin/users/${user.id}`);
    return reply.code(201).send({ user: presentUser(user), temporaryPassword: temporaryPassword ?? '' });
  });

  app.get('/admin/users/:id', { schema: { tags: ['administration'], summary: 'One staff account', params: AdminUsersParams, response: { 200: Type.Ref('AdminUserView'), ...refusals } } }, async (request) =>
    presentUser(await staffUsers.get(by(request), request.params.id)),
  );

  app.patch(
    '/admin/users/:id',
    { schema: { tags: ['administration'], summary: 'Change an account: name, role, offices, scope, disabled (changes of reach end its sessions)', params: AdminUsersParams, body: AdminUsersUpdateBody, response: { 200: Type.Ref('AdminUserView'), ...refusals } } },
    async (request) => presentUser(await staffUsers.update(by(request), request.params.id, request.body)),
  );

  app.post(
    '/admin/users/:id/password-reset',
    { schema: { tags: ['administration'], summary: 'Give the account a temporary password (ends its sessions, lifts any lock)', params: AdminUsersParams, response: { 200: AdminUsersCreateResponse, ...refusals } } },
    async (request) => {
      const temporaryPassword = await staffUsers.resetPassword(by(request), request.params.id);
      return { user: presentUser(await staffUsers.get(by(request), request.params.id)), temporaryPassword };
    },
  );

  app.post('/admin/users/:id/unlock', { schema: { tags: ['administration'], summary: 'Lift a lockout', params: AdminUsersParams, response: { 200: Type.Ref('AdminUserView'), ...refusals } } }, async (request) => {
    await staffUsers.unlock(by(request), request.params.id);
    return presentUser(await staffUsers.get(by(request), request.params.id));
  });

  app.post(
    '/admin/users/:id/second-factor-reset',
    { schema: { tags: ['administration'], summary: 'Remove the second factor (lost phone): enrol again at next sign-in', params: AdminUsersParams, response: { 200: Type.Ref('AdminUserView'), ...refusals } } },
    async (request) => {
      await staffUsers.resetSecondFactor(by(request), request.params.id);
      return presentUser(await staffUsers.get(by(request), request.params.id));
    },
  );

  app.delete(
    '/admin/users/:id/sessions',
    { schema: { tags: ['administration'], summary: 'Sign the account out everywhere', params: AdminUsersParams, response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...refusals } } },
    async (request) => ({ sessionsEnded: await staffUsers.endSessions(by(request), request.params.id) }),
  );
};

/** An account for administrators: never the hash or the second-factor secret. */
export function presentUser(u: StaffUserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    officeIds: u.officeIds,
    scope: u.scope,
    secondFactor: u.totpEnabledAt !== null,
    mustChangePassword: u.mustChangePassword,
    lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
    failedAttempts: u.failedAttempts,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

export default adminUserRoutes;
