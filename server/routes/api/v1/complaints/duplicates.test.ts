import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import { projectPath } from '../../../../paths.js';

// Real grievance texts (Nepal's Hello Sarkar, via the Sambodhan project; see ../shared/data/README.md).
const DATA = projectPath('../shared/data/complaints_text/sambodhan_grievances_train.csv');

let database: TestDatabase;
let app: FastifyInstance;
let categoryId: string;
let districtId: string;
let texts: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await app.inject({ url: '/api/v1/categories' })).json().categories[0].id;
  districtId = (await app.inject({ url: '/api/v1/areas?level=district' })).json().areas[0].id;
  const rows = existsSync(DATA) ? (parse(readFileSync(DATA), { columns: true }) as { grievance: string }[]) : [];
  // Longer English texts, where "the same problem" can be told from the words alone. The source holds templated
  // complaints that differ only in a place name (truly the same problem elsewhere), so keep one text per opening.
  const openings = new Set<string>();
  texts = rows
    .map((r) => r.grievance)
    .filter((t) => t.length >= 80 && t.length <= 400 && /^[\x20-\x7e]+$/.test(t))
    .filter((t) => {
      const opening = t.toLowerCase().split(' ').slice(0, 4).join(' ');
      return !openings.has(opening) && Boolean(openings.add(opening));
    })
    .slice(0, 120);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const similar = (description: string, location: object = { areaId: districtId }) =>
  app.inject({ method: 'POST', url: '/api/v1/complaints/similar', payload: { categoryId, description, location } });

// How a second citizen might write the same complaint: other case, dropped words, a typo.
function retell(text: string): string {
  const words = text.split(' ');
  const kept = words.filter((_, i) => i % 7 !== 3);
  const typo = kept.map((w, i) => (i === 2 && w.length > 4 ? w.slice(0, -2) + w.at(-1) + w.at(-2) : w));
  return typo.join(' ').toUpperCase();
}

describe('duplicate suggestions on real complaint texts', () => {
  it('offers the filed complaint for a retelling of it, and rarely anything for an unrelated one', async () => {
    expect(texts.length).toBeGreaterThanOrEqual(100);
    const filed = texts.slice(0, 60);
    const codes: string[] = [];
    for (const description of filed) {
      codes.push((await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description, location: { areaId: districtId }, anonymous: true } })).json().code);
    }
    let found = 0;
    for (const [i, text] of filed.entries()) {
      const suggestions = (await similar(retell(text))).json().suggestions;
      if (suggestions[0]?.code === codes[i]) found += 1;
    }
    let falseAlarms = 0;
    for (const text of texts.slice(60, 120)) if ((await similar(text)).json().suggestions.length > 0) falseAlarms += 1;
    expect(found / filed.length).toBeGreaterThanOrEqual(0.9);
    expect(falseAlarms / 60).toBeLessThanOrEqual(0.1);
  }, 120_000);

  it('looks only at the same category and place, and shows no one’s words', async () => {
    const text = texts[0]!;
    const elsewhere = (await app.inject({ url: '/api/v1/areas?level=district' })).json().areas[1].id;
    expect((await similar(text, { areaId: elsewhere })).json().suggestions).toEqual([]);
    const res = await similar(text);
    expect(res.body).not.toContain(text.slice(0, 30));
  });

  it('offers the same text filed a few metres away, and not the same text 5 km away', async () => {
    const text = texts[7]!;
    const at = { latitude: 34.0151, longitude: 71.5249 };
    const filed = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: text, location: at, anonymous: true } });
    expect(filed.statusCode).toBe(201);
    const codes = async (location: object) => (await similar(text, location)).json().suggestions.map((s: { code: string }) => s.code);
    expect(await codes({ latitude: 34.0155, longitude: 71.5252 })).toContain(filed.json().code);
    expect(await codes({ latitude: 34.0151 + 5 / 111.2, longitude: 71.5249 })).not.toContain(filed.json().code);
  });

  it('answers bad input with a problem naming the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/complaints/similar', payload: { categoryId: 'nope', description: 'x', location: { areaId: districtId } } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].pointer).toBe('/categoryId');
  });
});

describe('following a complaint', () => {
  it('adds the citizen once, shows one more follower publicly, and names nobody', async () => {
    const { code } = (await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: texts[5], location: { areaId: districtId }, anonymous: true } })).json();
    const follow = (payload: object) => app.inject({ method: 'POST', url: `/api/v1/complaints/${code.toLowerCase()}/follow`, payload });
    const first = await follow({ phone: '0311 2223334', name: 'Bilal' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ code, following: true, alreadyFollowing: false });
    expect((await follow({ phone: '+92 311 2223334' })).json().alreadyFollowing).toBe(true);
    expect((await follow({})).statusCode).toBe(422);
    const view = await app.inject({ url: `/api/v1/complaints/${code}` });
    expect(view.json().timeline.map((e: { type: string }) => e.type)).toContain('follower_added');
    expect(view.body).not.toContain('Bilal');
    const suggestion = (await similar(texts[5]!)).json().suggestions.find((s: { code: string }) => s.code === code);
    expect(suggestion.followers).toBe(1);
  });
});
