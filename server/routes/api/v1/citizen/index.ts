import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo } from '../../../../plugins/staff-auth.plugin.js';
import { problemResponses } from '../common.schema.js';
import { presentCitizenSession, presentProfile } from './presenter.js';
import { CitizenCodeRequestBody, CitizenCodeSentView, CitizenProfileBody, CitizenSignInBody } from './schema.js';

const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 429: Type.Ref('Problem'), 503: Type.Ref('Problem') };
// The staff session plays no part in these routes, so the staff plugin's CSRF check is off here (csrf: false);
// the citizen session's own check runs in requireCitizen().
const citizenRoute = { csrf: false };

/** Citizen sign-in by one-time code, the session, and the citizen's profile. */
const citizenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { citizenAuth, citizenAccounts } = app.services;

  app.post(
    '/citizen/sign-in/code',
    {
      config: citizenRoute,
      preHandler: app.refuseCrossSite,
      schema: {
        tags: ['citizens'],
        summary: 'Send a six-digit sign-in code to a phone number (SMS or WhatsApp) or an e-mail address',
        body: CitizenCodeRequestBody,
        response: { 202: CitizenCodeSentView, ...refusals },
      },
    },
    async (request, reply) => {
      const sent = await citizenAuth.requestCode(request.body, clientInfo(request));
      return reply.code(202).send({ channel: sent.channel, sentTo: sent.sentTo, expiresAt: sent.expiresAt.toISOString() });
    },
  );

  app.post(
    '/citizen/sign-in',
    {
      config: citizenRoute,
      preHandler: app.refuseCrossSite,
      schema: { tags: ['citizens'], summary: 'Sign in with the code received', body: CitizenSignInBody, response: { 200: Type.Ref('CitizenSessionView'), ...refusals } },
    },
    async (request, reply) => {
      const session = await citizenAuth.signIn(request.body, clientInfo(request), app.citizenToken(request));
      app.setCitizenCookie(reply, session);
      return presentCitizenSession(session);
    },
  );

  app.get(
    '/citizen/session',
    { preHandler: app.requireCitizen(), schema: { tags: ['citizens'], summary: 'Your session: your verified contact, profile and CSRF token', response: { 200: Type.Ref('CitizenSessionView'), ...refusals } } },
    async (request) => presentCitizenSession(request.citizenSession!),
  );

  app.delete(
    '/citizen/session',
    { config: citizenRoute, preHandler: app.requireCitizen(), schema: { tags: ['citizens'], summary: 'Sign out', response: { 204: Type.Null(), ...refusals } } },
    async (request, reply) => {
      await citizenAuth.signOut(request.citizenSession!, clientInfo(request));
      app.setCitizenCookie(reply, null);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/citizen/profile',
    { preHandler: app.requireCitizen(), schema: { tags: ['citizens'], summary: 'Your profile', response: { 200: Type.Ref('CitizenProfileView'), ...refusals } } },
    async (request) => presentProfile(request.citizenSession!.account),
  );

  app.patch(
    '/citizen/profile',
    {
      config: citizenRoute,
      preHandler: app.requireCitizen(),
      schema: { tags: ['citizens'], summary: 'Change your name, preferred language or CNIC/NICOP number', body: CitizenProfileBody, response: { 200: Type.Ref('CitizenProfileView'), ...refusals } },
    },
    async (request) => presentProfile(await citizenAccounts.updateProfile(request.citizenSession!, request.body)),
  );
};

export default citizenRoutes;
