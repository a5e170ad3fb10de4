import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { PNG_1X1, tableCounts } from '../../../../../test/helpers/fixtures.js';
import { exifGps, phoneJpeg, pixels } from '../../../../../test/helpers/photos.js';

let database: TestDatabase;
let app: FastifyInstance;
let categoryId: string;
let districtId: string;
// A point in Peshawar district, and one in Lahore (outside the province).
const PESHAWAR = { latitude: 34.0151, longitude: 71.5249 };
const LAHORE = { latitude: 31.5204, longitude: 74.3587 };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query('select id from categories order by id limit 1')).rows[0].id;
  districtId = (await database.db.query(`select id from areas where level = 'district' order by id limit 1`)).rows[0].id;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

let before: Awaited<ReturnType<typeof tableCounts>>;
beforeEach(async () => {
  before = await tableCounts(database.db);
});

const photo = (bytes: Buffer, filename = 'street.jpg') => ({ filename, data: bytes.toString('base64') });
const file = (extra: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'Open manhole on the main road, a child fell in.', anonymous: true, ...extra } });
// What was stored for a complaint's photos: the row and the bytes.
const stored = async (code: string) =>
  (
    await database.db.query(
      `select a.filename, a.content_type, a.size_bytes, a.storage_key, b.data from attachments a join attachment_blobs b on b.key = a.storage_key join complaints c on c.id = a.complaint_id where c.code = $1 order by a.filename`,
      [code],
    )
  ).rows;

describe('photo metadata', () => {
  it('removes EXIF, GPS above all, from a stored photo by default', async () => {
    const original = await phoneJpeg({ gps: PESHAWAR });
    expect(await exifGps(original)).toMatchObject({ GPSLatitudeRef: 'N', GPSLongitudeRef: 'E' });
    const res = await file({ location: { areaId: districtId }, photos: [photo(original)] });
    expect(res.statusCode).toBe(201);
    const [row] = await stored(res.json().code);
    expect(row.content_type).toBe('image/jpeg');
    expect((await sharp(row.data).metadata()).exif).toBeUndefined();
    expect(await exifGps(row.data)).toBeNull();
    expect(row.data.includes(Buffer.from('TestPhone'))).toBe(false);
    expect(row.data.includes(Buffer.from('Serial 12345'))).toBe(false);
    expect(Number(row.size_bytes)).toBe(row.data.length);
    // The complaint keeps the place the citizen chose, not the photo's.
    expect((await database.db.query('select latitude, longitude from complaints where code = $1', [res.json().code])).rows[0]).toEqual({ latitude: null, longitude: null });
  });

  it('keeps only the GPS position when the citizen chooses to share it, and places the complaint there', async () => {
    const res = await file({ keepPhotoLocation: true, photos: [photo(await phoneJpeg({ gps: PESHAWAR }))] });
    expect(res.statusCode).toBe(201);
    const [row] = await stored(res.json().code);
    const gps = (await exifGps(row.data)) as { GPSLatitude: number[]; GPSLongitude: number[] };
    const degrees = ([d, m, s]: number[]) => d! + m! / 60 + s! / 3600;
    expect(degrees(gps.GPSLatitude)).toBeCloseTo(PESHAWAR.latitude, 4);
    expect(degrees(gps.GPSLongitude)).toBeCloseTo(PESHAWAR.longitude, 4);
    // Nothing else of the camera's metadata is kept.
    expect(row.data.includes(Buffer.from('TestPhone'))).toBe(false);
    const complaint = (await database.db.query('select latitude, longitude, area_id, state from complaints where code = $1', [res.json().code])).rows[0];
    expect(complaint.latitude).toBeCloseTo(PESHAWAR.latitude, 4);
    expect(complaint.longitude).toBeCloseTo(PESHAWAR.longitude, 4);
    expect(complaint.area_id).toMatch(/\.peshawar$/);
    const submitted = (await database.db.query(`select e.payload from complaint_events e join complaints c on c.id = e.complaint_id where c.code = $1 and e.seq = 1`, [res.json().code])).rows[0];
    expect(submitted.payload).toMatchObject({ locationFromPhoto: true });
  });

  it('does not let a shared photo position override a place the citizen gave, or place a complaint outside the province', async () => {
    const given = await file({ keepPhotoLocation: true, location: { areaId: districtId }, photos: [photo(await phoneJpeg({ gps: PESHAWAR }))] });
    expect(given.json().complaint.area.id).toBe(districtId);
    const outside = await file({ keepPhotoLocation: true, photos: [photo(await phoneJpeg({ gps: LAHORE }))] });
    expect(outside.statusCode).toBe(201);
    expect(outside.json().complaint.state).toBe('triage');
    expect((await database.db.query('select latitude from complaints where code = $1', [outside.json().code])).rows[0].latitude).toBeNull();
  });

  it('turns the picture upright by its EXIF orientation before removing it', async () => {
    // Stored 40×20 with orientation 6 (rotate 90° clockwise to view): upright it is 20×40, red on top.
    const res = await file({ photos: [photo(await phoneJpeg({ width: 40, height: 20, orientation: 6 }))] });
    expect(res.statusCode).toBe(201);
    const [row] = await stored(res.json().code);
    const metadata = await sharp(row.data).metadata();
    expect([metadata.width, metadata.height, metadata.orientation]).toEqual([20, 40, undefined]);
    const { data, width } = await pixels(row.data);
    const at = (x: number, y: number) => data[(y * width + x) * 4]!;
    expect(at(10, 5)).toBeGreaterThan(150); // red channel high near the top
    expect(at(10, 35)).toBeLessThan(100); // blue below
  });
});

describe('photo content', () => {
  it.each([
    ['HTML', Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>')],
    ['SVG with a script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')],
    ['a script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['a JPEG header followed by HTML', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')])],
    ['a truncated JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00])],
  ])('refuses %s named .jpg (415), writing nothing', async (_what, bytes) => {
    const res = await file({ photos: [photo(bytes, 'holiday.jpg')] });
    expect(res.statusCode).toBe(415);
    expect(res.json().errors[0].pointer).toBe('/photos/0');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses HEIC, which it could not clean, saying how to send a JPEG instead', async () => {
    const heic = Buffer.concat([Buffer.from('0000001c6674797068656963000000006d69663168656963', 'hex'), Buffer.alloc(64)]);
    const res = await file({ photos: [photo(heic, 'IMG_0001.HEIC')] });
    expect(res.statusCode).toBe(415);
    expect(res.json().detail).toMatch(/JPEG/);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('stores a polyglot (a real JPEG with HTML inside and after it) without the HTML', async () => {
    const jpeg = await phoneJpeg();
    const payload = Buffer.from('<html><script>alert("stored xss")</script></html>');
    // An HTML comment segment (COM, 0xFFFE) right after the start of image, and HTML appended after the end.
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, payload.length + 2]), payload]);
    const polyglot = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2), payload]);
    const res = await file({ photos: [photo(polyglot, 'poly.jpg')] });
    expect(res.statusCode).toBe(201);
    const [row] = await stored(res.json().code);
    expect(row.data.includes(Buffer.from('<script'))).toBe(false);
    expect(row.content_type).toBe('image/jpeg');
  });

  it('stores the type its bytes are, under a name ending in it, never a path from the client', async () => {
    const res = await file({ photos: [photo(PNG_1X1, '../../etc/passwd.jpg'), photo(await phoneJpeg(), '..\\..\\boot.ini')] });
    expect(res.statusCode).toBe(201);
    const rows = await stored(res.json().code);
    expect(rows.map((r) => [r.filename, r.content_type])).toEqual([
      ['boot.jpg', 'image/jpeg'],
      ['passwd.png', 'image/png'],
    ]);
    for (const row of rows) expect(row.storage_key).toMatch(/^attachments\/[0-9a-f-]{36}$/);
  });

  it('takes a multipart upload named "../../etc/passwd" as a label only', async () => {
    const form = new FormData();
    for (const [key, value] of Object.entries({ categoryId, description: 'Broken street light for a month now.', anonymous: 'true', keepPhotoLocation: 'false' })) form.append(key, value);
    form.append('photos', new Blob([await phoneJpeg({ gps: PESHAWAR })], { type: 'text/html' }), '../../etc/passwd');
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: form });
    expect(res.statusCode).toBe(201);
    const [row] = await stored(res.json().code);
    expect([row.filename, row.content_type]).toEqual(['passwd.jpg', 'image/jpeg']);
    expect(await exifGps(row.data)).toBeNull();
    // And it comes back to its owner as that label and type, never sniffed.
    const auth = { authorization: `Bearer ${res.json().citizenSecret}` };
    const own = (await app.inject({ url: `/api/v1/complaints/${res.json().code}`, headers: auth })).json().own;
    const download = await app.inject({ url: own.attachments[0].url, headers: auth });
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.headers['content-disposition']).toBe('inline; filename="passwd.jpg"');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.rawPayload, row.data)).toBe(0);
  });

  it('cleans photos added later as information, keeping their position only when asked', async () => {
    const created = (await file({ location: { areaId: districtId } })).json();
    const auth = { authorization: `Bearer ${created.citizenSecret}` };
    const add = (keepPhotoLocation: boolean) =>
      app.inject({ method: 'POST', url: `/api/v1/complaints/${created.code}/information`, headers: auth, payload: { text: 'Another photo.', keepPhotoLocation, photos: [photo(PNG_1X1, 'a.png')] } });
    expect((await add(false)).statusCode).toBe(200);
    const jpegWithGps = await phoneJpeg({ gps: PESHAWAR });
    const res = await app.inject({ method: 'POST', url: `/api/v1/complaints/${created.code}/information`, headers: auth, payload: { text: 'With GPS.', photos: [photo(jpegWithGps, 'b.jpg')] } });
    expect(res.statusCode).toBe(200);
    const rows = await stored(created.code);
    expect(rows.map((r) => r.filename)).toEqual(['a.png', 'b.jpg']);
    expect(await exifGps(rows[1].data)).toBeNull();
  });
});
