import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { citizenSignInRequired, csrfRefused } from '../errors.js';
import type { CitizenAuthService, CitizenSession } from '../services/citizen-auth.service.js';
import type { CitizenProof } from '../services/complaint.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The citizen session, set by requireCitizen() (null on routes that do not ask for one). */
    citizenSession: CitizenSession | null;
  }
  interface FastifyInstance {
    /** A preHandler that lets only a signed-in citizen through (with the CSRF token, for writes); 401 or 403 otherwise. */
    requireCitizen(): preHandlerAsyncHookHandler;
    /** A preHandler for signing in: another site's page may not sign a browser in (login CSRF). */
    refuseCrossSite: preHandlerAsyncHookHandler;
    /**
     * How the request proves a complaint is the caller's: `Authorization: Bearer <secret>` if sent, else the citizen
     * session (a write must then carry its CSRF token), else null.
     */
    citizenProof(request: FastifyRequest): Promise<CitizenProof | null>;
    /** Sets or clears the citizen session cookie. */
    setCitizenCookie(reply: FastifyReply, session: CitizenSession | null): void;
    /** The token the request's citizen cookie holds (valid or not), so sign-in can end whatever session it names. */
    citizenToken(request: FastifyRequest): string | null;
  }
}

/** Options of the citizen authentication plugin. */
export interface CitizenAuthOptions {
  auth: CitizenAuthService;
  secureCookie: boolean;
  maxAgeSeconds: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Citizen sessions: a cookie of their own (apart from the staff one), read only by the routes that use it, so public
 * pages cost no session lookup. Cookie-authenticated writes are guarded against cross-site request forgery as staff
 * ones are: Sec-Fetch-Site must not say "cross-site", and X-CSRF-Token must carry the session's token.
 */
export default fp(
  async (app: FastifyInstance, options: CitizenAuthOptions) => {
    // Over https the __Host- prefix pins the cookie to this host and path, so a sibling subdomain cannot plant one.
    const name = options.secureCookie ? '__Host-ekhtyar_citizen' : 'ekhtyar_citizen';
    const loaded = new WeakMap<FastifyRequest, Promise<CitizenSession | null>>();
    app.decorateRequest('citizenSession', null);

    const sessionOf = (request: FastifyRequest): Promise<CitizenSession | null> => {
      let session = loaded.get(request);
      if (!session) {
        const token = request.cookies[name];
        session = token && token.length <= 100 ? options.auth.authenticate(token) : Promise.resolve(null);
        loaded.set(request, session);
      }
      return session;
    };
    const checkCsrf = (request: FastifyRequest, session: CitizenSession) => {
      if (SAFE_METHODS.has(request.method)) return;
      if (request.headers['sec-fetch-site'] === 'cross-site') throw csrfRefused();
      const header = request.headers['x-csrf-token'];
      if (!options.auth.csrfMatches(session, typeof header === 'string' ? header : undefined)) throw csrfRefused();
    };

    app.decorate('requireCitizen', () => async (request: FastifyRequest) => {
      const session = await sessionOf(request);
      if (!session) throw citizenSignInRequired();
      checkCsrf(request, session);
      request.citizenSession = session;
    });

    app.decorate('refuseCrossSite', async (request: FastifyRequest) => {
      if (request.headers['sec-fetch-site'] === 'cross-site') throw csrfRefused();
    });

    app.decorate('citizenProof', async (request: FastifyRequest): Promise<CitizenProof | null> => {
      const secret = bearerToken(request.headers.authorization);
      // An explicit secret wins: it needs no CSRF token (another site cannot set an Authorization header).
      if (secret !== null) return { secret };
      const session = await sessionOf(request);
      if (!session) return null;
      checkCsrf(request, session);
      return { contacts: session.lookups };
    });

    app.decorate('setCitizenCookie', (reply: FastifyReply, session: CitizenSession | null) => {
      if (session) reply.setCookie(name, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookie, maxAge: options.maxAgeSeconds });
      else reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookie });
    });

    app.decorate('citizenToken', (request: FastifyRequest) => request.cookies[name] ?? null);
  },
  { name: 'citizen-auth', dependencies: ['@fastify/cookie'] },
);

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
