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

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/data/fixtures/open311');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'value'].includes(name) });
const keysOf = (value: object) => Object.keys(value).sort();

// The spec's own service definition (spec_03.xml / spec_04.json: DMV66 with one singlevaluelist attribute).
const SPEC_JSON = JSON.parse(fixture('georeport_v2_spec_examples/spec_04.json'));
const SPEC_XML = xml.parse(fixture('georeport_v2_spec_examples/spec_03.xml'));

/** The GeoReport v2.1 OpenAPI file's ServiceAttribute: its required properties, all its properties, its datatypes. */
function serviceAttributeSchema() {
  const yaml = fixture('georeport_v2-1_openapi.yaml');
  const block = yaml.slice(yaml.indexOf('  ServiceAttribute:'), yaml.indexOf('  AttributeValue:'));
  const list = (after: string, indent: number) => {
    const start = block.indexOf(after) + after.length;
    const items: string[] = [];
    for (const line of block.slice(start).split('\n').slice(1)) {
      const match = new RegExp(`^ {${indent}}- (\\w+)$`).exec(line);
      if (!match) break;
      items.push(match[1]!);
    }
    return items;
  };
  const properties = [...block.slice(block.indexOf('    properties:')).matchAll(/^ {6}(\w+):$/gm)].map((m) => m[1]!);
  return { required: list('    required:', 6), properties, datatypes: list('        enum:', 10) };
}

let database: TestDatabase;
let app: FastifyInstance;
let apiKey: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  apiKey = (await createOpen311Key(database.db, new Open311Repository(), 'attributes-test'))!;
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

// Pairs, not an object: a multivaluelist repeats its field.
const post = (pairs: [string, string][], format = 'json') =>
  app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, payload: new URLSearchParams(pairs).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
// A form for the service with these attribute fields; `replace` takes the place of base fields of the same name.
const request = (serviceCode: string, attributes: [string, string][] = [], replace: [string, string][] = []): [string, string][] => [
  ...([
    ['api_key', apiKey],
    ['service_code', serviceCode],
    ['address_id', 'kp.peshawar.peshawar'],
    ['description', 'The police have done nothing about my complaint for a month.'],
    ['email', 'citizen@example.pk'],
  ] as [string, string][]).filter(([name]) => !replace.some(([other]) => other === name)),
  ...replace,
  ...attributes,
];
const storedAttributes = async (code: string) => (await app.services.complaints.view(code, null)).complaint.attributes;

describe('services and service definitions', () => {
  it('marks metadata true exactly for the services that ask extra fields, in JSON and XML', async () => {
    const categories = (await app.inject({ url: '/api/v1/categories' })).json().categories as { serviceCode: string; attributes: unknown[] }[];
    const asking = new Set(categories.filter((c) => c.attributes.length > 0).map((c) => c.serviceCode));
    expect(asking.size).toBeGreaterThan(10);
    const services = (await app.inject({ url: '/open311/v2/services.json' })).json() as { service_code: string; metadata: boolean }[];
    for (const s of services) expect(s.metadata, s.service_code).toBe(asking.has(s.service_code));
    const asXml = xml.parse((await app.inject({ url: '/open311/v2/services.xml' })).body).services.service as { service_code: string; metadata: string }[];
    for (const s of asXml) expect(s.metadata, s.service_code).toBe(asking.has(s.service_code) ? 'true' : 'false');
  });

  it("lists a service's attributes in the spec's JSON shape, and the OpenAPI file's", async () => {
    const res = await app.inject({ url: '/open311/v2/services/PL-003.json' });
    expect(res.statusCode).toBe(200);
    const definition = res.json();
    expect(keysOf(definition)).toEqual(keysOf(SPEC_JSON));
    expect(definition.attributes.map((a: { code: string; order: number }) => [a.code, a.order])).toEqual([['police_station', 1], ['fir_lodged', 2], ['fir_number', 3]]);
    const listAttribute = definition.attributes[1];
    expect(keysOf(listAttribute)).toEqual(keysOf(SPEC_JSON.attributes[0]));
    expect(listAttribute).toEqual({
      variable: true,
      code: 'fir_lodged',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 2,
      description: 'Has an FIR been lodged?',
      values: [{ key: 'yes', name: 'Yes' }, { key: 'no', name: 'No' }],
    });
    for (const v of listAttribute.values) expect(keysOf(v)).toEqual(keysOf(SPEC_JSON.attributes[0].values[0]));
    // A text field has no values; its hint is the datatype_description.
    expect(definition.attributes[2]).toEqual({ variable: true, code: 'fir_number', datatype: 'string', required: false, datatype_description: 'as written on the FIR, e.g. 245/2025', order: 3, description: 'FIR number, if one was lodged' });
    const schema = serviceAttributeSchema();
    expect(schema.required).toEqual(['variable', 'code', 'datatype', 'required']);
    expect(schema.datatypes).toEqual(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);
    for (const a of definition.attributes) {
      for (const property of schema.required) expect(a).toHaveProperty(property);
      for (const property of Object.keys(a)) expect(schema.properties).toContain(property);
      expect(schema.datatypes).toContain(a.datatype);
    }
  });

  it("lists them in the spec's XML shape: <attributes><attribute>, <values><value>", async () => {
    const res = await app.inject({ url: '/open311/v2/services/PL-003.xml' });
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    const definition = xml.parse(res.body).service_definition;
    expect(keysOf(definition)).toEqual(keysOf(SPEC_XML.service_definition));
    const [, listAttribute, textAttribute] = definition.attributes.attribute;
    expect(keysOf(listAttribute)).toEqual(keysOf(SPEC_XML.service_definition.attributes.attribute[0]));
    expect(listAttribute).toMatchObject({ variable: 'true', code: 'fir_lodged', datatype: 'singlevaluelist', required: 'true', datatype_description: '', order: '2' });
    expect(listAttribute.values.value).toEqual([{ key: 'yes', name: 'Yes' }, { key: 'no', name: 'No' }]);
    expect(keysOf(listAttribute.values.value[0])).toEqual(keysOf(SPEC_XML.service_definition.attributes.attribute[0].values.value[0]));
    expect(textAttribute.values).toBeUndefined();
  });

  it('describes how to send a multivaluelist and a date, and gives an empty list for a service without fields', async () => {
    const school = (await app.inject({ url: '/open311/v2/services/ED-002.json' })).json();
    expect(school.attributes.find((a: { code: string }) => a.code === 'missing_facilities')).toMatchObject({ datatype: 'multivaluelist', datatype_description: expect.stringContaining('attribute[missing_facilities][]=') });
    expect((await app.inject({ url: '/open311/v2/services/PL-001.json' })).json().attributes[1]).toMatchObject({ datatype: 'datetime', datatype_description: expect.stringContaining('2026-01-31T09:30:00+05:00') });
    expect((await app.inject({ url: '/open311/v2/services/LG-001.json' })).json()).toEqual({ service_code: 'LG-001', attributes: [] });
    expect(xml.parse((await app.inject({ url: '/open311/v2/services/LG-001.xml' })).body).service_definition.attributes).toBe('');
  });
});

describe('POST /open311/v2/requests with attribute[…]', () => {
  it('files the answers with the complaint, and never publishes them', async () => {
    const res = await post(request('PL-003', [['attribute[fir_lodged]', 'yes'], ['attribute[fir_number]', '245/2025'], ['attribute[police_station]', 'Gulbahar']]));
    expect(res.statusCode).toBe(200);
    const code = res.json()[0].service_request_id;
    expect(await storedAttributes(code)).toEqual({ police_station: 'Gulbahar', fir_lodged: 'yes', fir_number: '245/2025' });
    for (const url of [`/open311/v2/requests/${code}.json`, `/open311/v2/requests/${code}.xml`, `/open311/v2/requests.json?service_code=PL-003`, `/api/v1/complaints/${code}`]) {
      const body = (await app.inject({ url })).body;
      expect(body, url).toContain(code);
      for (const secret of ['245/2025', 'Gulbahar']) expect(body, url).not.toContain(secret);
    }
  });

  it('takes a multivaluelist as attribute[code][] once per key (or attribute[code] repeated)', async () => {
    const school = (extra: [string, string][]) => request('ED-002', extra, [['description', 'The school has no toilets and no electricity.']]);
    const brackets = await post(school([['attribute[missing_facilities][]', 'electricity'], ['attribute[missing_facilities][]', 'toilets'], ['attribute[school_name]', 'GPS Kohat Road']]));
    expect(brackets.statusCode).toBe(200);
    expect(await storedAttributes(brackets.json()[0].service_request_id)).toEqual({ school_name: 'GPS Kohat Road', missing_facilities: ['toilets', 'electricity'] });
    const repeated = await post(school([['attribute[missing_facilities]', 'furniture'], ['attribute[missing_facilities]', 'classrooms']]), 'xml');
    expect(repeated.statusCode).toBe(200);
    expect(await storedAttributes(xml.parse(repeated.body).service_requests.request[0].service_request_id)).toEqual({ missing_facilities: ['furniture', 'classrooms'] });
  });

  it("refuses bad answers with 400 in the spec's error format, naming attribute[code], with the form's other problems, filing nothing", async () => {
    const before = await tableCounts(database.db);
    const res = await post(request('PL-003', [['attribute[fir_number]', 'x'.repeat(31)], ['attribute[colour]', 'red']], [['description', 'short']]));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([
      { code: 400, description: 'description: describe the problem in at least 10 characters' },
      { code: 400, description: expect.stringMatching(/^attribute\[colour\]: this category has no such field/) },
      { code: 400, description: 'attribute[fir_lodged]: is required' },
      { code: 400, description: 'attribute[fir_number]: may be at most 30 characters' },
    ]);
    const asXml = await post(request('PL-003', [['attribute[fir_lodged]', 'perhaps']]), 'xml');
    expect(asXml.statusCode).toBe(400);
    expect(xml.parse(asXml.body).errors.error).toEqual([{ code: '400', description: 'attribute[fir_lodged]: "perhaps" is not one of: yes, no' }]);
    const list = await post(request('PL-003', [['attribute[fir_lodged][]', 'yes'], ['attribute[fir_lodged][]', 'no']]));
    expect(list.json()).toEqual([{ code: 400, description: 'attribute[fir_lodged]: choose one of: yes, no' }]);
    expect(await tableCounts(database.db)).toEqual(before);
  });
});
