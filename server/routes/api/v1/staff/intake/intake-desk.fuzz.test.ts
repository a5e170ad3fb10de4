import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { tableCounts } from '../../../../../../test/helpers/fixtures.js';
import { staffSession, type SignedIn } from '../../../../../../test/helpers/staff.js';
import { parseDiaryNumber } from '../../../../../domain/intake/diary-number.js';

let database: TestDatabase;
let app: FastifyInstance;
let agent: SignedIn;
let categoryId: string;
let officeId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories limit 1`)).rows[0].id;
  officeId = (await database.db.query(`select id from offices limit 1`)).rows[0].id;
  agent = await staffSession(app, 'intake_agent');
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const diaryText = fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[A-Za-z0-9 ./-]{1,50}$/), fc.constantFrom('D-1/2026', 'd 1 / 2026', '9', '/', '\u0000', '١٢٣'));
const dateText = fc.oneof(fc.string({ maxLength: 22 }), fc.date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));

describe('letters from anything a clerk might type', () => {
  it('answers 201 with the normalised number, or a 4xx that wrote nothing; never a 5xx', async () => {
    let entered = 0;
    await fc.assert(
      fc.asyncProperty(diaryText, dateText, fc.boolean(), async (diaryNumber, receivedOn, knownOffice) => {
        const before = await tableCounts(database.db);
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/staff/intake/letters',
          headers: agent.headers,
          payload: { diaryNumber, receivedOn, officeId: knownOffice ? officeId : 'no-such-office', categoryId, description: 'A letter about the water supply of our mohalla.', contact: { name: 'A. Writer' } },
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode === 201) {
          expect(response.json().letter.diaryNumber).toBe(parseDiaryNumber(diaryNumber));
          entered += 1;
        } else {
          expect([400, 409, 422]).toContain(response.statusCode);
          expect(response.headers['content-type']).toContain('application/problem+json');
          expect(await tableCounts(database.db)).toEqual(before);
        }
      }),
      // One letter that must be accepted, so the accepting path is always walked: by chance alone a run of 60 misses it
      // a few times in a hundred (an office, a diary number and a date of receipt must all be good at once).
      { numRuns: 60, examples: [['D-1/2026', '2025-06-01', true]] },
    );
    // The generators reach the accepting path too, not only refusals.
    expect(entered).toBeGreaterThan(0);
  });

  it('reads any multipart field names and values without a 5xx, refusing unknown ones by name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 40 }), { maxKeys: 6 }), async (fields) => {
        const form = new FormData();
        for (const [key, value] of Object.entries(fields)) form.append(key, value);
        form.append('scans', new Blob([Buffer.from('not a scan')]), 'x.bin');
        const before = await tableCounts(database.db);
        const response = await app.inject({ method: 'POST', url: '/api/v1/staff/intake/letters', headers: agent.headers, payload: form as unknown as object });
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(await tableCounts(database.db)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});
