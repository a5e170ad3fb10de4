import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StaffActor } from '../../../../../domain/permissions/jurisdiction.js';
import type { AbuseExemptionRecord, AbuseFlagRecord } from '../../../../../store/abuse.repository.js';
import { problemResponses } from '../../common.schema.js';

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Expiry = Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when the exemption lapses; none: until revoked' }));
const Flag = Type.Object({
  id: Type.String(),
  keyKind: Type.String(),
  citizenId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  cap: Type.Integer(),
  refusedCount: Type.Integer(),
  firstRefusedAt: Type.String({ format: 'date-time' }),
  lastRefusedAt: Type.String({ format: 'date-time' }),
  status: Type.String(),
  reviewedBy: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reviewNote: Type.Union([Type.String(), Type.Null()]),
  recentComplaintCodes: Type.Array(Type.String()),
});
const Exemption = Type.Object({
  id: Type.String(),
  keyKind: Type.String(),
  citizenId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  grantedBy: Type.String(),
  grantedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const HeldMail = Type.Object({
  id: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
  outcome: Type.Union([Type.String(), Type.Null()]),
  senderRef: Type.Union([Type.String(), Type.Null()], { description: 'the same for every mail of one sender (no address)' }),
  heldFromSender: Type.Integer({ description: 'mails of that sender held now' }),
});
const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') };

/**
 * Review of habitual complainants (the daily cap's flags) for the provincial monitoring cell and administrators:
 * clear a flag, or exempt the citizen (a community representative who files for many); and the e-mails held as a
 * mail bomb, to release or discard. No contact details here.
 */
const abuseReviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { abuse, emailInbound } = app.services;
  app.addHook('preHandler', app.requireStaff(['provincial_monitor', 'administrator']));
  const actor = (request: FastifyRequest): StaffActor => request.staffSession!.actor;
  const expiry = (text: string | null | undefined) => (text ? new Date(text) : null);

  app.get(
    '/staff/abuse/flags',
    {
      schema: {
        tags: ['staff'],
        summary: 'Citizens refused at the daily cap, for review',
        querystring: Type.Object({ status: Type.Union([Type.Literal('open'), Type.Literal('cleared'), Type.Literal('exempted'), Type.Literal('all')], { default: 'open' }), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ flags: Type.Array(Flag) }), ...refusals },
      },
    },
    async (request) => ({ flags: (await abuse.listFlags(actor(request), request.query)).map(presentFlag) }),
  );
  app.post(
    '/staff/abuse/flags/:id/clear',
    { schema: { tags: ['staff'], summary: 'Clear a flag (nothing wrong)', params: Id, body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }), response: { 204: Type.Null(), ...refusals } } },
    async (request, reply) => {
      await abuse.clearFlag(actor(request), request.params.id, request.body.note ?? '');
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/staff/abuse/flags/:id/exemption',
    { schema: { tags: ['staff'], summary: 'Exempt the flagged citizen from the daily cap', params: Id, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }), expiresAt: Expiry }, { additionalProperties: false }), response: { 201: Exemption, ...refusals } } },
    async (request, reply) => reply.code(201).send(presentExemption(await abuse.exemptFlag(actor(request), request.params.id, request.body.reason, expiry(request.body.expiresAt)))),
  );
  app.get('/staff/abuse/exemptions', { schema: { tags: ['staff'], summary: 'Exemptions in force', response: { 200: Type.Object({ exemptions: Type.Array(Exemption) }), ...refusals } } }, async (request) => ({
    exemptions: (await abuse.listExemptions(actor(request))).map(presentExemption),
  }));
  app.post(
    '/staff/abuse/exemptions',
    {
      schema: {
        tags: ['staff'],
        summary: 'Exempt a citizen by phone or e-mail before they are ever refused',
        body: Type.Object({ phone: Type.Optional(Type.String({ maxLength: 32 })), email: Type.Optional(Type.String({ maxLength: 254 })), reason: Type.String({ minLength: 1, maxLength: 1000 }), expiresAt: Expiry }, { additionalProperties: false }),
        response: { 201: Type.Object({ exemptions: Type.Array(Exemption) }), ...refusals },
      },
    },
    async (request, reply) => {
      const { reason, expiresAt, ...contact } = request.body;
      return reply.code(201).send({ exemptions: (await abuse.exemptContact(actor(request), contact, reason, expiry(expiresAt))).map(presentExemption) });
    },
  );
  app.get(
    '/staff/abuse/held-mail',
    {
      schema: {
        tags: ['staff'],
        summary: 'E-mails held for review (a sender over the per-sender limit, or over the citizen limits), oldest first',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ mails: Type.Array(HeldMail) }), ...refusals },
      },
    },
    async (request) => ({ mails: (await emailInbound.listHeld(actor(request), request.query.limit)).map((m) => ({ ...m, receivedAt: m.receivedAt.toISOString() })) }),
  );
  app.post(
    '/staff/abuse/held-mail/:id/release',
    { schema: { tags: ['staff'], summary: 'Release a held e-mail: it is handled now (filed or added) without the limits', params: Id, response: { 204: Type.Null(), ...refusals } } },
    async (request, reply) => {
      await emailInbound.release(actor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/staff/abuse/held-mail/:id/discard',
    { schema: { tags: ['staff'], summary: 'Discard a held e-mail: kept, never filed', params: Id, response: { 204: Type.Null(), ...refusals } } },
    async (request, reply) => {
      await emailInbound.discard(actor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.delete('/staff/abuse/exemptions/:id', { schema: { tags: ['staff'], summary: 'Revoke an exemption', params: Id, response: { 204: Type.Null(), ...refusals } } }, async (request, reply) => {
    await abuse.revokeExemption(actor(request), request.params.id);
    return reply.code(204).send(null);
  });
};

function presentFlag(f: AbuseFlagRecord) {
  return { ...f, firstRefusedAt: f.firstRefusedAt.toISOString(), lastRefusedAt: f.lastRefusedAt.toISOString(), reviewedAt: f.reviewedAt?.toISOString() ?? null };
}

function presentExemption(e: AbuseExemptionRecord) {
  return { ...e, grantedAt: e.grantedAt.toISOString(), expiresAt: e.expiresAt?.toISOString() ?? null };
}

export default abuseReviewRoutes;
