import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { StaffRole } from '../domain/actor.js';
import { csrfRefused, roleNotAllowed, signInIncomplete, signInRequired } from '../errors.js';
import type { ClientInfo, StaffAuthService, StaffSession } from '../services/staff-auth.service.js';
import type { SessionStage } from '../store/session.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The staff session the request's cookie names (any stage), or null. */
    staffSession: StaffSession | null;
  }
  interface FastifyInstance {
    /** A preHandler that lets only signed-in staff through (of these roles, when given); 401 or 403 otherwise. */
    requireStaff(roles?: readonly StaffRole[], stages?: readonly SessionStage[]): preHandlerAsyncHookHandler;
    /** Sets or clears the session cookie. */
    setSessionCookie(reply: FastifyReply, session: StaffSession | null): void;
  }
  interface FastifyContextConfig {
    /** False for the few writes that need no CSRF token (signing in: there is no session yet to hold one). */
    csrf?: boolean;
  }
}

/** Options of the staff authentication plugin. */
export interface StaffAuthOptions {
  auth: StaffAuthService;
  secureCookie: boolean;
  maxAgeSeconds: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Staff authentication: reads the session cookie on every request, and guards writes made with the session (the
 * routes behind requireStaff) against cross-site request forgery twice: the browser's Sec-Fetch-Site must not say
 * "cross-site", and the request must carry the session's token in X-CSRF-Token (a header another site's page cannot
 * set without our consent).
 */
export default fp(
  async (app: FastifyInstance, options: StaffAuthOptions) => {
    await app.register(cookie);
    // Over https the __Host- prefix pins the cookie to this host and path, so a sibling subdomain cannot plant one.
    const name = options.secureCookie ? '__Host-ekhtyar_session' : 'ekhtyar_session';
    app.decorateRequest('staffSession', null);

    app.addHook('onRequest', async (request) => {
      const token = request.cookies[name];
      if (token && token.length <= 100) request.staffSession = await options.auth.authenticate(token);
      // Another site's page may not sign a browser in (login CSRF). Acting with a session is checked by requireStaff.
      if (!SAFE_METHODS.has(request.method) && request.routeOptions.config.csrf === false && request.headers['sec-fetch-site'] === 'cross-site') throw csrfRefused();
    });

    app.decorate('setSessionCookie', (reply: FastifyReply, session: StaffSession | null) => {
      if (session) reply.setCookie(name, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookie, maxAge: options.maxAgeSeconds });
      else reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookie });
    });

    app.decorate('requireStaff', (roles?: readonly StaffRole[], stages: readonly SessionStage[] = ['active']) => {
      return async (request: FastifyRequest) => {
        const session = request.staffSession;
        if (!session) throw signInRequired();
        // Only a request that acts with the staff session needs its CSRF token: a staff member's browser filing a
        // complaint of their own on the citizen pages is not acting as staff, and is not asked for it.
        if (!SAFE_METHODS.has(request.method)) {
          const header = request.headers['x-csrf-token'];
          if (request.headers['sec-fetch-site'] === 'cross-site' || !options.auth.csrfMatches(session, typeof header === 'string' ? header : undefined)) throw csrfRefused();
        }
        if (!stages.includes(session.stage)) throw signInIncomplete(session.stage);
        if (roles && !roles.includes(session.user.role)) throw roleNotAllowed('use this');
      };
    });
  },
  { name: 'staff-auth' },
);

/** Where a request came from, for sessions and the audit trail. */
export function clientInfo(request: FastifyRequest): ClientInfo {
  const ua = request.headers['user-agent'];
  return { ip: request.ip || null, userAgent: typeof ua === 'string' ? ua : null };
}
