import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { PNG_1X1 } from '../helpers/fixtures.js';
import { staffSession, type SignedIn } from '../helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let categoryId: string;
let office: { id: string; area_id: string };
let officer: SignedIn;
let head: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar' limit 1`)).rows[0];
  officer = await staffSession(app, 'officer', { officeIds: [office.id] });
  head = await staffSession(app, 'head_of_office', { officeIds: [office.id] });
  base = await listen(app);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

const XSS = '<img src=x onerror=alert(1)>';

/** Files a complaint through the public API, as the filing form does; its code and owner secret. */
async function fileComplaint(description = `${XSS} The BHU has had no doctor for a week.`): Promise<{ code: string; citizenSecret: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    payload: { categoryId, description, location: { areaId: office.area_id, address: 'Mohalla Jangi, near the mosque' }, contact: { phone: '0301 5554433' }, photos: [{ filename: 'ward.png', data: PNG_1X1.toString('base64') }] },
  });
  if (response.statusCode !== 201) throw new Error(`filing failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A staff action through the staff API. */
async function staff(who: SignedIn, code: string, action: string, payload?: object) {
  const response = await app.inject({ method: 'POST', url: `/api/v1/staff/complaints/${code}/${action}`, headers: who.headers, ...(payload && { payload }) });
  if (response.statusCode !== 200) throw new Error(`${action} failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A fresh browser whose storage holds the complaint's secret, as the filing form leaves it. */
async function openAsOwner(language: 'en' | 'ur', code: string, secret: string): Promise<{ context: BrowserContext; page: Page; errors: string[]; dialogs: string[] }> {
  const context = await browser.newContext({ locale: language === 'en' ? 'en-PK' : 'ur-PK' });
  await context.addInitScript(
    ([key, value]) => {
      const { localStorage } = globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } };
      localStorage.setItem('ekhtyar.secrets', JSON.stringify({ [key!]: value }));
    },
    [code.toUpperCase().replace(/[\s-]/g, ''), secret],
  );
  const page = await context.newPage();
  const errors = pageErrors(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${base}/track/${code}`);
  await page.locator('.own-description').waitFor();
  // Marks this document: a reload would lose it.
  await page.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
  return { context, page, errors, dialogs };
}

const stateOf = (page: Page) => page.locator('.state').getAttribute('data-state');
const waitForState = (page: Page, state: string) => page.locator(`.state[data-state="${state}"]`).waitFor({ timeout: 15_000 });
const sameDocument = (page: Page) => page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);
const escalation = (page: Page) => page.locator('[data-fact="track.escalation"] dd').innerText();

describe('the track page for the complaint’s owner, in Chromium', () => {
  for (const language of ['en', 'ur'] as const) {
    it(`${language}: shows the owner's text as text and their photo, follows the office live, and takes "not satisfied" then "satisfied"`, async () => {
      const { code, citizenSecret } = await fileComplaint();
      const { context, page, errors, dialogs } = await openAsOwner(language, code, citizenSecret);
      expect(await page.locator('html').getAttribute('dir')).toBe(language === 'en' ? 'ltr' : 'rtl');

      // The citizen's words are text: the markup in them is shown, never run.
      expect(await page.locator('.own-description').innerText()).toBe(`${XSS} The BHU has had no doctor for a week.`);
      expect(await page.locator('.own-description img').count()).toBe(0);
      expect(await page.locator('.own').innerText()).toContain('Mohalla Jangi, near the mosque');
      // The photo is fetched with the secret and shown through an object URL.
      const photo = page.locator('.own-photos img');
      await photo.waitFor();
      expect(await photo.getAttribute('src')).toMatch(/^blob:/);
      await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }).document.querySelector('.own-photos img')?.naturalWidth === 1);
      expect(await page.locator('#feedback-heading').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);

      // The office acknowledges and resolves: the page follows without a reload, and says so politely.
      await staff(officer, code, 'acknowledge');
      await staff(officer, code, 'resolve', { outcome: 'full_relief', reason: 'A doctor is posted <b>from Monday</b>.' });
      await waitForState(page, 'resolved');
      expect(await sameDocument(page)).toBe(true);
      await page.locator('#feedback-heading').waitFor();
      expect(await page.locator('.timeline').innerText()).toContain('A doctor is posted <b>from Monday</b>.');
      expect(await page.locator('p[role=status][aria-live=polite]').first().innerText()).toMatch(language === 'en' ? /New on this complaint: Marked resolved/ : /نئی پیش رفت/);
      expect(await seriousViolations(page)).toEqual([]);

      // "Not satisfied" needs a reason: the server's refusal shows beside the field.
      await page.locator('#feedback-not-satisfied').check();
      await page.locator('#feedback-heading ~ form button[type=submit]').click();
      await page.locator('#feedback-reason-error').waitFor();
      expect(await page.locator('#feedback-reason').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#feedback-reason').getAttribute('aria-describedby')).toContain('feedback-reason-error');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('feedback-reason');
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('#feedback-reason').fill('The doctor came once and left.');
      await page.locator('#feedback-heading ~ form button[type=submit]').click();
      await waitForState(page, 'assigned');
      expect(await escalation(page)).toMatch(/^(1|۱)$/);
      expect(await page.locator('.citizen-actions .notice').innerText()).toMatch(language === 'en' ? /reopened and escalated to level 1/ : /(1|۱)/);
      expect(await seriousViolations(page)).toEqual([]);

      // Resolved again, then "satisfied" with a rating: closed.
      await staff(officer, code, 'acknowledge');
      await staff(officer, code, 'resolve', { outcome: 'full_relief', reason: 'A second doctor is posted.' });
      await waitForState(page, 'resolved');
      await page.locator('#feedback-satisfied').check();
      await page.locator('#feedback-rating').selectOption('4');
      await page.locator('#feedback-comment').fill('Better now.');
      await page.locator('#feedback-heading ~ form button[type=submit]').click();
      await waitForState(page, 'closed');
      expect(await page.locator('.citizen-actions .notice').innerText()).toBe(language === 'en' ? 'Thank you. Your complaint is now closed.' : 'شکریہ۔ آپ کی شکایت اب بند ہو گئی ہے۔');
      expect(await page.locator('#feedback-heading').count()).toBe(0);
      expect((await database.db.query('select feedback_rating from complaints where code = $1', [code])).rows[0].feedback_rating).toBe(4);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await sameDocument(page)).toBe(true);

      expect(dialogs).toEqual([]);
      expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
      await context.close();
    }, 120_000);

    it(`${language}: answers the office's question with text and a photo, and contests a rejection`, async () => {
      const { code, citizenSecret } = await fileComplaint('The dispensary in Mohalla Jangi has no medicines.');
      const { context, page, errors } = await openAsOwner(language, code, citizenSecret);
      await staff(officer, code, 'acknowledge');
      await staff(officer, code, 'information-requests', { question: 'Which dispensary <i>exactly</i>?' });
      await waitForState(page, 'awaiting_citizen');
      // The office's question is shown above the answer, as text.
      expect(await page.locator('.question').innerText()).toBe('Which dispensary <i>exactly</i>?');
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('#info-text').fill('The one behind the girls’ school.');
      await page.locator('#info-photos').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: PNG_1X1 });
      await page.locator('#info-heading ~ form button[type=submit]').click();
      await waitForState(page, 'in_progress');
      expect(await page.locator('.timeline').innerText()).toContain('The one behind the girls’ school.');
      // The new photo joins the owner's photos (each fetched with the secret once listed).
      await page.locator('.own-photos img').nth(1).waitFor();
      expect(await page.locator('.own-photos li').count()).toBe(2);
      expect(await seriousViolations(page)).toEqual([]);

      await staff(head, code, 'reject', { reason: 'Medicines are bought by the province.' });
      await waitForState(page, 'rejected');
      await page.locator('#contest-heading').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('#contest-heading ~ form button[type=submit]').click();
      await page.locator('#contest-reason-error').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('#contest-reason').fill('The dispensary orders them itself.');
      await page.locator('#contest-heading ~ form button[type=submit]').click();
      await waitForState(page, 'assigned');
      expect(await escalation(page)).toMatch(/^(1|۱)$/);
      expect(await sameDocument(page)).toBe(true);
      expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
      await context.close();
    }, 120_000);
  }

  it('withdraws only after confirmation, with focus moved to the question and back', async () => {
    const { code, citizenSecret } = await fileComplaint('The vaccinator has not come to our village this month.');
    const { context, page } = await openAsOwner('en', code, citizenSecret);
    const activeId = () =>
      page.evaluate(() => {
        const active = (globalThis as unknown as { document: { activeElement: { id: string; textContent: string } | null } }).document.activeElement;
        return { id: active?.id, textContent: active?.textContent };
      });
    await page.getByRole('button', { name: 'Withdraw my complaint…' }).click();
    expect((await activeId()).id).toBe('withdraw-confirm');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'No, keep it open' }).click();
    expect((await activeId()).textContent).toBe('Withdraw my complaint…');
    expect(await stateOf(page)).not.toBe('withdrawn');
    await page.getByRole('button', { name: 'Withdraw my complaint…' }).click();
    await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
    await waitForState(page, 'withdrawn');
    expect(await page.locator('.citizen-actions .notice').innerText()).toBe('Your complaint was withdrawn.');
    await context.close();
  }, 60_000);

  it('shows a stranger the public view only: no text of the citizen, no actions, and an offer to sign in', async () => {
    const { code } = await fileComplaint();
    const context = await browser.newContext({ locale: 'en-PK' });
    const page = await context.newPage();
    await page.goto(`${base}/track/${code}`);
    await page.locator('.state').waitFor();
    expect(await page.locator('.own').count()).toBe(0);
    expect(await page.locator('.citizen-actions').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain('onerror');
    expect(await page.getByRole('link', { name: 'Sign in' }).last().getAttribute('href')).toBe(`/signin?next=${encodeURIComponent(`/track/${code}`)}`);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
