import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The web app's policy: scripts, styles, fonts, images, the manifest and the service worker from this server only;
 * requests only to this server; nothing inline (Vite emits no inline scripts, and the build inlines no assets), no
 * plugins, never framed.
 */
export const WEB_CSP =
  "default-src 'none'; base-uri 'self'; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
  "img-src 'self' blob:; manifest-src 'self'; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self'; worker-src 'self'";

/** Paths the app's other parts own: never answered with the web app, so an unknown API path stays a JSON 404. */
const NOT_THE_APP = /^\/(api|open311|webhooks|docs|healthz|readyz|metrics|sse)(\/|$)/;

/** The app's own pages below / (web/src/App.tsx): answered 200; other paths get the page with a 404 status. */
const APP_PAGES = /^\/(track|file|signin|my|transparency|staff)(\/|$)/;

/** The last path segment has an extension: a file the build does not have is a 404, not the app. */
const FILE_LIKE = /\/[^/]*\.[a-z0-9]+$/i;

/**
 * Serves the built web app (Vite's output, `npm run build`) from `root`: its files at their paths (hashed assets
 * cached for a year, the page and the service worker revalidated), and index.html for any other GET that is not an
 * API, webhook or documentation path, so the app's own routes (/track/KP-7F3K-9QXA) load on refresh (status 200;
 * 404 for a path that is none of the app's, where the page says so). Without a build, the root points at the API
 * description instead.
 */
export default async function webAppPlugin(app: FastifyInstance, options: { root: string }): Promise<void> {
  const index = path.join(options.root, 'index.html');
  if (!existsSync(index)) {
    app.log.warn({ root: options.root }, 'web app not built (npm run build): / points at the API description');
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/docs'));
    return;
  }
  // On the files' answers (@fastify/static sets headers on the raw response, which helmet's would override); a path
  // handed back to the not-found handler (an unknown API path) keeps the API's policy.
  app.addHook('onSend', async (_request, reply) => {
    if (reply.statusCode < 400) reply.header('content-security-policy', WEB_CSP);
  });
  await app.register(fastifyStatic, {
    root: options.root,
    prefix: '/',
    // Routes for the files the build holds, found once at start: nothing else under / is looked up on disk.
    wildcard: false,
    cacheControl: false,
    setHeaders: (res, file) => {
      const immutable = path.relative(options.root, file).startsWith(`assets${path.sep}`);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
    schemaHide: true,
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (NOT_THE_APP.test(pathname) || FILE_LIKE.test(pathname)) return reply.callNotFound();
    // Any other path gets the page (it shows its own "not found"), with a 404 status unless it is one of the app's.
    return reply
      .code(APP_PAGES.test(pathname) ? 200 : 404)
      .header('content-security-policy', WEB_CSP)
      .header('cache-control', 'no-cache')
      .sendFile('index.html');
  });
}
