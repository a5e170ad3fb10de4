import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { tableCounts } from '../../test/helpers/fixtures.js';

let database: TestDatabase;
let app: FastifyInstance;
let categoryId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db, { EKHTYAR_MAX_HEADER_BYTES: '8192' });
  categoryId = (await database.db.query('select id from categories order by id limit 1')).rows[0].id;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

// Directive name → its value, from a Content-Security-Policy header.
function policy(header: string | string[] | number | undefined): Map<string, string> {
  return new Map(
    String(header ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')] as const),
  );
}

describe('security headers', () => {
  it.each([
    ['a JSON answer', '/api/v1/categories', 200],
    ['a problem', '/api/v1/complaints/not-a-code', 400],
    // (Other paths are the web app's pages: web-app.plugin.test.ts checks their policy.)
    ['a 404', '/api/v1/nothing-here', 404],
  ])('puts a strict policy and the other headers on %s', async (_what, url, status) => {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(status);
    const csp = policy(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.has('sandbox')).toBe(true);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // The public address is http here: no HSTS.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS when the public address is https', async () => {
    const https = await buildTestApp(database.db, { EKHTYAR_PUBLIC_URL: 'https://ekhtyar.kp.gov.pk' });
    try {
      expect((await https.inject({ url: '/api/v1/categories' })).headers['strict-transport-security']).toBe('max-age=31536000');
    } finally {
      await https.close();
    }
  });

  it('gives the API description at /docs its own, relaxed policy, which the page keeps to', async () => {
    const page = await app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = policy(page.headers['content-security-policy']);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.has('sandbox')).toBe(false);
    // Nothing inline that the policy would block: every script and style is a file from this server.
    const html = page.body;
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    const files = [...scripts.map((s) => s[1]!.match(/src="([^"]+)"/)?.[1]), ...[...html.matchAll(/<link[^>]*href="([^"]+)"/gi)].map((l) => l[1])];
    for (const script of scripts) expect(script[2]!.trim()).toBe('');
    for (const file of files) {
      expect(file).toMatch(/^\.\/static\//);
      const asset = await app.inject({ url: `/docs/${file!.slice(2)}` });
      expect(asset.statusCode).toBe(200);
      expect(policy(asset.headers['content-security-policy']).get('script-src')).toBe("'self'");
    }
    // The page fetches the document from the same origin, which connect-src 'self' allows.
    expect((await app.inject({ url: '/docs/json' })).json().openapi).toMatch(/^3\./);
  });
});

describe('request size limits', () => {
  it('answers an overlong URL with 414', async () => {
    const res = await app.inject({ url: `/api/v1/areas?parentId=${'a'.repeat(5000)}` });
    expect(res.statusCode).toBe(414);
    expect(res.json().code).toBe('uri_too_long');
  });

  it('answers headers over EKHTYAR_MAX_HEADER_BYTES with a 431 problem, not a 500, and keeps serving', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as net.AddressInfo;
    const raw = (head: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(`${head}\r\nConnection: close\r\n\r\n`));
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('end', () => resolve(data));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
      });
    const oversized = await raw(`GET /api/v1/categories HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(10_000)}`);
    expect(oversized).toMatch(/^HTTP\/1\.1 431 /);
    expect(oversized).toContain('application/problem+json');
    expect(JSON.parse(oversized.slice(oversized.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, code: 'headers_too_large' });
    const fine = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(6_000)}`);
    expect(fine).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('refuses JSON nested too deeply, or with too many members, before parsing it, writing nothing', async () => {
    const before = await tableCounts(database.db);
    const deep = `{"categoryId":"x","description":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const wide = JSON.stringify({ categoryId: categoryId, description: 'x'.repeat(20), ...Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`f${i}`, 1])) });
    for (const payload of [deep, wide]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('json_too_complex');
    }
    // Under the limits, a body of many unknown fields is refused naming them, but never more than 50.
    const many = JSON.stringify({ categoryId, description: 'A long enough description.', anonymous: true, ...Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`f${i}`, 1])) });
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: many, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toHaveLength(50);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses a multipart form with more fields than a complaint has (413), writing nothing', async () => {
    const before = await tableCounts(database.db);
    const form = new FormData();
    for (const [key, value] of Object.entries({ categoryId, description: 'A long enough description.', anonymous: 'true' })) form.append(key, value);
    for (let i = 0; i < 60; i++) form.append(`extra${i}`, 'x');
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: form });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('body_too_large');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('applies the same limits to the JSON of a multipart "complaint" field', async () => {
    const form = new FormData();
    form.append('complaint', `{"categoryId":${'['.repeat(40)}${']'.repeat(40)}}`);
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: form });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('json_too_complex');
  });
});

describe('internal errors', () => {
  it('answer a generic 500 problem: no message, stack or path from the server', async () => {
    const secret = new Error('connect ECONNREFUSED 10.20.30.40:5432 password=hunter2');
    const spy = vi.spyOn(app.services.intake, 'submit').mockRejectedValueOnce(secret);
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'A long enough description.', anonymous: true } });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body).toMatchObject({ status: 500, code: 'internal_error' });
      expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
      for (const leak of ['ECONNREFUSED', '10.20.30.40', 'hunter2', 'stack', 'at ', '.ts', '/srv', 'node_modules']) expect(res.body).not.toContain(leak);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    } finally {
      spy.mockRestore();
    }
  });

  it('hide a thrown TypeError the same way', async () => {
    const spy = vi.spyOn(app.services.complaints, 'view').mockImplementationOnce(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'citizen_secret_hash')");
    });
    try {
      const res = await app.inject({ url: '/api/v1/complaints/KP-7F3K-9QXA' });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('citizen_secret_hash');
      expect(res.json().code).toBe('internal_error');
    } finally {
      spy.mockRestore();
    }
  });
});
