import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { PNG_1X1, tableCounts } from '../../../../../test/helpers/fixtures.js';

let database: TestDatabase;
let app: FastifyInstance;
let categoryId: string;
let districtId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db, { EKHTYAR_ATTACHMENT_MAX_BYTES: '4096', EKHTYAR_ATTACHMENT_MAX_COUNT: '2' });
  categoryId = (await app.inject({ url: '/api/v1/categories' })).json().categories[0].id;
  districtId = (await app.inject({ url: '/api/v1/areas?level=district' })).json().areas[0].id;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

function form(fields: Record<string, string>, files: { name?: string; filename: string; bytes: Buffer; type?: string }[] = []): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const file of files) data.append(file.name ?? 'photos', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.filename);
  return data;
}
const post = (payload: FormData, url = '/api/v1/complaints', headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload, headers });

describe('multipart/form-data submissions', () => {
  let before: Awaited<ReturnType<typeof tableCounts>>;
  beforeEach(async () => {
    before = await tableCounts(database.db);
  });

  it('files a complaint from flat form fields with a photo', async () => {
    const res = await post(form({ categoryId, description: 'Sewage is overflowing into the street.', areaId: districtId, phone: '0300 7654321', anonymous: 'false' }, [{ filename: 'street.png', bytes: PNG_1X1 }]));
    expect(res.statusCode).toBe(201);
    expect(res.json().complaint.area.id).toBe(districtId);
    expect((await tableCounts(database.db)).attachments - before.attachments).toBe(1);
  });

  it('takes the JSON body in a "complaint" field', async () => {
    const body = { categoryId, description: 'Street light broken for a month.', location: { areaId: districtId }, anonymous: true };
    const res = await post(form({ complaint: JSON.stringify(body) }));
    expect(res.statusCode).toBe(201);
  });

  it('refuses a file that is not an image (415), whatever its name', async () => {
    const res = await post(form({ categoryId, description: 'A long enough description.', anonymous: 'true' }, [{ filename: 'photo.jpg', bytes: Buffer.from('MZ this is an executable pretending'), type: 'image/jpeg' }]));
    expect(res.statusCode).toBe(415);
    expect(res.json().errors[0].pointer).toBe('/photos/0');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses a file over the size limit (413) naming it', async () => {
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(8000)]);
    const res = await post(form({ categoryId, description: 'A long enough description.', anonymous: 'true' }, [{ filename: 'ok.png', bytes: PNG_1X1 }, { filename: 'big.png', bytes: big }]));
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0].pointer).toBe('/photos/1');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses more photos than allowed (413)', async () => {
    const files = [1, 2, 3].map((i) => ({ filename: `${i}.png`, bytes: PNG_1X1 }));
    const res = await post(form({ categoryId, description: 'A long enough description.', anonymous: 'true' }, files));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('too_many_photos');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('names bad and unknown form fields like the JSON API does', async () => {
    const res = await post(form({ categoryId, description: 'short', latitude: 'north', colour: 'red', anonymous: 'true' }));
    expect(res.statusCode).toBe(400);
    const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/description', '/location/latitude', '/colour']));
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses a "complaint" field that is not JSON', async () => {
    const res = await post(form({ complaint: '{not json' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('malformed_json');
  });

  it('ignores prototype-polluting field names', async () => {
    const res = await post(form({ categoryId, description: 'A long enough description.', anonymous: 'true', '__proto__[admin]': 'true' }));
    expect(res.statusCode).toBeLessThan(500);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('lets a citizen add information with a photo as a form', async () => {
    const created = (await post(form({ categoryId, description: 'Broken hand pump at the school.', areaId: districtId, anonymous: 'true' }))).json();
    const res = await post(form({ text: 'Here is a photo of the pump.' }, [{ filename: 'pump.png', bytes: PNG_1X1 }]), `/api/v1/complaints/${created.code}/information`, { authorization: `Bearer ${created.citizenSecret}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().timeline.at(-1).type).toBe('information_provided');
  });
});
