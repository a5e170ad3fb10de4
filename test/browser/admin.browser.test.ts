import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createStaff, GOOD_PASSWORD, totpCode } from '../helpers/staff.js';
import { train } from '../../server/ai/classifier/linear-model.js';
import { serialiseModel } from '../../server/ai/classifier/model-file.js';

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/**
 * A browser context signed in as a new administrator: through the API with the context's own request client (so the
 * session cookie lands in the browser), enrolling the authenticator app administrators must have.
 */
async function adminContext(locale: string): Promise<BrowserContext> {
  const { username } = await createStaff(app, 'administrator');
  const context = await browser.newContext({ locale });
  const request = context.request;
  let response = await request.post(`${base}/api/v1/auth/sign-in`, { data: { username, password: GOOD_PASSWORD } });
  expect(response.status()).toBe(200);
  const { csrfToken, stage } = (await response.json()) as { csrfToken: string; stage: string };
  expect(stage).toBe('enrol_second_factor');
  const enrol = await request.post(`${base}/api/v1/auth/second-factor/enrolment`, { headers: { 'x-csrf-token': csrfToken } });
  const { secret } = (await enrol.json()) as { secret: string };
  response = await request.post(`${base}/api/v1/auth/second-factor/enrolment/confirm`, { headers: { 'x-csrf-token': csrfToken }, data: { code: await totpCode(secret) } });
  expect(((await response.json()) as { stage: string }).stage).toBe('active');
  return context;
}

const SCREENS = ['/staff/admin', '/staff/admin/users', '/staff/admin/departments', '/staff/admin/offices', '/staff/admin/categories', '/staff/admin/calendar', '/staff/admin/models'];

async function expectAccessible(page: Page, label: string) {
  expect(await seriousViolations(page), label).toEqual([]);
}

describe('administration screens in Chromium', () => {
  it('an administrator makes a stored routing model active, and is told when there is nothing to roll back to', async () => {
    const texts = [
      ['garbage has not been collected from our street for a week', 'garbage-not-collected'],
      ['the garbage heap near the school smells', 'garbage-not-collected'],
      ['nobody picks up the rubbish in our mohalla', 'garbage-not-collected'],
      ['no electricity since morning in our village', 'power-outage'],
      ['the power has been off for two days', 'power-outage'],
      ['bijli nahi hai kal se, load shedding all day', 'power-outage'],
    ] as const;
    const model = train(texts.map(([text, label]) => ({ text, label })), { features: { hashBits: 12, charMin: 2, charMax: 5 } });
    await app.services.routerModels.importModel(serialiseModel(model), { role: 'system', id: 'test' }, false);
    const context = await adminContext('en-PK');
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${base}/staff/admin/models`);
    await page.getByRole('heading', { level: 1, name: 'Routing models' }).waitFor();
    await page.getByRole('cell', { name: 'Candidate', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Make active: v1' }).click();
    await page.getByText('Version 1 is the active model.').waitFor();
    await page.getByRole('cell', { name: 'Active', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Roll back to the previous model' }).click();
    await page.getByText(/there is no earlier one to return to/).waitFor();
    await expectAccessible(page, 'routing models');
    // The refused rollback is the only failed request the console reports.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await context.close();
  }, 60_000);

  it('an administrator creates a department, an office, a category, a holiday and an account through the screens', async () => {
    const context = await adminContext('en-PK');
    const page = await context.newPage();
    const errors = pageErrors(page);

    await page.goto(`${base}/staff/admin`);
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.getByRole('link', { name: 'Departments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Departments' }).waitFor();
    await page.getByRole('cell', { name: 'health', exact: true }).waitFor();

    // A form sent empty: the server's problems beside their fields.
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please correct' }).waitFor();
    expect(await page.getByLabel('Identifier').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Name in Urdu').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'departments with errors');

    await page.getByLabel('Identifier').fill('tourism');
    await page.getByLabel('Name in English').fill('Tourism');
    await page.getByLabel('Name in Urdu').fill('سیاحت');
    await page.getByLabel('Name in Pashto').fill('ګرځندوی');
    await page.getByLabel('Office level').selectOption('district');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'tourism', exact: true }).waitFor();
    expect(await page.getByLabel('Identifier').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page, 'departments');

    await page.goto(`${base}/staff/admin/offices`);
    await page.getByRole('heading', { level: 1, name: 'Offices' }).waitFor();
    const form = page.locator('form.admin-form');
    await form.getByLabel('Department', { exact: true }).selectOption('tourism');
    await form.getByLabel('Area', { exact: true }).selectOption('kp.peshawar.peshawar');
    await form.getByLabel('Name in English').fill('District Tourism Office Peshawar');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByText('tourism@kp.peshawar.peshawar').waitFor();
    await expectAccessible(page, 'offices');

    await page.goto(`${base}/staff/admin/categories`);
    await page.getByRole('heading', { level: 1, name: 'Complaint categories' }).waitFor();
    await page.getByLabel('Identifier').fill('tourist-site-upkeep');
    await page.getByLabel('Open311 service code').fill('TOU-SITE-01');
    await page.getByLabel('Department', { exact: true }).selectOption('tourism');
    await page.getByLabel('Group').fill('Tourism');
    await page.getByLabel('Name in English').fill('Tourist site not maintained');
    await page.getByLabel('Name in Urdu').fill('سیاحتی مقام کی دیکھ بھال نہیں');
    await page.getByLabel('Name in Pashto').fill('د ګرځندوی ځای ساتنه نه کېږي');
    await page.getByLabel('Working days to resolve').fill('10');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'TOU-SITE-01', exact: true }).waitFor();
    await expectAccessible(page, 'categories');

    await page.goto(`${base}/staff/admin/calendar`);
    await page.getByRole('heading', { level: 1, name: 'Holiday calendar' }).waitFor();
    await page.getByRole('rowheader', { name: 'Monday' }).waitFor();
    await page.getByLabel('Date', { exact: true }).fill('2031-03-23');
    await page.getByLabel('Name in English').fill('Pakistan Day');
    await page.getByLabel('Name in Urdu (optional)').fill('یوم پاکستان');
    await page.getByLabel('Kind').selectOption('fixed');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Holidays in 2031' }).waitFor();
    await page.getByRole('cell', { name: '2031-03-23', exact: true }).waitFor();
    await expectAccessible(page, 'calendar');
    // Saturday mornings become office hours.
    await page.getByLabel('Saturday: office open').check();
    await page.getByLabel('Saturday closes').fill('13:00');
    await page.getByRole('button', { name: 'Save the week' }).click();
    await page.getByText('The office week is saved').waitFor();
    await page.getByRole('row', { name: 'Saturday 09:00–13:00' }).waitFor();
    expect((await app.services.reference.current()).calendar.week[6]).toEqual({ open: 540, close: 780 });

    await page.goto(`${base}/staff/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Staff accounts' }).waitFor();
    await page.getByLabel('User name').fill('tourism.officer');
    await page.getByLabel('Full name').fill('Tourism Officer');
    await page.getByLabel('Role').selectOption('officer');
    await page.getByLabel('Offices').selectOption('tourism@kp.peshawar.peshawar');
    await page.getByRole('button', { name: 'Create' }).click();
    const secret = page.getByTestId('temporary-password');
    await secret.waitFor();
    const password = (await secret.textContent())?.trim() ?? '';
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await page.getByRole('cell', { name: 'tourism.officer', exact: true }).waitFor();
    await expectAccessible(page, 'users with the temporary password');
    // Shown once: not after the page is opened again.
    await page.reload();
    await page.getByRole('cell', { name: 'tourism.officer', exact: true }).waitFor();
    expect(await page.getByTestId('temporary-password').count()).toBe(0);
    expect(await page.content()).not.toContain(password);

    // The temporary password works (and must be changed).
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'tourism.officer', password } });
    expect(signIn.json()).toMatchObject({ stage: 'change_password', user: { officeIds: ['tourism@kp.peshawar.peshawar'] } });
    const { rows } = await database.db.query(`select action from audit_log where action like 'reference.%' or action like 'calendar.%' order by id`);
    expect(rows.map((r) => r.action)).toEqual(['reference.department_created', 'reference.office_created', 'reference.category_created', 'calendar.holiday_added', 'calendar.week_changed']);

    // The one 400 is the empty form sent on purpose (the browser logs every refused request).
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  }, 240_000);

  for (const locale of ['en-PK', 'ur-PK'] as const) {
    it(`${locale}: every administration screen has no serious or critical axe violation and reads in its direction`, async () => {
      const context = await adminContext(locale);
      const page = await context.newPage();
      const errors = pageErrors(page);
      for (const path of SCREENS) {
        await page.goto(base + path);
        await page.locator('h1').first().waitFor();
        await page.locator('table.data, ul.admin-index').first().waitFor();
        expect(await page.locator('html').getAttribute('dir'), path).toBe(locale === 'en-PK' ? 'ltr' : 'rtl');
        await expectAccessible(page, `${locale} ${path}`);
      }
      // The keyboard reaches the screens from the index.
      await page.goto(`${base}/staff/admin`);
      await page.locator('ul.admin-index a').first().focus();
      await page.keyboard.press('Enter');
      await page.locator('h1').filter({ hasText: locale === 'en-PK' ? 'Staff accounts' : 'عملے کے اکاؤنٹس' }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    }, 240_000);
  }
});
