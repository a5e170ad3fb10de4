import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { tableCounts } from '../../../../../test/helpers/fixtures.js';

let database: TestDatabase;
let app: FastifyInstance;
let categoryIds: string[];
let areaIds: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryIds = (await app.inject({ url: '/api/v1/categories' })).json().categories.map((c: { id: string }) => c.id);
  areaIds = (await app.inject({ url: '/api/v1/areas' })).json().areas.map((a: { id: string }) => a.id);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

// Bodies that are nearly right (real ids, plausible fields) reach deeper than pure noise, so mix both.
const nearlyValid = () =>
  fc.record(
    {
      categoryId: fc.oneof(fc.constantFrom(...categoryIds), fc.string(), fc.integer()),
      description: fc.oneof(fc.string({ minLength: 10, maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 50 }), fc.constant(null)),
      location: fc.oneof(
        fc.record({ areaId: fc.oneof(fc.constantFrom(...areaIds), fc.string()) }, { requiredKeys: [] }),
        fc.record({ latitude: fc.double(), longitude: fc.double() }, { requiredKeys: [] }),
        fc.record({ address: fc.string({ maxLength: 600 }) }),
        fc.anything(),
      ),
      contact: fc.oneof(fc.record({ phone: fc.string({ maxLength: 40 }), email: fc.string(), name: fc.string() }, { requiredKeys: [] }), fc.anything()),
      language: fc.oneof(fc.constantFrom('en', 'ur', 'ps'), fc.string()),
      anonymous: fc.oneof(fc.boolean(), fc.anything()),
      photos: fc.oneof(fc.array(fc.record({ data: fc.base64String({ maxLength: 200 }), filename: fc.string() }), { maxLength: 3 }), fc.anything()),
      // Codes the catalogue's fields use, with values of every kind, as well as anything at all.
      attributes: fc.oneof(
        fc.dictionary(
          fc.oneof(fc.constantFrom('consumer_reference', 'fir_lodged', 'missing_facilities', 'facility_type', 'incident_date', 'billed_units', 'vehicle_registration'), fc.string()),
          fc.oneof(fc.string(), fc.double(), fc.array(fc.oneof(fc.string(), fc.integer())), fc.constantFrom('yes', 'toilets', 'bhu', '2026-01-31', 'LEA-1234', '09 14124 0123400 U'), fc.anything()),
        ),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  );

describe('intake under random input', () => {
  it('never answers a random body with a 5xx, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nearlyValid(), fc.anything(), fc.json()), async (payload) => {
        const before = await tableCounts(database.db);
        const raw = typeof payload === 'string' ? payload : JSON.stringify(payload ?? null);
        const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: raw ?? 'null', headers: { 'content-type': 'application/json' } });
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(await tableCounts(database.db)).toEqual(before);
        } else {
          expect(res.statusCode).toBe(201);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never answers a random tracking code with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (code) => {
        const res = await app.inject({ url: `/api/v1/complaints/${encodeURIComponent(code)}` });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});
