import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { PNG_1X1 } from '../helpers/fixtures.js';

interface Names {
  en: string;
  ur: string | null;
  ps: string | null;
}
interface Category {
  id: string;
  name: Names;
  attributes: { required: boolean }[];
}

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let photo: string;
let categories: Category[];
let districts: { id: string; name: Names }[];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
  photo = path.join(mkdtempSync(path.join(tmpdir(), 'ekhtyar-file-')), 'pothole.png');
  writeFileSync(photo, PNG_1X1);
  // Categories that ask no required extra questions, so each test can pick its own and never meet another's complaint.
  categories = (await app.inject({ url: '/api/v1/categories' })).json<{ categories: Category[] }>().categories.filter((c) => c.attributes.every((a) => !a.required) && c.name.ur !== null);
  districts = (await app.inject({ url: '/api/v1/areas?level=district' })).json<{ areas: { id: string; name: Names }[] }>().areas;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

async function openForm(language: 'en' | 'ur' | 'ps'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: `${language}-PK` });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${base}/file`);
  await page.locator('#category-search').waitFor();
  return { context, page, errors };
}

/** Searches for the category by `query`, picks it, and fills in the rest. */
async function fill(page: Page, category: Category, query: string, fields: { description: string; districtId: string; phone?: string }) {
  await page.fill('#category-search', query);
  await page.locator(`[id="category-${category.id}"]`).check();
  await page.fill('#description', fields.description);
  await page.selectOption('#district', fields.districtId);
  if (fields.phone !== undefined) await page.fill('#phone', fields.phone);
}

// These run in the page (this file is compiled without the DOM's types).
function stored(page: Page, key: string): Promise<string | null> {
  return page.evaluate((k) => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem(k), key);
}

function focused(page: Page): Promise<{ tag: string; className: string } | null> {
  return page.evaluate(() => {
    const element = (globalThis as unknown as { document: { activeElement: { tagName: string; className: string } | null } }).document.activeElement;
    return element ? { tag: element.tagName, className: element.className } : null;
  });
}

async function complaintRow(code: string) {
  const { rows } = await database.db.query<{ id: string; channel: string; language: string; description: string; area_id: string; category_id: string }>(
    'select id, channel, language, description, area_id, category_id from complaints where code = $1',
    [code],
  );
  return rows[0];
}

async function attachmentsOf(complaintId: string) {
  return (await database.db.query<{ content_type: string; size_bytes: number }>('select content_type, size_bytes from attachments where complaint_id = $1', [complaintId])).rows;
}

describe('the filing form in Chromium', () => {
  it('en: files a complaint with a photo, keeps the draft across a reload, shows the code and remembers its secret', async () => {
    const category = categories[0]!;
    const district = districts[0]!;
    const { context, page, errors } = await openForm('en');
    expect(await seriousViolations(page)).toEqual([]);
    await fill(page, category, category.name.en.toUpperCase(), { description: 'The street light outside the girls school has been broken for two weeks.', districtId: district.id, phone: '0300 1234567' });
    // The draft is kept as the citizen types: a reload loses nothing.
    await page.reload();
    await expect.poll(() => page.inputValue('#description')).toBe('The street light outside the girls school has been broken for two weeks.');
    expect(await page.inputValue('#phone')).toBe('0300 1234567');
    await page.setInputFiles('#photos', photo);
    await expect.poll(() => page.locator('.photo-previews img').count()).toBe(1);
    expect(await page.locator('.photo-previews img').getAttribute('src')).toMatch(/^blob:/);
    await page.click('button[type=submit]');
    const code = (await page.locator('#tracking-code').textContent({ timeout: 15_000 }))?.trim() ?? '';
    expect(code).toMatch(/^KP-/);
    expect(await page.locator(`a[href="/track/${code}"]`).count()).toBe(1);
    expect((await focused(page))?.tag).toBe('H1');
    expect(await seriousViolations(page)).toEqual([]);
    const row = await complaintRow(code);
    expect(row).toMatchObject({ channel: 'web', language: 'en', area_id: district.id, category_id: category.id });
    expect(await attachmentsOf(row!.id)).toEqual([{ content_type: 'image/png', size_bytes: expect.any(Number) }]);
    expect(Object.keys(JSON.parse((await stored(page, 'ekhtyar.secrets')) ?? '{}'))).toEqual([code.replace(/-/g, '')]);
    expect(await stored(page, 'ekhtyar.file.draft')).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('ur: finds the category by its Urdu name, right to left, and files it with a photo', async () => {
    const category = categories[1]!;
    const district = districts[1]!;
    const { context, page, errors } = await openForm('ur');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    // Typed with Arabic yeh and kaf, as some phone keyboards write them.
    await fill(page, category, (category.name.ur ?? '').replace(/ی/g, 'ي').replace(/ک/g, 'ك'), { description: 'ہمارے محلے میں پچھلے تین دن سے پینے کا پانی نہیں آ رہا اور لوگ پریشان ہیں۔', districtId: district.id });
    await page.check('#anonymous');
    await page.setInputFiles('#photos', photo);
    await page.click('button[type=submit]');
    const code = (await page.locator('#tracking-code').textContent({ timeout: 15_000 }))?.trim() ?? '';
    expect(code).toMatch(/^KP-/);
    expect(await page.locator('h1').textContent()).toBe('آپ کی شکایت درج ہو گئی ہے');
    expect(await seriousViolations(page)).toEqual([]);
    const row = await complaintRow(code);
    expect(row).toMatchObject({ channel: 'web', language: 'ur', category_id: category.id });
    expect(await attachmentsOf(row!.id)).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows a bad phone number beside its field, with a summary that takes the focus, and files nothing', async () => {
    const category = categories[2]!;
    const { context, page } = await openForm('en');
    const before = (await database.db.query<{ n: number }>('select count(*)::int as n from complaints')).rows[0]!.n;
    await page.click('button[type=submit]');
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#description-error').count()).toBe(1);
    await fill(page, category, category.name.en, { description: 'The water pipe on the main road has burst and water is being wasted.', districtId: districts[2]!.id, phone: '12' });
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#phone-error').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getAttribute('#phone', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#phone', 'aria-describedby')).toContain('phone-error');
    expect((await focused(page))?.className).toContain('error-summary');
    expect(await page.locator('.error-summary a[href="#phone"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await database.db.query<{ n: number }>('select count(*)::int as n from complaints')).rows[0]!.n).toBe(before);
    await context.close();
  }, 90_000);

  it('offers a near-identical open complaint to follow instead', async () => {
    const category = categories[3]!;
    const district = districts[3]!;
    const text = 'Garbage has not been collected from Saddar bazaar for ten days and the drains are blocked with plastic bags.';
    const filed = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId: category.id, description: text, location: { areaId: district.id }, anonymous: true } });
    expect(filed.statusCode).toBe(201);
    const { context, page } = await openForm('en');
    await fill(page, category, category.name.en, { description: `${text} Please help.`, districtId: district.id, phone: '03001234568' });
    await page.click('button[type=submit]');
    await page.locator('.similar').waitFor({ timeout: 15_000 });
    expect(await page.locator('.similar').textContent()).toContain(filed.json().code);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('.similar button', { hasText: 'Follow this one instead' }).first().click();
    await expect.poll(() => page.locator('[role=status]').first().textContent(), { timeout: 15_000 }).toContain(`following complaint ${filed.json().code}`);
    expect((await database.db.query('select count(*)::int as n from complaints where category_id = $1', [category.id])).rows[0].n).toBe(1);
    await context.close();
  }, 90_000);

  it('keeps a complaint filed offline and sends it, once, when the connection comes back', async () => {
    const category = categories[4]!;
    const { context, page, errors } = await openForm('en');
    await fill(page, category, category.name.en, { description: 'The health unit in our village has had no doctor since the start of the month.', districtId: districts[4]!.id, phone: '0300 7654321' });
    await page.setInputFiles('#photos', photo);
    await context.setOffline(true);
    await page.click('button[type=submit]');
    await page.locator('.queued').waitFor();
    expect(await page.locator('.queued').textContent()).toContain('You are offline');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await database.db.query('select count(*)::int as n from complaints where category_id = $1', [category.id])).rows[0].n).toBe(0);
    await context.setOffline(false);
    const code = (await page.locator('#tracking-code').textContent({ timeout: 20_000 }))?.trim() ?? '';
    expect(code).toMatch(/^KP-/);
    // Sending it again (a reload finds nothing left to send) files nothing more.
    await page.reload();
    await page.locator('#category-search').waitFor();
    const { rows } = await database.db.query<{ id: string; channel: string }>('select id, channel from complaints where category_id = $1', [category.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.channel).toBe('web');
    expect(await attachmentsOf(rows[0]!.id)).toHaveLength(1);
    expect(await stored(page, 'ekhtyar.file.outbox')).toBeNull();
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
    await context.close();
  }, 90_000);

  it('sends a complaint queued offline from whatever page the citizen is on when the connection comes back, and gives its code', async () => {
    const category = categories[9]!;
    const { context, page, errors } = await openForm('en');
    await fill(page, category, category.name.en, { description: 'The school in our village has had no teacher for English since March.', districtId: districts[6]!.id, phone: '0300 7654322' });
    await context.setOffline(true);
    await page.click('button[type=submit]');
    await page.locator('.queued').waitFor();
    // The citizen moves on to another page of the app while still offline (a link: no request leaves the page).
    await page.getByRole('link', { name: 'Track a complaint' }).first().click();
    await page.locator('.queued-notice .notice', { hasText: 'waiting to be sent' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.setOffline(false);
    const link = page.locator('.queued-notice a[href^="/track/KP-"]');
    await link.waitFor({ timeout: 20_000 });
    const code = (await link.textContent())?.trim() ?? '';
    const { rows } = await database.db.query<{ code: string }>('select code from complaints where category_id = $1', [category.id]);
    expect(rows.map((r) => r.code)).toEqual([code]);
    expect(await page.locator('.queued-notice').textContent()).not.toContain('waiting to be sent');
    expect(Object.keys(JSON.parse((await stored(page, 'ekhtyar.secrets')) ?? '{}'))).toContain(code.replace(/-/g, ''));
    expect(await stored(page, 'ekhtyar.file.outbox')).toBeNull();
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
    await context.close();
  }, 90_000);

  it("ps: asks the category's extra questions as labelled inputs, insists on the required one, and sends the answers by code", async () => {
    const all = (await app.inject({ url: '/api/v1/categories' })).json<{ categories: Category[] }>().categories;
    const category = all.find((c) => c.id === 'police-inaction')!;
    const { context, page, errors } = await openForm('ps');
    await fill(page, category, category.name.ps ?? '', { description: 'پولیس زموږ د غلا شکایت نه اوري او هېڅ کار یې نه دی کړی.', districtId: districts[5]!.id, phone: '0300 1112223' });
    await page.locator('#attr-fir_lodged').waitFor();
    expect(await page.locator('label[for="attr-police_station"]').textContent()).not.toBe('');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#attr-fir_lodged-error').count()).toBe(1);
    expect(await page.getAttribute('#attr-fir_lodged', 'aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await page.selectOption('#attr-fir_lodged', 'yes');
    await page.fill('#attr-police_station', 'Gulbahar');
    await page.click('button[type=submit]');
    const code = (await page.locator('#tracking-code').textContent({ timeout: 15_000 }))?.trim() ?? '';
    expect(code).toMatch(/^KP-/);
    const secret = (JSON.parse((await stored(page, 'ekhtyar.secrets')) ?? '{}') as Record<string, string>)[code.replace(/-/g, '')];
    const own = (await app.inject({ url: `/api/v1/complaints/${code}`, headers: { authorization: `Bearer ${secret}` } })).json().own;
    expect(own.attributes.map((a: { code: string; value: unknown }) => [a.code, a.value]).sort()).toEqual([
      ['fir_lodged', 'yes'],
      ['police_station', 'Gulbahar'],
    ]);
    expect((await complaintRow(code))?.language).toBe('ps');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('sends a retry with the same Idempotency-Key, so an answer lost on the way back does not file the complaint twice', async () => {
    const category = categories[5]!;
    const { context, page } = await openForm('en');
    await fill(page, category, category.name.en, { description: 'The road to the hospital is full of potholes and ambulances cannot pass quickly.', districtId: districts[6]!.id, phone: '0300 5556667' });
    // No photo: Playwright's interception drops a multipart body's file bytes.
    const keys: string[] = [];
    // The server files it, but the answer never reaches the browser (the connection drops on the way back).
    await page.route('**/api/v1/complaints', async (route) => {
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      expect((await route.fetch()).status()).toBe(201);
      await route.abort('internetdisconnected');
    });
    await page.click('button[type=submit]');
    await page.locator('.queued').waitFor({ timeout: 15_000 });
    await page.unroute('**/api/v1/complaints');
    expect((await database.db.query('select count(*)::int as n from complaints where category_id = $1', [category.id])).rows[0].n).toBe(1);
    await page.click('button:has-text("Try sending now")');
    const code = (await page.locator('#tracking-code').textContent({ timeout: 15_000 }))?.trim() ?? '';
    const { rows } = await database.db.query<{ code: string; id: string }>('select code, id from complaints where category_id = $1', [category.id]);
    expect(rows.map((r) => r.code)).toEqual([code]);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    await context.close();
  }, 90_000);

  it('explains a refusal for too many complaints, with when to try again', async () => {
    const limited = await buildTestApp(database.db, { EKHTYAR_RATE_LIMIT_CITIZEN: '1/1h' });
    try {
      const limitedBase = await listen(limited);
      const category = categories[6]!;
      const first = await limited.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId: category.id, description: 'The school roof leaks whenever it rains and the classrooms flood.', contact: { phone: '0300 9998887' } } });
      expect(first.statusCode).toBe(201);
      const context = await browser.newContext({ locale: 'en-PK' });
      const page = await context.newPage();
      await page.goto(`${limitedBase}/file`);
      await page.locator('#category-search').waitFor();
      await fill(page, category, category.name.en, { description: 'Another problem entirely: the boundary wall of the girls college has fallen down.', districtId: districts[7]!.id, phone: '0300 9998887' });
      await page.click('button[type=submit]');
      await page.locator('.error-summary').waitFor({ timeout: 15_000 });
      expect(await page.locator('.error-summary').textContent()).toMatch(/try again in \d+ minutes/);
      expect((await focused(page))?.className).toContain('error-summary');
      await context.close();
    } finally {
      await limited.close();
    }
  }, 90_000);
});
