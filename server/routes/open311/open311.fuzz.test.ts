import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { createOpen311Key } from '../../services/open311.service.js';
import { Open311Repository } from '../../store/open311.repository.js';

let database: TestDatabase;
let app: FastifyInstance;
let apiKey: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  apiKey = (await createOpen311Key(database.db, new Open311Repository(), 'fuzz'))!;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const FIELDS = [
  'api_key', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'email', 'phone', 'first_name', 'last_name', 'description', 'media_url', 'jurisdiction_id',
  'attribute[x]', 'attribute[fir_lodged]', 'attribute[dog_bite]', 'attribute[missing_facilities][]', 'attribute[units]', 'attribute[]', 'attribute[__proto__]',
];
const value = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('PL-003', 'LG-004', 'ED-002', 'yes', 'toilets', 'LG-001', 'HE-001', '34.01', '71.52', '-0', '1e400', 'kp.peshawar', '0300 1234567', 'a@b.pk', 'Garbage is piling up on our street.', 'https://x.org/a.jpg'),
);
const form = fc.array(fc.tuple(fc.constantFrom(...FIELDS), value), { maxLength: 14 });
const KEY_CHOICES = ['none', 'valid', 'wrong'] as const;

// Any answer must be an Open311 one: never 5xx, and an error is the spec's list naming what was wrong.
function expectOpen311Answer(res: { statusCode: number; headers: Record<string, unknown>; body: string }, format: 'json' | 'xml') {
  expect(res.statusCode).toBeLessThan(500);
  if (format === 'xml') {
    expect(res.body.startsWith('<?xml')).toBe(true);
    return;
  }
  const body = JSON.parse(res.body);
  if (res.statusCode >= 400) {
    expect(Array.isArray(body)).toBe(true);
    for (const e of body) expect(e).toEqual({ code: res.statusCode, description: expect.any(String) });
  }
}

describe('Open311 under arbitrary input', () => {
  it('never answers a POSTed form with a 5xx, whatever its fields, key or format', async () => {
    await fc.assert(
      fc.asyncProperty(form, fc.constantFrom(...KEY_CHOICES), fc.constantFrom('json' as const, 'xml' as const), async (pairs, key, format) => {
        const params = new URLSearchParams(pairs);
        if (key === 'none') params.delete('api_key');
        else params.set('api_key', key === 'valid' ? apiKey : 'o311_wrong');
        const res = await app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expectOpen311Answer(res, format);
        // Without a working key nothing is filed: 403, or 400 when some text could not be stored anyway (NUL, broken Unicode).
        const unstorable = [...params.values()].some((v) => v.includes('\u0000'));
        if (key !== 'valid') expect(unstorable ? [400, 403] : [403]).toContain(res.statusCode);
      }),
      { numRuns: 80 },
    );
  });

  it('never answers a GET with a 5xx, whatever the path suffix or filters', async () => {
    const path = fc.constantFrom('requests', 'servicerequestupdates', 'services', 'requests/KP-7F3K-9QXA', 'services/LG-001', 'discovery');
    const query = fc.array(fc.tuple(fc.constantFrom('service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'jurisdiction_id'), fc.oneof(value, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()))), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('json' as const, 'xml' as const), query, async (p, format, q) => {
        const res = await app.inject({ url: `/open311/v2/${p}.${format}?${new URLSearchParams(q).toString()}` });
        expectOpen311Answer(res, format);
      }),
      { numRuns: 120 },
    );
  });
});
