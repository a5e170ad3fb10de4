import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createStaff, GOOD_PASSWORD, totpCode } from '../helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let officeId: string;
let categoryId: string;
let officer: { id: string; username: string };
let head: { id: string; username: string };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
  officeId = 'health@kp.peshawar.peshawar';
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  officer = await createStaff(app, 'officer', { officeIds: [officeId] });
  head = await createStaff(app, 'head_of_office', { officeIds: [officeId] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/** Files a complaint through the public API, as a citizen would; its tracking code. */
async function file(description = 'The BHU has had no doctor for a week.'): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description, location: { areaId: 'kp.peshawar.peshawar' }, contact: { phone: '03001234567' } } });
  expect(response.statusCode).toBe(201);
  return (response.json() as { code: string }).code;
}

async function signInWithPassword(page: Page, username: string, labels: { username: string; password: string; submit: string }) {
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password, { exact: true }).fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: labels.submit }).click();
}

/**
 * What the page logged as errors, less the browser's own line for each 401 answer: those are expected here (the
 * session check before signing in, a wrong password or code) and the page shows them as it should.
 */
const unexpected = (errors: string[]) => errors.filter((e) => !e.includes('status of 401'));

const row = (page: Page, code: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: code }) });

describe('staff sign-in and the queue in Chromium', () => {
  it('an officer signs in with a password, filters the queue, saves a view, applies it after a reload and sees a new complaint arrive live', async () => {
    const onTime = await file();
    const late = await file('The vaccine fridge at the BHU has been broken for a month.');
    await database.db.query(`update complaints set due_at = now() - interval '3 hours' where code = $1`, [late]);
    // As the urgency model would have labelled it at intake (test/urgency-model.test.ts files through a real model).
    await database.db.query(`update complaints set urgency = 'HIGHLY URGENT', urgency_confidence = 0.91 where code = $1`, [late]);

    const context = await browser.newContext({ locale: 'en-PK' });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${base}/staff`);
    await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A wrong password is said plainly, in an alert.
    await page.getByLabel('User name').fill(officer.username);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'user name or password is wrong' }).count()).toBe(1);

    await signInWithPassword(page, officer.username, { username: 'User name', password: 'Password', submit: 'Sign in' });
    await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
    await row(page, onTime).waitFor();
    await row(page, late).waitFor();
    expect(await row(page, late).textContent()).toContain('Overdue by');
    expect(await row(page, onTime).textContent()).toMatch(/\d+ d \d+ h left|\d+ h \d+ min left/);
    // The urgency model's label, the organisation's own word, as a badge; none where no model labelled it.
    expect(await row(page, late).textContent()).toContain('Urgency: HIGHLY URGENT');
    expect(await row(page, onTime).textContent()).not.toContain('Urgency:');
    // Breach risk in words and a percentage (the prior model on a new installation: low at the start of a clock).
    await page.getByRole('columnheader', { name: 'Breach risk' }).waitFor();
    expect(await row(page, late).textContent()).toContain('High, 100%');
    expect(await row(page, onTime).textContent()).toMatch(/Low, \d+%/);
    // Sorted by risk, the overdue complaint comes first, and the column says it is the sort order.
    await page.getByLabel('Sort by').selectOption({ label: 'Breach risk, highest first' });
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(late);
    expect(await page.getByRole('columnheader', { name: 'Breach risk' }).getAttribute('aria-sort')).toBe('descending');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Sort by').selectOption({ label: 'Deadline, soonest first' });

    // Filters are labelled controls, mirrored in the URL.
    await page.getByRole('checkbox', { name: 'Assigned', exact: true }).check();
    await expect.poll(() => new URL(page.url()).search).toBe('?state=assigned');
    await row(page, onTime).waitFor();
    await page.getByRole('checkbox', { name: 'Only overdue complaints' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('overdue')).toBe('true');
    await expect.poll(() => row(page, onTime).count()).toBe(0);
    await row(page, late).waitFor();

    // Saved on the server, for this user.
    await page.getByLabel('Name for the current filters').fill('Late and new');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the view Late and new.' }).waitFor();
    const saved = await database.db.query(`select name, filters from saved_views where user_id = $1`, [officer.id]);
    expect(saved.rows).toEqual([{ name: 'Late and new', filters: { state: ['assigned'], overdue: true } }]);

    // A reload without the query shows everything; applying the view brings its filters back.
    await page.goto(`${base}/staff`);
    await row(page, onTime).waitFor();
    await page.getByRole('button', { name: 'Apply the view Late and new' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?state=assigned&overdue=true');
    await expect.poll(() => row(page, onTime).count()).toBe(0);
    await row(page, late).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Only overdue complaints' }).isChecked()).toBe(true);

    // A bookmarked URL opens with its filters.
    await page.goto(`${base}/staff?state=assigned&overdue=true`);
    await row(page, late).waitFor();
    expect(await row(page, onTime).count()).toBe(0);

    // Live: a complaint filed now appears without a reload, and the live region says so.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await row(page, onTime).waitFor();
    await page.waitForTimeout(500); // the event stream is open
    const fresh = await file('Nobody has collected the clinic waste for days.');
    await row(page, fresh).waitFor({ timeout: 15_000 });
    await page.getByRole('status').filter({ hasText: fresh }).waitFor();

    // The code links to the complaint's page in the console.
    expect(await page.getByRole('link', { name: fresh }).getAttribute('href')).toBe(`/staff/complaints/${fresh}`);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 120_000);

  it('ur: a head of office sets up an authenticator app, signs in with its code, and assigns complaints in bulk with a result for each', async () => {
    const code = await file('The dispensary at the BHU has been closed since Monday.');
    const context = await browser.newContext({ locale: 'ur-PK' });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${base}/staff`);
    await page.getByRole('heading', { level: 1, name: 'عملے کا سائن ان' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await seriousViolations(page)).toEqual([]);

    await signInWithPassword(page, head.username, { username: 'صارف نام', password: 'پاس ورڈ', submit: 'سائن ان' });
    await page.getByRole('heading', { level: 1, name: 'اپنی تصدیقی ایپ ترتیب دیں' }).waitFor();
    await page.getByRole('img', { name: 'آپ کی تصدیقی ایپ کے لیے کیو آر کوڈ' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('چھ ہندسوں کا کوڈ').fill(await totpCode(secret));
    await page.getByRole('button', { name: 'ترتیب مکمل کریں' }).click();
    await page.getByRole('heading', { level: 1, name: 'قطار' }).waitFor();

    // Signing in again takes the code from the app (the second factor), not a new enrolment.
    await page.getByRole('button', { name: 'سائن آؤٹ' }).click();
    await signInWithPassword(page, head.username, { username: 'صارف نام', password: 'پاس ورڈ', submit: 'سائن ان' });
    await page.getByRole('heading', { level: 1, name: 'اپنا کوڈ درج کریں' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('چھ ہندسوں کا کوڈ').fill('000000');
    await page.getByRole('button', { name: 'آگے بڑھیں' }).click();
    await page.getByText('یہ کوڈ غلط ہے').waitFor();
    // The enrolment used this 30-second step's code: the next step's is the first the server takes again.
    await page.getByLabel('چھ ہندسوں کا کوڈ').fill(await totpCode(secret, Date.now() + 30_000));
    await waitForNextStep();
    await page.getByRole('button', { name: 'آگے بڑھیں' }).click();
    await page.getByRole('heading', { level: 1, name: 'قطار' }).waitFor();
    await row(page, code).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('columnheader', { name: 'تاخیر کا خطرہ' }).waitFor();
    expect(await row(page, code).textContent()).toMatch(/کم، [\d۰-۹٠-٩]+%/);

    await page.getByRole('checkbox', { name: `${code} منتخب کریں` }).check();
    await page.getByLabel('افسر', { exact: true }).selectOption({ label: 'Test officer' });
    await page.getByRole('button', { name: 'منتخب سپرد کریں' }).click();
    await page.getByText(`${code}: سپرد ہو گئی۔`).waitFor();
    const assigned = await database.db.query(`select assigned_officer_id from complaints where code = $1`, [code]);
    expect(assigned.rows[0].assigned_officer_id).toBe(officer.id);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 120_000);

  it('tells a locked account how long to wait, in an alert', async () => {
    const locked = await createStaff(app, 'officer', { officeIds: [officeId] });
    await database.db.query(`update staff_users set failed_attempts = 5, locked_until = now() + interval '10 minutes' where id = $1`, [locked.id]);
    const context = await browser.newContext({ locale: 'en-PK' });
    const page = await context.newPage();
    await page.goto(`${base}/staff`);
    await signInWithPassword(page, locked.username, { username: 'User name', password: 'Password', submit: 'Sign in' });
    await page.getByRole('alert').filter({ hasText: 'this account is locked. Try again in 10 minutes' }).waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Staff sign-in' }).count()).toBe(1);
    await context.close();
  }, 60_000);
});

/** Waits until the current 30-second TOTP step has passed. */
async function waitForNextStep(): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  await new Promise((resolve) => setTimeout(resolve, left + 200));
}
