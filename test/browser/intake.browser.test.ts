import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en as core } from '../../web/src/i18n/en.js';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { PNG_1X1 } from '../helpers/fixtures.js';
import { createStaff, GOOD_PASSWORD } from '../helpers/staff.js';

// The screens' words the tests look for (web/src/staff/intake/intake.messages.ts; that file is compiled with the web app).
const WORDS = {
  en: { callLogged: 'Call logged', diaryTaken: 'This office’s diary already has this number.' },
  ur: { callLogged: 'کال درج ہو گئی', diaryTaken: 'اس دفتر کی ڈائری میں یہ نمبر پہلے سے موجود ہے۔' },
} as const;

const OFFICE = 'health@kp.peshawar.peshawar';
const DISTRICT = 'kp.peshawar.peshawar';
const CATEGORY = 'medicine-shortage';

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let agent: { id: string; username: string };
let scanDir: string;
let scanPath: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
  agent = await createStaff(app, 'intake_agent', { officeIds: [OFFICE] });
  scanDir = mkdtempSync(join(tmpdir(), 'ekhtyar-scan-'));
  scanPath = join(scanDir, 'page-1.png');
  writeFileSync(scanPath, PNG_1X1);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
  if (scanDir) rmSync(scanDir, { recursive: true, force: true });
});

/** A browser signed in as the agent through the API (the cookie lands in the context), on `path`. */
async function signedIn(language: 'en' | 'ur', path: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: language === 'en' ? 'en-PK' : 'ur-PK' });
  const response = await context.request.post(`${base}/api/v1/auth/sign-in`, { data: { username: agent.username, password: GOOD_PASSWORD } });
  expect(response.status()).toBe(200);
  expect((await response.json()).stage).toBe('active');
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(base + path);
  await page.locator('h1').first().waitFor();
  expect(await page.locator('html').getAttribute('dir')).toBe(language === 'en' ? 'ltr' : 'rtl');
  return { context, page, errors };
}

/** Errors other than the browser's note of a refused request (a 409 or 422 the page shows beside its field). */
const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('Failed to load resource'));

/** A complaint filed on the website by `phone`: a caller with a complaint to ask about. */
async function webComplaint(phone: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId: CATEGORY, description: 'The dispensary has had no medicines for a month.', location: { areaId: DISTRICT }, contact: { phone } } });
  expect(response.statusCode).toBe(201);
  return response.json().code;
}

const axe = async (page: Page, when: string) => expect(await seriousViolations(page), when).toEqual([]);

async function lookUp(page: Page, phone: string): Promise<void> {
  await page.locator('input[name=phone]').fill(phone);
  await page.locator('input[name=phone]').press('Enter');
}

describe('helpline screen in Chromium', () => {
  for (const [language, n] of [['en', 1], ['ur', 2]] as const) {
    const words = WORDS[language];
    it(`${language}: looks a caller up, files for a caller (channel phone, call logged), logs a status-only call; no serious axe violation`, async () => {
      const existingPhone = `0301555010${n}`;
      const newPhone = `0302555020${n}`;
      const existing = await webComplaint(existingPhone);
      const { context, page, errors } = await signedIn(language, '/staff/intake');
      await page.locator('input[name=phone]').waitFor();
      // Keyboard first: the caller's number has the focus when the screen opens.
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { name?: string } | null } }).document.activeElement?.name)).toBe('phone');
      await page.locator('select[name=categoryId]').waitFor();
      await axe(page, 'empty');

      // The caller with a complaint: its code and its state to read out.
      await lookUp(page, existingPhone);
      const row = page.locator('table.data tbody tr', { hasText: existing });
      await row.waitFor();
      const state = (await database.db.query(`select state from complaints where code = $1`, [existing])).rows[0].state as string;
      if (language === 'en') expect(await row.textContent()).toContain(core[`state.${state}` as keyof typeof core]);
      await axe(page, 'after lookup');

      // Filing with nothing filled in: the problems beside their fields.
      await page.locator('input[name=phone]').fill(newPhone);
      await page.locator('form:has(textarea[name=description]) button[type=submit]').click();
      await expect.poll(() => page.locator('textarea[name=description]').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('select[name=categoryId]').getAttribute('aria-invalid')).toBe('true');
      await axe(page, 'with errors');

      // Filing for a new caller: the search narrows the categories (Urdu names too), Enter files.
      await page.locator('input[type=search]').fill(language === 'en' ? 'Medicines not' : 'ادویات دستیاب');
      expect(await page.locator('select[name=categoryId]').inputValue()).toBe(CATEGORY);
      await page.locator('textarea[name=description]').fill('The dispensary in our village has had no medicines for a month.');
      await page.locator('select[name=district]').selectOption(DISTRICT);
      await page.locator('input[name=name]').fill('Gul Bano');
      await page.locator('input[name=name]').press('Enter');
      const big = page.locator('.big-code');
      await big.waitFor();
      const code = (await big.textContent())!.trim();
      expect(code).toMatch(/^KP-/);
      expect((await page.locator('.spelled').textContent())?.replace(/\s/g, '')).toBe(code.replace(/-/g, ''));
      const filed = (await database.db.query(`select c.channel, i.outcome, i.duration_seconds, i.agent_id from complaints c join intake_calls i on i.complaint_id = c.id where c.code = $1`, [code])).rows;
      expect(filed).toHaveLength(1);
      expect(filed[0]).toMatchObject({ channel: 'phone', outcome: 'complaint_filed', agent_id: agent.id });
      expect(filed[0].duration_seconds).toBeGreaterThanOrEqual(0);
      // The agent's recent filings list it.
      await page.locator('section:has(#filings-heading) table', { hasText: code }).waitFor();
      await axe(page, 'after filing');

      // The next caller only wants the state of their complaint: the call is logged with it.
      await page.locator('.filed button').click();
      await lookUp(page, existingPhone);
      await page.locator('table.data tbody tr', { hasText: existing }).first().waitFor();
      expect(await page.locator('select[name=complaintCode]').inputValue()).toBe(existing);
      await page.locator('select[name=outcome]').selectOption('status_given');
      await page.locator('form.log-call button[type=submit]').click();
      await page.getByText(words.callLogged).waitFor();
      const calls = (await database.db.query(`select i.outcome, i.agent_id from intake_calls i join complaints c on c.id = i.complaint_id where c.code = $1`, [existing])).rows;
      expect(calls).toEqual([{ outcome: 'status_given', agent_id: agent.id }]);
      await axe(page, 'after logging');

      expect(unexpected(errors)).toEqual([]);
      await context.close();
    }, 90_000);
  }
});

describe('letter diary in Chromium', () => {
  // In Urdu the letter came to another office than the agent's own: named by its department and area.
  for (const [language, n, office] of [['en', 1, OFFICE], ['ur', 2, 'health@kp.malakand.swat']] as const) {
    const words = WORDS[language];
    it(`${language}: enters a letter with a scan (code, acknowledgement PDF), refuses its diary number again beside the field, finds it; no serious axe violation`, async () => {
      const diaryNumber = `D-${n}0/2026`;
      const { context, page, errors } = await signedIn(language, '/staff/letters');
      await page.locator('input[name=diaryNumber]').waitFor();
      await axe(page, 'empty');

      // Nothing filled in: each problem beside its field, nothing entered.
      await page.locator('form:has(input[name=diaryNumber]) button[type=submit]').click();
      await expect.poll(() => page.locator('input[name=diaryNumber]').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('textarea[name=description]').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('select[name=categoryId]').getAttribute('aria-invalid')).toBe('true');
      await axe(page, 'empty form sent');

      const fill = async () => {
        await page.locator('input[name=diaryNumber]').fill(diaryNumber);
        const entry = page.locator('form:has(input[name=diaryNumber])');
        if (office !== OFFICE) {
          await entry.locator('select[name=office]').selectOption('*other');
          const [department, area] = office.split('@') as [string, string];
          await entry.locator('select[name=officeDepartment]').selectOption(department);
          await entry.locator('select[name=officeArea]').selectOption(area);
        }
        await page.locator('input[type=file]').setInputFiles(scanPath);
        await page.locator('select[name=categoryId]').selectOption(CATEGORY);
        await page.locator('textarea[name=description]').fill('Respected Sir, the dispensary in our village has had no medicines for a month.');
        await page.locator('select[name=district]').selectOption(DISTRICT);
        await page.locator('input[name=name]').fill('Muhammad Iqbal');
      };
      await fill();
      await page.locator('form:has(input[name=diaryNumber]) button[type=submit]').click();
      const big = page.locator('.big-code');
      await big.waitFor();
      const code = (await big.textContent())!.trim();
      const row = (await database.db.query(`select c.channel, l.diary_number, l.office_id, l.page_count from complaints c join intake_letters l on l.complaint_id = c.id where c.code = $1`, [code])).rows[0];
      expect(row).toEqual({ channel: 'letter', diary_number: diaryNumber, office_id: office, page_count: 1 });
      const slip = await page.locator('a.slip').getAttribute('href');
      const pdf = await context.request.get(base + slip);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await page.locator('section:has(#recent-letters) table', { hasText: code }).waitFor();
      await axe(page, 'after success');

      // The same diary number again: refused, the message beside the diary number.
      await page.locator('.filed button').click();
      await fill();
      await page.locator('form:has(input[name=diaryNumber]) button[type=submit]').click();
      const diary = page.locator('input[name=diaryNumber]');
      await expect.poll(() => diary.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await diary.getAttribute('aria-describedby'))!.split(' ');
      const described = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
      expect(described.join(' ')).toContain(words.diaryTaken);
      expect((await database.db.query(`select count(*)::int as n from intake_letters where diary_number = $1`, [diaryNumber])).rows[0].n).toBe(1);
      await axe(page, 'with errors');

      // Found by its diary number.
      await page.locator('input[name=lookupDiaryNumber]').fill(diaryNumber);
      const lookup = page.locator('form:has(input[name=lookupDiaryNumber])');
      if (office !== OFFICE) {
        await lookup.locator('select[name=office]').selectOption('*other');
        const [department, area] = office.split('@') as [string, string];
        await lookup.locator('select[name=officeDepartment]').selectOption(department);
        await lookup.locator('select[name=officeArea]').selectOption(area);
      }
      await page.locator('input[name=lookupDiaryNumber]').press('Enter');
      await page.locator('.letter-found', { hasText: code }).waitFor();
      await axe(page, 'after lookup');

      expect(unexpected(errors)).toEqual([]);
      await context.close();
    }, 90_000);
  }
});
