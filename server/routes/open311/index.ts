import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { splitFormat, type Open311Format } from '../../domain/open311/open311-request.js';
import { AppError, RetryLaterError } from '../../errors.js';
import type { Open311Fields } from '../../services/open311.service.js';
import { sendList, sendObject } from './format.js';
import { presentRequest, presentService, presentServiceDefinition, presentUpdate } from './presenter.js';

const FORMATS: Open311Format[] = ['json', 'xml'];
// A service request form is a few short fields; anything much larger is not one.
const FORM_BODY_LIMIT = 64 * 1024;

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) with mySociety's servicerequestupdates, under
 * /open311/v2: services are our categories, service requests our complaints (filed with channel open311). Answers
 * and errors are in the spec's own shapes, JSON or XML by the path's suffix, not problem+json.
 */
export default async function open311Routes(app: FastifyInstance, options: { publicUrl: string }) {
  const base = `${options.publicUrl}/open311/v2`;
  // GeoReport v2 clients POST forms; a repeated field becomes an array, which the parser then refuses by name.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    const fields: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      const earlier = fields[key];
      fields[key] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
    }
    done(null, fields);
  });
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => sendError(new AppError(404, 'not_found', 'Not found', `There is nothing at ${request.url.split('?')[0]?.slice(0, 200)}.`), request, reply));
  const fields = (value: unknown): Open311Fields => (value && typeof value === 'object' ? (value as Open311Fields) : {});

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, { schema: { hide: true } }, (_request, reply) => sendObject(reply, format, 'discovery', discovery(base, format)));
    app.get(`/services.${format}`, { schema: { hide: true } }, async (_request, reply) => {
      const { categories, ref } = await app.services.open311.services();
      return sendList(reply, format, 'services', 'service', categories.map((c) => presentService(c, ref)));
    });
    app.post(`/requests.${format}`, { schema: { hide: true }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const { code, token } = await app.services.open311.submit(fields(request.body), request.ip);
      const notice = `Filed as complaint ${code}; track it at ${options.publicUrl}/api/v1/complaints/${code}`;
      return sendList(reply, format, 'service_requests', 'request', [{ service_request_id: code, token, service_notice: notice, account_id: null }]);
    });
    app.get(`/requests.${format}`, { schema: { hide: true } }, async (request, reply) => {
      const { rows, ref } = await app.services.open311.requests(fields(request.query));
      return sendList(reply, format, 'service_requests', 'request', rows.map((r) => presentRequest(r, ref)));
    });
    app.get(`/servicerequestupdates.${format}`, { schema: { hide: true } }, async (request, reply) => {
      const updates = await app.services.open311.updates(fields(request.query));
      return sendList(reply, format, 'service_request_updates', 'request_update', updates.map(presentUpdate));
    });
  }
  app.get<{ Params: { file: string } }>('/services/:file', { schema: { hide: true } }, async (request, reply) => {
    const { name, format } = suffixed(request.params.file);
    return sendObject(reply, format, 'service_definition', presentServiceDefinition(await app.services.open311.service(name), format));
  });
  // Intake is synchronous, so a POST's answer has the id already; its token is for clients written to the spec's
  // asynchronous form, and gives the same id back.
  app.get<{ Params: { file: string } }>('/tokens/:file', { schema: { hide: true } }, async (request, reply) => {
    const { name, format } = suffixed(request.params.file);
    const { code, token } = await app.services.open311.token(name);
    return sendList(reply, format, 'service_requests', 'request', [{ service_request_id: code, token }]);
  });
  app.get<{ Params: { file: string } }>('/requests/:file', { schema: { hide: true } }, async (request, reply) => {
    const { name, format } = suffixed(request.params.file);
    const { rows, ref } = await app.services.open311.request(name);
    return sendList(reply, format, 'service_requests', 'request', rows.map((r) => presentRequest(r, ref)));
  });
}

// XML names each list's items (<endpoints><endpoint>, <formats><format>); JSON has plain arrays.
function discovery(base: string, format: Open311Format) {
  const formats = ['application/json', 'text/xml'];
  const endpoint = { specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-01-01T00:00:00Z', type: 'production', formats: format === 'xml' ? { format: formats } : formats };
  return {
    changeset: '2026-01-01T00:00:00Z',
    contact: 'Ekhtyar, Government of Khyber Pakhtunkhwa',
    key_service: 'API keys for POST requests are issued by the administrators (ekhtyar open311 key add)',
    endpoints: format === 'xml' ? { endpoint: [endpoint] } : [endpoint],
  };
}

function suffixed(file: string): { name: string; format: Open311Format } {
  const split = splitFormat(file);
  if (!split) throw new AppError(404, 'not_found', 'Not found', 'Paths end in .json or .xml.');
  return split;
}

function formatOf(request: FastifyRequest): Open311Format {
  return (request.url.split('?')[0] ?? '').toLowerCase().endsWith('.xml') ? 'xml' : 'json';
}

// Every error in the spec's array format: one entry per bad field, each naming it; 5xx logged, never detailed.
function sendError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  let status: number;
  let descriptions: string[];
  if (error instanceof AppError) {
    status = error.status === 422 ? 400 : error.status;
    descriptions = error.errors.length > 0 ? error.errors.slice(0, 50).map((e) => `${e.pointer.replace(/^\/(query\/|params\/)?/, '')}: ${e.detail}`) : [error.message];
    if (error instanceof RetryLaterError || error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds ?? 1))));
  } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    status = error.statusCode === 415 ? 400 : error.statusCode;
    descriptions = [error.statusCode === 415 ? 'send the request as application/x-www-form-urlencoded' : error.message];
  } else {
    request.log.error({ err: error }, 'open311 request failed');
    status = 500;
    descriptions = ['The request could not be completed; nothing was saved. Please try again.'];
  }
  return sendList(reply, formatOf(request), 'errors', 'error', descriptions.map((description) => ({ code: status, description })), status);
}
