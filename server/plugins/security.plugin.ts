import type { Socket } from 'node:net';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, invalidRequest, jsonTooComplex } from '../errors.js';
import { REQUEST_JSON_LIMITS, exceededLimit, measureJson } from './json-shape.js';
import { unstorableText } from './storable-text.js';

/** Longest request target (path and query) served; ours are short, so a longer one is a probe or a mistake. */
export const MAX_URL_LENGTH = 4096;

/**
 * The API's policy: it serves JSON and photos, never pages, so nothing may load, run, frame it or be framed; a
 * photo opened directly is sandboxed too. The web app has its own policy (WEB_CSP in web-app.plugin.ts).
 */
const API_CSP = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  sandbox: [],
};

/**
 * The API description at /docs (Swagger UI): its own scripts, styles and images from this server, the document
 * fetched from it, nothing inline, nothing from elsewhere, never framed. Swagger UI's static routes send it.
 */
export const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; form-action 'self'; frame-ancestors 'none'; " +
  "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self'";

/**
 * HTTP hardening for every route: security headers (helmet) with a strict Content-Security-Policy, HSTS when the
 * public address is https; refusals of overlong URLs (414), of JSON bodies nested too deeply or with too many
 * members (400, before parsing) and of text the database cannot store (400); a warning when a proxy's
 * X-Forwarded-For is being ignored.
 */
export default fp(
  async (app: FastifyInstance, options: { https: boolean; trustProxy: boolean | number | string[] }) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
      // Only when the public address is https: a deployment meant for plain http must never tell browsers to insist
      // on https. No includeSubDomains: a government domain has other sites on it, not ours to decide for.
      hsts: options.https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    });

    app.addHook('onRequest', async (request) => {
      if ((request.raw.url?.length ?? 0) > MAX_URL_LENGTH) {
        throw new AppError(414, 'uri_too_long', 'URI too long', `Request URLs may be at most ${MAX_URL_LENGTH} characters long.`);
      }
    });

    // Behind a proxy that is not trusted, every client shares the proxy's address (and its rate limit).
    let warned = options.trustProxy !== false;
    app.addHook('onRequest', async (request) => {
      if (!warned && request.headers['x-forwarded-for'] !== undefined) {
        warned = true;
        request.log.warn('requests carry X-Forwarded-For but EKHTYAR_TRUST_PROXY is off: clients are told apart by the proxy address; set it to the proxy');
      }
    });

    // Text the database cannot hold as sent is a 400 naming the fields, not a failed insert (500). After validation,
    // so multipart bodies (read in a route's preValidation) are checked too.
    app.addHook('preHandler', async (request) => {
      // A provider's signed webhook is acknowledged whatever its text holds (or the provider retries for ever);
      // such routes seal what they store and clean text before it becomes a complaint.
      if (request.routeOptions.config.storableText === false) return;
      const pointers = [...unstorableText(request.body), ...unstorableText(request.query, '/query'), ...unstorableText(request.params, '/params')];
      if (pointers.length > 0) {
        throw invalidRequest(
          'Some fields hold characters that cannot be stored (NUL, or broken Unicode).',
          pointers.map((pointer) => ({ pointer, detail: 'contains a NUL character or broken Unicode' })),
        );
      }
    });

    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const over = exceededLimit(measureJson(body as string, REQUEST_JSON_LIMITS), REQUEST_JSON_LIMITS);
      if (over) return done(jsonTooComplex(over, REQUEST_JSON_LIMITS[over]), undefined);
      return parseJson(request, body as string, done);
    });
  },
  { name: 'security', dependencies: ['problem'] },
);

/**
 * Answers what Node refuses before Fastify sees a request (headers over EKHTYAR_MAX_HEADER_BYTES: 431; a client
 * too slow: 408; an unparseable request: 400) as problem+json, and closes the connection.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, title] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'Request timeout']
        : [400, 'bad_request', 'Bad request'];
  const body = JSON.stringify({ type: `https://ekhtyar.org/problems/${code}`, title, status, detail: `${title}.`, code });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False on routes that take provider payloads as they come (signed webhooks): no refusal for NUL or broken Unicode. */
    storableText?: boolean;
  }
}
