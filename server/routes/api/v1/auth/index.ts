import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { clientInfo } from '../../../../plugins/staff-auth.plugin.js';
import type { StaffSession } from '../../../../services/staff-auth.service.js';
import { problemResponses } from '../common.schema.js';
import { AuthCodeBody, AuthEnrolmentView, AuthPasswordBody, AuthSignInBody, AuthSignOutEverywhereView } from './schema.js';
import { presentSession } from './presenter.js';

const ANY_STAGE = ['second_factor', 'enrol_second_factor', 'change_password', 'active'] as const;
const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 429: Type.Ref('Problem') };

/** Staff sign-in, its second factor, password changes and sign-out. */
const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { staffAuth } = app.services;
  const answer = (reply: FastifyReply, session: StaffSession) => {
    app.setSessionCookie(reply, session);
    return presentSession(session);
  };

  app.post(
    '/auth/sign-in',
    { config: { csrf: false }, schema: { tags: ['staff'], summary: 'Sign in with user name and password (then a second factor if the account has one)', body: AuthSignInBody, response: { 200: Type.Ref('AuthSessionView'), ...refusals } } },
    async (request, reply) => {
      const previous = request.staffSession?.token ?? null;
      return answer(reply, await staffAuth.signIn(request.body.username, request.body.password, clientInfo(request), previous));
    },
  );

  app.get(
    '/auth/session',
    { preHandler: app.requireStaff(undefined, ANY_STAGE), schema: { tags: ['staff'], summary: 'Your session: who you are, what is left of signing in, your CSRF token', response: { 200: Type.Ref('AuthSessionView'), ...refusals } } },
    async (request) => presentSession(request.staffSession!),
  );

  app.post(
    '/auth/second-factor',
    { preHandler: app.requireStaff(undefined, ['second_factor']), schema: { tags: ['staff'], summary: 'Enter the code from your authenticator app', body: AuthCodeBody, response: { 200: Type.Ref('AuthSessionView'), ...refusals } } },
    async (request, reply) => answer(reply, await staffAuth.verifySecondFactor(request.staffSession!, request.body.code.trim(), clientInfo(request))),
  );

  app.post(
    '/auth/second-factor/enrolment',
    { preHandler: app.requireStaff(undefined, ['enrol_second_factor', 'active']), schema: { tags: ['staff'], summary: 'Start setting up an authenticator app', response: { 200: AuthEnrolmentView, ...refusals } } },
    async (request) => staffAuth.beginEnrolment(request.staffSession!),
  );

  app.post(
    '/auth/second-factor/enrolment/confirm',
    { preHandler: app.requireStaff(undefined, ['enrol_second_factor', 'active']), schema: { tags: ['staff'], summary: 'Finish setting up the app with its first code', body: AuthCodeBody, response: { 200: Type.Ref('AuthSessionView'), ...refusals } } },
    async (request, reply) => answer(reply, await staffAuth.confirmEnrolment(request.staffSession!, request.body.code.trim(), clientInfo(request))),
  );

  app.post(
    '/auth/password',
    { preHandler: app.requireStaff(undefined, ['change_password', 'active']), schema: { tags: ['staff'], summary: 'Change your password (ends your other sessions)', body: AuthPasswordBody, response: { 200: Type.Ref('AuthSessionView'), ...refusals } } },
    async (request, reply) => answer(reply, await staffAuth.changePassword(request.staffSession!, request.body.currentPassword, request.body.newPassword, clientInfo(request))),
  );

  app.delete(
    '/auth/session',
    { preHandler: app.requireStaff(undefined, ANY_STAGE), schema: { tags: ['staff'], summary: 'Sign out', response: { 204: Type.Null(), ...refusals } } },
    async (request, reply) => {
      await staffAuth.signOut(request.staffSession!, clientInfo(request));
      app.setSessionCookie(reply, null);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    { preHandler: app.requireStaff(undefined, ANY_STAGE), schema: { tags: ['staff'], summary: 'Sign out on every device', response: { 200: AuthSignOutEverywhereView, ...refusals } } },
    async (request, reply) => {
      const sessionsEnded = await staffAuth.signOutEverywhere(request.staffSession!, clientInfo(request));
      app.setSessionCookie(reply, null);
      return { sessionsEnded };
    },
  );
};

export default authRoutes;
