import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest, FastifySchema } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { HONEYPOT_FIELD } from '../../../../services/complaint-intake.service.js';
import { bearerToken } from '../../../../plugins/citizen-auth.plugin.js';
import type { CitizenAction } from '../../../../services/complaint.service.js';
import { problemResponses } from '../common.schema.js';
import { readMultipartBody } from './multipart.js';
import { presentComplaint } from './presenter.js';
import {
  CitizenAuthHeaders,
  ComplaintsAttachmentParams,
  ComplaintsContestBody,
  ComplaintsCreateBody,
  ComplaintsCreateHeaders,
  ComplaintsCreateResponse,
  ComplaintsFeedbackBody,
  ComplaintsInformationBody,
  ComplaintsShowParams,
  ComplaintsWithdrawBody,
} from './schema.js';

/** Complaint intake, public tracking, and the citizen's own actions (authorised by the complaint's secret or a citizen sign-in). */
const complaintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A multipart submission becomes the JSON body's shape before validation, so one schema covers both.
  const multipartBody = async (request: FastifyRequest) => {
    if (request.isMultipart()) request.body = await readMultipartBody(request, app.limits.attachmentMaxBytes);
  };

  app.post(
    '/complaints',
    {
      // A large body (photos) is counted against its network before it is read, so a flood of them is refused
      // unread; a small one is counted with its citizen once valid, in one round trip (the common case).
      onRequest: async (request) => {
        if (countsBeforeBody(request)) await app.services.abuse.checkNetwork(request.ip);
      },
      preValidation: multipartBody,
      config: { swaggerTransform: ({ schema, url }) => ({ schema: withoutHoneypot(schema), url }) },
      schema: {
        consumes: ['application/json', 'multipart/form-data'],
        tags: ['complaints'],
        summary: 'File a complaint',
        headers: ComplaintsCreateHeaders,
        body: ComplaintsCreateBody,
        response: { 201: ComplaintsCreateResponse, ...problemResponses, 413: Type.Ref('Problem'), 415: Type.Ref('Problem'), 429: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const result = await app.services.intake.submit(request.body, request.headers['idempotency-key'] ?? null, new Date(), countsBeforeBody(request) ? null : request.ip);
      const view = result.view ?? (await app.services.complaints.view(result.code, null));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      reply.header('location', `/api/v1/complaints/${result.code}`);
      return reply.code(201).send({ code: result.code, citizenSecret: result.citizenSecret, trackingUrl: `/api/v1/complaints/${result.code}`, complaint: presentComplaint(view) });
    },
  );

  app.get(
    '/complaints/:code',
    {
      schema: {
        tags: ['complaints'],
        summary: 'Track a complaint by its code (with the secret, also see your own text)',
        params: ComplaintsShowParams,
        headers: CitizenAuthHeaders,
        response: { 200: Type.Ref('ComplaintPublic'), ...problemResponses, 403: Type.Ref('Problem') },
      },
    },
    // The public view stays public for a signed-in citizen too; their own view is GET /citizen/complaints/{code}.
    async (request) => presentComplaint(await app.services.complaints.view(request.params.code, bearerToken(request.headers.authorization))),
  );

  app.get(
    '/complaints/:code/attachments/:attachmentId',
    {
      schema: {
        tags: ['complaints'],
        summary: 'Download a photo of your complaint (with the secret, or signed in)',
        params: ComplaintsAttachmentParams,
        headers: CitizenAuthHeaders,
        response: { 200: Type.Any({ description: 'the image bytes' }), ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const { meta, data } = await app.services.complaints.attachment(request.params.code, await app.citizenProof(request), request.params.attachmentId);
      // Served as the type its bytes were checked to be, never sniffed, never cached by shared caches.
      return reply
        .type(meta.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `inline; filename="${meta.filename.replace(/[^\w.-]+/g, '_')}"`)
        .send(data);
    },
  );

  const actionSchema = <B extends TSchema>(summary: string, body: B) => ({
    tags: ['complaints'],
    summary,
    params: ComplaintsShowParams,
    headers: CitizenAuthHeaders,
    body,
    response: { 200: Type.Ref('ComplaintPublic'), ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 409: Type.Ref('Problem'), 413: Type.Ref('Problem'), 415: Type.Ref('Problem') },
  });
  // Either the complaint's secret or a citizen session whose verified contact filed it (with its CSRF token).
  const act = async (request: FastifyRequest, code: string, action: CitizenAction) => presentComplaint(await app.services.complaints.act(code, await app.citizenProof(request), action));

  app.post('/complaints/:code/information', { preValidation: multipartBody, schema: actionSchema('Add information (answers a request for information)', ComplaintsInformationBody) }, (request) =>
    act(request, request.params.code, { type: 'provide_information', ...request.body }),
  );
  app.post('/complaints/:code/withdraw', { schema: actionSchema('Withdraw the complaint', ComplaintsWithdrawBody) }, (request) =>
    act(request, request.params.code, { type: 'withdraw', ...request.body }),
  );
  app.post(
    '/complaints/:code/feedback',
    { schema: actionSchema('Say whether you are satisfied with the resolution (not satisfied reopens it one level up)', ComplaintsFeedbackBody) },
    (request) => act(request, request.params.code, { type: 'feedback', ...request.body }),
  );
  app.post('/complaints/:code/contest', { schema: actionSchema('Contest a rejection (reopens it one level up)', ComplaintsContestBody) }, (request) =>
    act(request, request.params.code, { type: 'contest', ...request.body }),
  );
};

// Bodies up to this size are read before their network is counted: a complaint without photos is a few KB.
const COUNT_AFTER_BODY_MAX_BYTES = 64 * 1024;

function countsBeforeBody(request: FastifyRequest): boolean {
  const length = Number(request.headers['content-length']);
  return request.isMultipart() || !(length <= COUNT_AFTER_BODY_MAX_BYTES);
}

// The published description leaves the honeypot out: people read it, bots need not be told which field it is.
function withoutHoneypot(schema: FastifySchema): FastifySchema {
  const body = schema.body as { properties?: Record<string, unknown> } | undefined;
  if (!body?.properties || !(HONEYPOT_FIELD in body.properties)) return schema;
  const { [HONEYPOT_FIELD]: _hidden, ...properties } = body.properties;
  return { ...schema, body: { ...body, properties } };
}

export default complaintRoutes;
