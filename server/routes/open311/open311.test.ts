import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { tableCounts } from '../../../test/helpers/fixtures.js';
import { createOpen311Key } from '../../services/open311.service.js';
import { Open311Repository } from '../../store/open311.repository.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/data/fixtures/open311/georeport_v2_spec_examples');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
// The spec's own JSON examples write ids as bare 001; quoted, they are JSON.
const looseJson = (name: string) => JSON.parse(fixture(name).replace(/("\w+":\s*)(0\d+)/g, '$1"$2"'));
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'request_update', 'format', 'endpoint'].includes(name) });

let database: TestDatabase;
let app: FastifyInstance;
let apiKey: string;
let serviceCode: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  apiKey = (await createOpen311Key(database.db, new Open311Repository(), 'fixmystreet-test'))!;
  serviceCode = (await app.inject({ url: '/api/v1/categories' })).json().categories.find((c: { department: { id: string } }) => c.department.id === 'local-government').serviceCode;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const post = (fields: Record<string, string>, format = 'json') =>
  app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const valid = () => ({
  api_key: apiKey,
  service_code: serviceCode,
  lat: '34.0151',
  long: '71.5249',
  description: 'Garbage has not been collected from our street for two weeks.',
  email: 'citizen@example.pk',
  first_name: 'Ayesha',
  last_name: 'Khan',
  media_url: 'https://example.org/photo.jpg',
});
const keysOf = (value: object) => Object.keys(value).sort();

describe('GET /open311/v2/services', () => {
  it('lists every category with the fields of the spec example, in JSON and XML', async () => {
    const json = await app.inject({ url: '/open311/v2/services.json' });
    expect(json.statusCode).toBe(200);
    const services = json.json();
    const example = looseJson('spec_02.json.txt')[0];
    expect(services.length).toBeGreaterThan(5);
    for (const s of services) {
      expect(keysOf(s)).toEqual(keysOf(example));
      expect(typeof s.service_code).toBe('string');
      expect(typeof s.metadata).toBe('boolean');
      expect(typeof s.keywords).toBe('string');
    }
    const doc = await app.inject({ url: '/open311/v2/services.xml' });
    expect(doc.headers['content-type']).toMatch(/^text\/xml/);
    const parsed = xml.parse(doc.body);
    const expected = xml.parse(fixture('spec_01.xml'));
    expect(keysOf(parsed)).toEqual(keysOf(expected).filter((k) => k !== '?xml').concat('?xml').sort());
    expect(keysOf(parsed.services.service[0])).toEqual(keysOf(expected.services.service[0]));
    expect(parsed.services.service).toHaveLength(services.length);
  });

  it('gives a service definition with its attributes, and 404 in the spec format for an unknown code', async () => {
    const def = await app.inject({ url: `/open311/v2/services/${serviceCode}.xml` });
    expect(def.statusCode).toBe(200);
    expect(keysOf(xml.parse(def.body).service_definition)).toEqual(keysOf(xml.parse(fixture('spec_03.xml')).service_definition));
    const json = (await app.inject({ url: `/open311/v2/services/${serviceCode}.json` })).json();
    expect(json).toEqual({ service_code: serviceCode, attributes: expect.any(Array) });
    expect(keysOf(json)).toEqual(keysOf(JSON.parse(fixture('spec_04.json'))));
    const missing = await app.inject({ url: '/open311/v2/services/NOPE-999.json' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('NOPE-999') }]);
    const missingXml = await app.inject({ url: '/open311/v2/services/NOPE-999.xml' });
    expect(xml.parse(missingXml.body).errors.error[0]).toEqual({ code: '404', description: expect.stringContaining('service_code') });
  });

  it('answers the discovery document', async () => {
    const doc = xml.parse((await app.inject({ url: '/open311/v2/discovery.xml' })).body).discovery;
    expect(doc.endpoints.endpoint[0].url).toMatch(/\/open311\/v2$/);
    expect(doc.endpoints.endpoint[0].formats.format).toEqual(['application/json', 'text/xml']);
  });
});

describe('POST /open311/v2/requests', () => {
  it('refuses a missing, unknown or revoked api_key with 403 and files nothing', async () => {
    const before = await tableCounts(database.db);
    const { api_key: _unused, ...withoutKey } = valid();
    for (const fields of [withoutKey, { ...valid(), api_key: 'o311_not-a-key' }]) {
      const res = await post(fields);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    }
    const revokedKey = (await createOpen311Key(database.db, new Open311Repository(), 'revoked-client'))!;
    await new Open311Repository().revokeKey(database.db, 'revoked-client', new Date());
    expect((await post({ ...valid(), api_key: revokedKey }, 'xml')).statusCode).toBe(403);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('files a real complaint with channel open311, answered in the spec shape and trackable through the API', async () => {
    const res = await post(valid());
    expect(res.statusCode).toBe(200);
    const [answer] = res.json();
    // The spec's answer with the id, plus the token its response table also lists (for clients written to the asynchronous form).
    expect(keysOf(answer)).toEqual([...keysOf(JSON.parse(fixture('spec_06.json'))[0]), 'token'].sort());
    const code = answer.service_request_id as string;
    const tracked = (await app.inject({ url: `/api/v1/complaints/${code}` })).json();
    expect(tracked.code).toBe(code);
    expect(tracked.timeline[0].details.channel).toBe('open311');
    const stored = await database.db.query(`select c.channel, e.payload from complaints c join complaint_events e on e.complaint_id = c.id and e.seq = 1 where c.code = $1`, [code]);
    expect(stored.rows[0]).toMatchObject({ channel: 'open311', payload: { mediaUrl: 'https://example.org/photo.jpg', client: 'fixmystreet-test' } });
    // The public answer carries neither the media URL nor who sent it.
    expect(JSON.stringify(tracked)).not.toContain('example.org');

    const xmlAnswer = xml.parse((await post(valid(), 'xml')).body);
    expect(keysOf(xmlAnswer.service_requests.request[0])).toEqual([...keysOf(xml.parse(fixture('spec_05.xml')).service_requests.request[0]), 'token'].sort());
  });

  it('gives the service_request_id back for a POST\'s token, in the spec\'s shape, and 404 for any other token', async () => {
    const [answer] = (await post(valid())).json();
    expect(answer.token).toMatch(/^[0-9a-f-]{36}$/);
    const json = await app.inject({ url: `/open311/v2/tokens/${answer.token}.json` });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual([{ service_request_id: answer.service_request_id, token: answer.token }]);
    expect(keysOf(json.json()[0])).toEqual(keysOf(JSON.parse(fixture('spec_08.json'))[0]));
    const doc = xml.parse((await app.inject({ url: `/open311/v2/tokens/${answer.token.toUpperCase()}.xml` })).body);
    expect(keysOf(doc.service_requests.request[0])).toEqual(keysOf(xml.parse(fixture('spec_07.xml')).service_requests.request[0]));
    expect(doc.service_requests.request[0]).toEqual({ service_request_id: answer.service_request_id, token: answer.token });
    for (const token of ['0f8fad5b-d9cb-469f-a165-70867728950e', '12345', 'x'.repeat(80)]) {
      const missing = await app.inject({ url: `/open311/v2/tokens/${token}.json` });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()[0].description).toMatch(/^token_id:/);
    }
  });

  it('names every bad field with 400 and files nothing', async () => {
    const before = await tableCounts(database.db);
    const res = await post({ api_key: apiKey, service_code: 'NOPE', lat: '91', long: '71.5', email: 'not-mail', description: 'short' });
    expect(res.statusCode).toBe(400);
    const descriptions = (res.json() as { code: number; description: string }[]).map((e) => e.description);
    for (const field of ['lat', 'email', 'description']) expect(descriptions.some((d) => d.startsWith(`${field}:`))).toBe(true);
    const unknownService = await post({ ...valid(), service_code: 'NOPE' });
    expect(unknownService.statusCode).toBe(400);
    expect(unknownService.json()[0].description).toMatch(/^service_code:/);
    const outside = await post({ ...valid(), lat: '51.5', long: '-0.12' }, 'xml');
    expect(outside.statusCode).toBe(400);
    expect(xml.parse(outside.body).errors.error[0].description).toMatch(/^lat:/);
    const json = await app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: { api_key: apiKey } });
    expect(json.statusCode).toBe(400);
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

describe('GET /open311/v2/requests', () => {
  it('shows public facts only, with the spec fields, a rounded point and the open status', async () => {
    const code = (await post({ ...valid(), lat: '34.01514321', long: '71.52491234' })).json()[0].service_request_id;
    const one = await app.inject({ url: `/open311/v2/requests/${code}.json` });
    expect(one.statusCode).toBe(200);
    const [request] = one.json();
    expect(keysOf(request)).toEqual(keysOf(looseJson('spec_10.json.txt')[0]));
    expect(request).toMatchObject({ service_request_id: code, status: 'open', service_code: serviceCode, lat: 34.015, long: 71.525, description: null, address: null, media_url: null });
    expect(request.expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const body = one.body;
    for (const secret of ['Ayesha', 'citizen@example.pk', 'Garbage has not', 'example.org']) expect(body).not.toContain(secret);
    const asXml = xml.parse((await app.inject({ url: `/open311/v2/requests/${code}.xml` })).body);
    expect(keysOf(asXml.service_requests.request[0])).toEqual(keysOf(xml.parse(fixture('spec_11.xml')).service_requests.request[0]));
    expect((await app.inject({ url: '/open311/v2/requests/KP-0000-0000.json' })).statusCode).toBe(404);
  });

  it('filters by ids, service code, status and dates, and refuses bad filters with 400', async () => {
    const a = (await post(valid())).json()[0].service_request_id;
    const b = (await post(valid())).json()[0].service_request_id;
    const byIds = (await app.inject({ url: `/open311/v2/requests.json?service_request_id=${a},${b}` })).json();
    expect(byIds.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([a, b].sort());
    const byCode = (await app.inject({ url: `/open311/v2/requests.json?service_code=${serviceCode}&status=open` })).json();
    expect(byCode.length).toBeGreaterThanOrEqual(2);
    expect(byCode.every((r: { service_code: string; status: string }) => r.service_code === serviceCode && r.status === 'open')).toBe(true);
    expect((await app.inject({ url: `/open311/v2/requests.json?status=closed&service_code=${serviceCode}` })).json()).toEqual([]);
    // A final state reads as closed, and only the closed filter finds it.
    await database.db.query(`update complaints set state = 'rejected' where code = $1`, [b]);
    const closed = (await app.inject({ url: `/open311/v2/requests.json?status=closed&service_code=${serviceCode}` })).json();
    expect(closed.map((r: { service_request_id: string; status: string }) => [r.service_request_id, r.status])).toEqual([[b, 'closed']]);
    const stillOpen = (await app.inject({ url: `/open311/v2/requests.json?status=open` })).json();
    expect(stillOpen.some((r: { service_request_id: string }) => r.service_request_id === b)).toBe(false);
    expect((await app.inject({ url: '/open311/v2/requests.json?start_date=2001-01-01T00:00:00Z&end_date=2001-02-01T00:00:00Z' })).json()).toEqual([]);
    const bad = await app.inject({ url: '/open311/v2/requests.xml?status=pending&start_date=yesterday' });
    expect(bad.statusCode).toBe(400);
    const described = xml.parse(bad.body).errors.error.map((e: { description: string }) => e.description.split(':')[0]);
    expect(described.sort()).toEqual(['start_date', 'status']);
    const tooLong = await app.inject({ url: '/open311/v2/requests.json?start_date=2025-01-01&end_date=2025-12-31' });
    expect(tooLong.statusCode).toBe(400);
  });

  it('lists public events as servicerequestupdates', async () => {
    const code = (await post(valid())).json()[0].service_request_id;
    const updates = xml.parse((await app.inject({ url: '/open311/v2/servicerequestupdates.xml' })).body).service_request_updates.request_update;
    const mine = updates.filter((u: { service_request_id: string }) => u.service_request_id === code);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(keysOf(mine[0])).toEqual(['description', 'media_url', 'service_request_id', 'status', 'update_id', 'updated_datetime']);
  });
});
