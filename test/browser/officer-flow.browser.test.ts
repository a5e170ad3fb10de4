import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../server/paths.js';
import { complaintMessages } from '../../web/src/staff/complaint/complaint.messages.js';
import { queueMessages } from '../../web/src/staff/queue/queue.messages.js';
import { signInMessages } from '../../web/src/staff/signin.messages.js';
import { fileMessages } from '../../web/src/pages/file/file.messages.js';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { PNG_1X1 } from '../helpers/fixtures.js';
import { createStaff, GOOD_PASSWORD, totpCode } from '../helpers/staff.js';

// The whole loop of issue 6, through the pages only: a citizen files a complaint with a photo, an officer signs in,
// acknowledges and resolves it, the citizen is not satisfied, it reopens one level up, the head of office resolves it
// again, the citizen is satisfied and it closes. In English and in Urdu (with screenshots of the right-to-left pages),
// with a description that is markup: every view shows it as text.

const OFFICE = 'health@kp.peshawar.peshawar';
const DISTRICT = 'kp.peshawar.peshawar';
const XSS = '<img src=x onerror=alert(1)>';
const SCREENSHOTS = projectPath('test-results');

interface Category {
  id: string;
  departmentId?: string;
  department?: { id: string };
  name: { en: string; ur: string | null; ps: string | null };
  attributes: { required: boolean }[];
}

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let photo: string;
let category: Category;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
  photo = path.join(mkdtempSync(path.join(tmpdir(), 'ekhtyar-flow-')), 'broken-fridge.png');
  writeFileSync(photo, PNG_1X1);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { categories } = (await app.inject({ url: '/api/v1/categories' })).json<{ categories: Category[] }>();
  const health = categories.filter((c) => (c.department?.id ?? c.departmentId) === 'health' && c.attributes.every((a) => !a.required) && c.name.ur !== null);
  expect(health.length).toBeGreaterThan(0);
  category = health[0]!;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

type Language = 'en' | 'ur';

/** A browser context of its own (cookies, storage) for one person, with the page's errors and any dialog collected. */
async function person(language: Language): Promise<{ context: BrowserContext; page: Page; errors: string[]; dialogs: string[] }> {
  const context = await browser.newContext({ locale: `${language}-PK`, viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  const errors = pageErrors(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page, errors, dialogs };
}

/** No element came from the citizen's markup, and the markup is there as text. */
async function showsMarkupAsText(page: Page, where: string) {
  await expect.poll(() => page.locator('main').innerText(), { message: where }).toContain(XSS);
  expect(await page.locator('img[src="x"]').count(), where).toBe(0);
}

async function fileComplaint(page: Page, language: Language): Promise<string> {
  const t = fileMessages[language];
  await page.goto(`${base}/file`);
  await page.locator('#category-search').fill(category.name[language] ?? category.name.en);
  await page.locator(`[id="category-${category.id}"]`).check();
  await page.locator('#description').fill(`${XSS} The vaccine fridge at the BHU has been broken for a month.`);
  await page.locator('#district').selectOption(DISTRICT);
  await page.locator('#phone').fill('0300 7654321');
  await page.setInputFiles('#photos', photo);
  await expect.poll(() => page.locator('.photo-previews img').count()).toBe(1);
  await page.getByRole('button', { name: t.submit }).click();
  const code = ((await page.locator('#tracking-code').textContent({ timeout: 20_000 })) ?? '').trim();
  expect(code).toMatch(/^KP-/);
  return code;
}

/** Signs in on the console's page; a head of office sets up the authenticator app on the way (its key read off the page). */
async function staffSignIn(page: Page, language: Language, username: string) {
  const t = signInMessages[language];
  await page.goto(`${base}/staff`);
  await page.getByLabel(t.username).fill(username);
  await page.getByLabel(t.password, { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: t.submit }).click();
  const queue = page.getByRole('heading', { level: 1, name: queueMessages[language].title });
  const enrol = page.getByRole('heading', { level: 1, name: t['enrol.title'] });
  await queue.or(enrol).waitFor();
  if (await enrol.isVisible()) {
    const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel(t['code.label']).fill(await totpCode(secret));
    await page.getByRole('button', { name: t['enrol.submit'] }).click();
    await queue.waitFor();
  }
}

/** From the queue to the complaint's page, by its link. */
async function openFromQueue(page: Page, code: string) {
  await page.getByRole('link', { name: code }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: code }).waitFor();
}

async function acknowledgeAndResolve(page: Page, language: Language, summary: string) {
  const t = complaintMessages[language];
  const status = (text: string) => page.locator('.actions [role="status"]').filter({ hasText: text }).waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: t['action.acknowledge.title'], exact: true }).click();
  await status(t['action.acknowledge.done']);
  const resolve = page.locator('details.action').filter({ has: page.locator('summary', { hasText: t['action.resolve.title'] }) });
  await resolve.locator('summary').click();
  await resolve.getByLabel(t['outcome.full_relief']).check();
  await resolve.getByLabel(t['action.resolve.summary']).fill(summary);
  await resolve.getByRole('button', { name: t['action.resolve.title'] }).click();
  await status(t['action.resolve.done']);
}

const state = (page: Page, value: string) => page.locator(`.state[data-state="${value}"]`).waitFor({ timeout: 20_000 });

async function answer(page: Page, satisfied: boolean, text: string) {
  await page.locator(satisfied ? '#feedback-satisfied' : '#feedback-not-satisfied').check();
  await page.locator(satisfied ? '#feedback-comment' : '#feedback-reason').fill(text);
  await page.locator('#feedback-heading ~ form button[type=submit]').click();
}

async function complaint(code: string) {
  const { rows } = await database.db.query<{ id: string; state: string; escalation_level: number; channel: string }>('select id, state, escalation_level, channel from complaints where code = $1', [code]);
  return rows[0]!;
}

/** Which side of its line the page's first heading's text starts from: the right for right-to-left pages. */
async function headingSide(page: Page): Promise<'left' | 'right'> {
  return page.evaluate(() => {
    // Runs in the page (this file is compiled without the DOM's types).
    type Rect = { left: number; right: number };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): Rect } | null; createRange(): { selectNodeContents(n: unknown): void; getBoundingClientRect(): Rect } } }).document;
    const heading = doc.querySelector('h1')!;
    const range = doc.createRange();
    range.selectNodeContents(heading);
    const box = heading.getBoundingClientRect();
    const text = range.getBoundingClientRect();
    return Math.abs(box.right - text.right) < Math.abs(text.left - box.left) ? 'right' : 'left';
  });
}

describe('the officer flow in Chromium, through the pages', () => {
  for (const language of ['en', 'ur'] as const) {
    it(`${language}: filed with a photo → acknowledged and resolved → not satisfied → reopened one level up → resolved again → satisfied → closed`, async () => {
      const officer = await createStaff(app, 'officer', { officeIds: [OFFICE] });
      const head = await createStaff(app, 'head_of_office', { officeIds: [OFFICE] });
      const citizen = await person(language);
      const code = await fileComplaint(citizen.page, language);
      const filed = await complaint(code);
      expect(filed).toMatchObject({ channel: 'web', escalation_level: 0 });
      expect((await database.db.query('select count(*)::int as n from attachments where complaint_id = $1', [filed.id])).rows[0].n).toBe(1);

      // The officer finds it in the queue, sees the citizen's words as text, acknowledges and resolves it.
      const officerSide = await person(language);
      await staffSignIn(officerSide.page, language, officer.username);
      await officerSide.page.getByRole('link', { name: code }).waitFor();
      expect(await officerSide.page.locator('img[src="x"]').count()).toBe(0);
      if (language === 'ur') await officerSide.page.screenshot({ path: path.join(SCREENSHOTS, 'officer-flow-ur-queue.png'), fullPage: true });
      await openFromQueue(officerSide.page, code);
      await showsMarkupAsText(officerSide.page, 'the staff complaint page');
      expect(await officerSide.page.locator('img').count()).toBeGreaterThan(0); // the citizen's photo
      await acknowledgeAndResolve(officerSide.page, language, 'The fridge was repaired on Tuesday.');
      expect((await complaint(code)).state).toBe('resolved');
      expect(await seriousViolations(officerSide.page)).toEqual([]);

      // The citizen follows it on the track page (the secret the form kept), and is not satisfied.
      await citizen.page.goto(`${base}/track/${code}`);
      await state(citizen.page, 'resolved');
      await showsMarkupAsText(citizen.page, 'the track page');
      await answer(citizen.page, false, 'The fridge broke again the next day.');
      await state(citizen.page, 'assigned');
      expect(await complaint(code)).toMatchObject({ state: 'assigned', escalation_level: 1 });

      // One level up: the head of office signs in (setting up the authenticator app), acknowledges and resolves it.
      const headSide = await person(language);
      await staffSignIn(headSide.page, language, head.username);
      await openFromQueue(headSide.page, code);
      await showsMarkupAsText(headSide.page, "the head of office's complaint page");
      await acknowledgeAndResolve(headSide.page, language, 'A new fridge was installed and checked.');
      if (language === 'ur') {
        expect(await headSide.page.locator('html').getAttribute('dir')).toBe('rtl');
        expect(await headingSide(headSide.page)).toBe('right');
        await headSide.page.screenshot({ path: path.join(SCREENSHOTS, 'officer-flow-ur-complaint.png'), fullPage: true });
      }

      // The citizen is satisfied: closed.
      await state(citizen.page, 'resolved');
      await answer(citizen.page, true, 'Working now, thank you.');
      await state(citizen.page, 'closed');
      expect(await complaint(code)).toMatchObject({ state: 'closed', escalation_level: 1 });
      await showsMarkupAsText(citizen.page, 'the closed track page');
      expect(await seriousViolations(citizen.page)).toEqual([]);
      if (language === 'ur') {
        expect(await headingSide(citizen.page)).toBe('right');
        await citizen.page.screenshot({ path: path.join(SCREENSHOTS, 'officer-flow-ur-track.png'), fullPage: true });
      } else expect(await headingSide(citizen.page)).toBe('left');

      // The citizen's "my complaints" is another view of the same text: sign-in is covered by its own test; the
      // officer's queue after closing no longer lists it.
      await officerSide.page.goto(`${base}/staff`);
      await officerSide.page.getByRole('heading', { level: 1, name: queueMessages[language].title }).waitFor();
      await expect.poll(() => officerSide.page.getByRole('link', { name: code }).count()).toBe(0);

      for (const side of [citizen, officerSide, headSide]) {
        expect(side.dialogs).toEqual([]);
        expect(side.errors.filter((e) => !e.includes('status of 401') && !e.startsWith('Failed to load resource'))).toEqual([]);
        await side.context.close();
      }
    }, 180_000);
  }
});
