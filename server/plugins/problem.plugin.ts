import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, RetryLaterError, type FieldProblem } from '../errors.js';

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns every error into RFC 9457 problem+json; 5xx details are logged, never sent. */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof RetryLaterError) {
        reply.header('retry-after', String(error.retryAfterSeconds));
        return send(reply, request, error.status, error.code, error.title, error.message, error.errors, { retryAfter: error.retryAfterSeconds, ...error.extensions });
      }
      if (error instanceof AppError) {
        if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
        return send(reply, request, error.status, error.code, error.title, error.message, error.errors);
      }
      if ('validation' in error && error.validation) {
        const where = error.validationContext ?? 'body';
        const errors = mergeAlternatives(error.validation as AjvError[]).slice(0, MAX_LISTED_ERRORS).map((e) => fieldProblem(e, where));
        return send(reply, request, 400, 'invalid_request', 'The request is not valid', `Some fields of the ${where} are missing or malformed.`, errors);
      }
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
      if (status >= 400 && status < 500) {
        const code = fastifyCode(error.code);
        return send(reply, request, status, code, titleFor(status), clientMessage(error, status));
      }
      request.log.error({ err: error }, 'request failed');
      return send(reply, request, 500, 'internal_error', 'Something went wrong on our side', 'The request could not be completed. Nothing was saved if you saw this; please try again.');
    });
    app.setNotFoundHandler((request, reply) => send(reply, request, 404, 'not_found', 'Not found', `There is nothing at ${request.method} ${request.url.split('?')[0]}.`));
  },
  { name: 'problem' },
);

// At most this many field problems are listed: enough to fix a form, and a body of thousands of bad fields
// cannot make the answer (or the work of writing it) as large as the request.
const MAX_LISTED_ERRORS = 50;

function send(reply: FastifyReply, request: FastifyRequest, status: number, code: string, title: string, detail: string, errors: FieldProblem[] = [], extensions: Record<string, unknown> = {}) {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: `https://ekhtyar.org/problems/${code}`, title, status, detail, code, instance: request.url.split('?')[0]?.slice(0, 200), ...extensions, ...(listed.length > 0 && { errors: listed }) });
}

// A union of literals ("one of these words") fails once per literal plus once for the union: say it once, listing the words.
function mergeAlternatives(errors: AjvError[]): AjvError[] {
  const allowed = new Map<string, unknown[]>();
  for (const e of errors) if (e.keyword === 'const') allowed.set(e.instancePath ?? '', [...(allowed.get(e.instancePath ?? '') ?? []), e.params?.allowedValue]);
  const merged: AjvError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = e.instancePath ?? '';
    const values = allowed.get(path);
    if (values && (e.keyword === 'const' || e.keyword === 'anyOf')) {
      if (!seen.has(path)) merged.push({ instancePath: path, keyword: 'enum', message: `must be one of: ${values.map((v) => String(v)).join(', ')}` });
      seen.add(path);
    } else merged.push(e);
  }
  return merged;
}

function fieldProblem(e: AjvError, where: string): FieldProblem {
  const base = where === 'body' ? '' : `/${where}`;
  const missing = e.params?.missingProperty ?? e.params?.property;
  const extra = e.params?.additionalProperty;
  const path = `${base}${e.instancePath ?? ''}`;
  if (typeof missing === 'string') return { pointer: `${path}/${missing}`, detail: 'is required' };
  if (typeof extra === 'string') return { pointer: `${path}/${extra}`, detail: 'is not a known field' };
  return { pointer: path || '/', detail: e.message ?? 'is invalid' };
}

function fastifyCode(code: string | undefined): string {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'malformed_json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return 'body_too_large';
    case 'FST_FILES_LIMIT':
      return 'too_many_photos';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'unsupported_media_type';
    default:
      return 'bad_request';
  }
}

function clientMessage(error: FastifyError, status: number): string {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'The body is not valid JSON.';
  if (error.code === 'FST_FILES_LIMIT') return 'Too many photos in one submission.';
  if (status === 413) return 'The request body is too large.';
  if (status === 415) return 'Send the body as application/json.';
  return error.message;
}

function titleFor(status: number): string {
  return ({ 400: 'Bad request', 401: 'Unauthorised', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed', 413: 'Content too large', 415: 'Unsupported media type', 429: 'Too many requests' } as Record<number, string>)[status] ?? 'Request refused';
}
