import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { projectPath } from '../paths.js';

/** The citizen pages' JavaScript budget (issue 6), gzipped. */
const CITIZEN_JS_BUDGET = 200 * 1024;

let database: TestDatabase;
let app: FastifyInstance;
let unbuilt: FastifyInstance;
let outDir: string;

beforeAll(async () => {
  // A fresh production build of the web app, into a folder of this test's own.
  outDir = await mkdtemp(path.join(tmpdir(), 'ekhtyar-web-'));
  await build({ configFile: projectPath('web/vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  database = await createTestDatabase();
  app = await buildTestApp(database.db, {}, undefined, { webRoot: outDir });
  unbuilt = await buildTestApp(database.db, {}, undefined, { webRoot: path.join(outDir, 'missing') });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await unbuilt?.close();
  await database?.drop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

// The scripts index.html loads (the entry chunk and what it preloads): what every citizen page downloads first.
async function entryScripts(): Promise<string[]> {
  const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
}

function directives(header: unknown): Map<string, string> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values.join(' ')] as const),
  );
}

describe('the web app, served by the API process', () => {
  it('serves index.html at / with a strict policy of its own: this server only, nothing inline', async () => {
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<div id="root"></div>');
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = directives(response.headers['content-security-policy']);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('font-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(response.headers['content-security-policy']).not.toMatch(/unsafe|https?:|\*/);
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it("answers the app's own paths with index.html (SPA fallback), revalidated on every visit", async () => {
    for (const [url, status] of [['/track/KP-7F3K-9QXA', 200], ['/track', 200], ['/staff/queue', 200], ['/file?x=1', 200], ['/nothing-here', 404], ['/etc/passwd', 404]] as const) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(status);
      expect(response.body, url).toContain('<div id="root"></div>');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(directives(response.headers['content-security-policy']).get('script-src'), url).toBe("'self'");
    }
  });

  it('never shadows the API, webhooks or docs: unknown paths there stay JSON 404s', async () => {
    for (const url of ['/api/v1/nope', '/api', '/open311/v2/nope', '/webhooks/nope', '/docs/nope.js', '/healthz/x']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(response.json().status, url).toBe(404);
      // The API's own policy (nothing loads, sandboxed), not the app's.
      expect(directives(response.headers['content-security-policy']).get('default-src'), url).toBe("'none'");
      expect(directives(response.headers['content-security-policy']).has('sandbox'), url).toBe(true);
    }
    const wrongMethod = await app.inject({ method: 'POST', url: '/track/KP-7F3K-9QXA' });
    expect(wrongMethod.statusCode).toBe(404);
    // A file the build does not have is a 404, not the page.
    expect((await app.inject({ url: '/assets/nope.js' })).statusCode).toBe(404);
    // Real API routes still answer.
    expect((await app.inject({ url: '/api/v1/complaints/KP-0000-0000' })).headers['content-type']).toMatch(/json/);
  });

  it('serves hashed assets for a year, and the manifest and service worker', async () => {
    const [entry] = await entryScripts();
    const script = await app.inject({ url: `/${entry}` });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const manifest = await app.inject({ url: '/manifest.webmanifest' });
    expect(manifest.statusCode).toBe(200);
    expect(JSON.parse(manifest.body)).toMatchObject({ start_url: '/', display: 'standalone' });
    const worker = await app.inject({ url: '/sw.js' });
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['cache-control']).toBe('no-cache');
  });

  it('bundles the Urdu font (no font service) and keeps the staff console out of the citizen entry', async () => {
    const assets = await readdir(path.join(outDir, 'assets'));
    expect(assets.some((f) => /^noto-nastaliq-urdu-arabic-400-normal-.*\.woff2$/.test(f))).toBe(true);
    const css = (await Promise.all(assets.filter((f) => f.endsWith('.css')).map((f) => readFile(path.join(outDir, 'assets', f), 'utf8')))).join('');
    expect(css).toContain('/assets/noto-nastaliq-urdu-arabic-400-normal-');
    expect(css).not.toMatch(/url\((?!\/assets\/)/);
    const staffChunks = assets.filter((f) => f.startsWith('StaffConsole-') && f.endsWith('.js'));
    expect(staffChunks).toHaveLength(1);
    expect(await entryScripts()).not.toContain(`assets/${staffChunks[0]}`);
  });

  it('keeps the JavaScript of the citizen pages within 200 KB gzipped', async () => {
    const scripts = await entryScripts();
    expect(scripts.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const file of scripts) gzipped += gzipSync(await readFile(path.join(outDir, file)), { level: 9 }).length;
    console.info(`citizen entry JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${CITIZEN_JS_BUDGET / 1024} KB)`);
    expect(gzipped).toBeLessThanOrEqual(CITIZEN_JS_BUDGET);
  });

  it('without a build, / points at the API description and the API is unaffected', async () => {
    const root = await unbuilt.inject({ url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/docs');
    expect((await unbuilt.inject({ url: '/track/KP-7F3K-9QXA' })).statusCode).toBe(404);
  });
});
