import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { signInBrowser } from '../helpers/dashboard.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { staffSession, type SignedIn } from '../helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let categoryId: string;
let monitor: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

async function file(description: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description, location: { areaId: 'kp.peshawar.peshawar' }, anonymous: true } });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { code: string }).code;
}

const row = (page: Page, code: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: code }) });
const flag = (page: Page, code: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: `Complaint ${code}` }) });

describe('moderation in the console', () => {
  it('a monitor sees the flags in the queue, clears one and upholds another (the reason required) on the moderation screen', async () => {
    const swearing = await file('What the fuck, the BHU has been closed for a week and nobody answers.');
    const insulting = await file('tu jahil insaan hai teri aukat kya hai, dawai do');
    const clean = await file('The BHU has had no nurse for a week.');

    const context = await browser.newContext({ locale: 'en-PK' });
    await signInBrowser(context, base, monitor);
    const page = await context.newPage();
    const errors = pageErrors(page);

    // The queue marks flagged complaints in words, not colour alone.
    await page.goto(`${base}/staff`);
    await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
    await row(page, swearing).getByText('Flagged: waiting for a moderator').waitFor();
    await row(page, insulting).getByText('Flagged: waiting for a moderator').waitFor();
    await row(page, clean).waitFor();
    expect(await row(page, clean).getByText('Flagged').count()).toBe(0);

    // The console's navigation leads to the moderation screen.
    await page.getByRole('navigation', { name: 'Staff console' }).getByRole('link', { name: 'Moderation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Moderation' }).waitFor();
    const first = flag(page, swearing);
    const second = flag(page, insulting);
    await first.waitFor();
    await second.waitFor();
    expect(await first.textContent()).toContain('Profanity (word list)');
    expect(await first.locator('blockquote').textContent()).toBe('What the fuck, the BHU has been closed for a week and nobody answers.');
    expect(await second.textContent()).toContain('Judged abusive by the trained model');
    expect(await second.textContent()).toMatch(/Model confidence\s*\d+%/);
    expect(await flag(page, clean).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Upholding without a reason is refused beside the field; nothing is sent.
    await second.getByRole('button', { name: 'Uphold flag' }).click();
    await second.getByText('Give the reason for upholding the flag.').waitFor();
    expect(await second.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await second.getByLabel('Reason').fill('Insults the doctor.');
    await second.getByRole('button', { name: 'Uphold flag' }).click();
    await page.getByRole('status').filter({ hasText: `Upheld the flag on ${insulting}.` }).waitFor();
    await expect.poll(() => flag(page, insulting).count()).toBe(0);

    await first.getByRole('button', { name: 'Clear flag' }).click();
    await page.getByRole('status').filter({ hasText: `Cleared the flag on ${swearing}.` }).waitFor();
    await expect.poll(() => flag(page, swearing).count()).toBe(0);

    const rows = (await database.db.query(`select code, moderation_status, moderation_note, moderated_by from complaints where code = any($1) order by code`, [[swearing, insulting]])).rows;
    expect(rows).toEqual(
      expect.arrayContaining([
        { code: swearing, moderation_status: 'cleared', moderation_note: null, moderated_by: monitor.id },
        { code: insulting, moderation_status: 'upheld', moderation_note: 'Insults the doctor.', moderated_by: monitor.id },
      ]),
    );
    const audit = (await database.db.query(`select action, actor_id from audit_log where action like 'complaint.moderation_%' order by id`)).rows;
    expect(audit).toEqual([
      { action: 'complaint.moderation_upheld', actor_id: monitor.id },
      { action: 'complaint.moderation_cleared', actor_id: monitor.id },
    ]);

    // Back in the queue: the cleared flag is gone, the upheld one says so.
    await page.getByRole('navigation', { name: 'Staff console' }).getByRole('link', { name: 'Queue' }).click();
    await row(page, insulting).getByText('Abusive language (upheld)').waitFor();
    expect(await row(page, swearing).getByText('Flagged').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('is in the navigation of moderators only, and in Urdu and Pashto too', async () => {
    const officer = await staffSession(app, 'officer', { officeIds: ['health@kp.peshawar.peshawar'] });
    const context = await browser.newContext({ locale: 'en-PK' });
    await signInBrowser(context, base, officer);
    const page = await context.newPage();
    await page.goto(`${base}/staff/moderation`);
    await page.getByText('Your role does not use this page.').waitFor();
    expect(await page.getByRole('navigation', { name: 'Staff console' }).getByRole('link', { name: 'Moderation' }).count()).toBe(0);
    await context.close();

    const admin = await staffSession(app, 'administrator');
    const adminContext = await browser.newContext({ locale: 'ur-PK' });
    await signInBrowser(adminContext, base, admin);
    const adminPage = await adminContext.newPage();
    await adminPage.goto(`${base}/staff/moderation`);
    await adminPage.getByRole('heading', { level: 1, name: 'ماڈریشن' }).waitFor();
    await adminPage.getByText('کوئی شکایت ماڈریشن کی منتظر نہیں۔').waitFor();
    expect(await seriousViolations(adminPage)).toEqual([]);
    await adminContext.close();
  }, 60_000);
});
