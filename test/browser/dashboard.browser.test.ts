import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { fileComplaints, signInBrowser } from '../helpers/dashboard.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { staffSession, type SignedIn } from '../helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let monitor: SignedIn;
let officer: SignedIn;
let categoryId: string;
const PESHAWAR = 'kp.peshawar.peshawar';
const SWAT = 'kp.malakand.swat';

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' order by id limit 1`)).rows[0].id as string;
  monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
  officer = await staffSession(app, 'officer', { officeIds: [`health@${PESHAWAR}`] });
  const swatOfficer = await staffSession(app, 'officer', { officeIds: [`health@${SWAT}`] });
  // Peshawar: three resolved and closed satisfied, two open. Swat: two resolved, one open.
  await fileComplaints(app, { categoryId, areaId: PESHAWAR, count: 3, resolveWith: officer, satisfied: true });
  await fileComplaints(app, { categoryId, areaId: PESHAWAR, count: 2 });
  await fileComplaints(app, { categoryId, areaId: SWAT, count: 2, resolveWith: swatOfficer });
  await fileComplaints(app, { categoryId, areaId: SWAT, count: 1 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

interface Dashboard {
  totals: { received: number; resolved: number };
  offices: { id: string }[];
  districts: { id: string; name: { en: string } }[];
  myLoad: { open: number; dueSoon: number; overdue: number } | null;
}

async function openDashboard(who: SignedIn, language: 'en' | 'ur'): Promise<{ page: Page; errors: string[]; api: Dashboard; close(): Promise<void> }> {
  const context = await browser.newContext({ locale: language === 'en' ? 'en-PK' : 'ur-PK' });
  await signInBrowser(context, base, who);
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${base}/staff/dashboard`);
  await page.locator('.dashboard[data-ready="true"]').waitFor({ timeout: 20_000 });
  const from = await page.locator('#period-from').inputValue();
  const to = await page.locator('#period-to').inputValue();
  // The same figures straight from the API, with the browser's session.
  const response = await context.request.get(`${base}/api/v1/staff/dashboard?from=${from}&to=${to}`);
  expect(response.status()).toBe(200);
  return { page, errors, api: (await response.json()) as Dashboard, close: () => context.close() };
}

const tile = (page: Page, key: string) => page.locator(`[data-kpi="${key}"] .tile-value`).textContent();
const rowIds = (page: Page, table: string) => page.locator(`table[data-table="${table}"] tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

describe('staff dashboard in Chromium', () => {
  it('a provincial monitor sees the province: figures as the API gives them, offices of both districts, the map and its table', async () => {
    const { page, errors, api, close } = await openDashboard(monitor, 'en');
    expect(api.totals.received).toBe(8);
    expect(await tile(page, 'received')).toBe('8');
    expect(await tile(page, 'resolved')).toBe(String(api.totals.resolved));
    expect(api.totals.resolved).toBe(5);
    expect((await rowIds(page, 'offices')).sort()).toEqual(api.offices.map((o) => o.id).sort());
    expect(await rowIds(page, 'offices')).toEqual(expect.arrayContaining([`health@${PESHAWAR}`, `health@${SWAT}`]));
    expect((await rowIds(page, 'districts')).sort()).toEqual([SWAT, PESHAWAR]);
    await expect(page.locator('table[data-table="districts"]').textContent()).resolves.toMatch(/Peshawar[\s\S]*Swat/);
    expect(await page.locator('.chart.map canvas').count()).toBe(1);
    expect(await page.locator('[data-my-load]').count()).toBe(0);
    // The map's figure can be changed, and the page stays whole.
    await page.selectOption('#map-metric', 'open');
    expect(await page.locator('.chart.map').getAttribute('aria-label')).toContain('Open now');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('an officer sees only their office and district, and their own load', async () => {
    const { page, errors, api, close } = await openDashboard(officer, 'en');
    expect(api.totals.received).toBe(5);
    expect(await tile(page, 'received')).toBe('5');
    expect(await rowIds(page, 'offices')).toEqual([`health@${PESHAWAR}`]);
    expect(await rowIds(page, 'districts')).toEqual([PESHAWAR]);
    expect(await page.locator('table[data-table="districts"]').textContent()).not.toContain('Swat');
    expect(api.myLoad).not.toBeNull();
    for (const key of ['open', 'dueSoon', 'overdue'] as const) expect(await page.locator(`[data-my-load="${key}"] .tile-value`).textContent(), key).toBe(String(api.myLoad![key]));
    // Narrowing to a district outside the jurisdiction is refused (the filter offers only the jurisdiction's districts).
    const refused = await page.context().request.get(`${base}/api/v1/staff/dashboard?area=${SWAT}`);
    expect(refused.status()).toBe(403);
    expect(await page.locator('#dashboard-area option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value))).toEqual(['', PESHAWAR]);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('filters by district: the figures follow', async () => {
    const { page, close } = await openDashboard(monitor, 'en');
    await page.selectOption('#dashboard-area', SWAT);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('.dashboard[data-ready="true"]').waitFor();
    await expect.poll(() => tile(page, 'received')).toBe('3');
    expect(await rowIds(page, 'districts')).toEqual([SWAT]);
    await close();
  }, 60_000);

  it('a reversed period is refused beside its field', async () => {
    const { page, errors, close } = await openDashboard(monitor, 'en');
    const to = await page.locator('#period-to').inputValue();
    await page.locator('#period-from').fill(to);
    await page.locator('#period-to').fill(new Date(Date.parse(to) - 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('.field-error').first().waitFor();
    expect(await page.locator('input[aria-invalid="true"]').count()).toBe(1);
    const field = page.locator('input[aria-invalid="true"]');
    expect(await page.locator(`#${await field.getAttribute('aria-describedby')}`).textContent()).not.toBe('');
    // The browser logs the 400 it received; nothing else.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await close();
  }, 60_000);

  it('ur: right to left, and no serious or critical axe violation', async () => {
    const { page, errors, close } = await openDashboard(officer, 'ur');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('h1').textContent()).toBe('ڈیش بورڈ');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('lists open spike alerts for a monitor to acknowledge, and draws a chosen category’s hotspots on the map with a table', async () => {
    // An episode as the morning job keeps it, and six open complaints within a few metres of each other in Peshawar.
    await database.db.query(
      `insert into spike_alerts (id, category_id, department_id, district_id, first_day, last_day, peak_day, peak_observed, peak_expected, peak_p_value, peak_test, created_at, updated_at)
       values (gen_random_uuid(), $1, 'health', $2, '2026-01-05', '2026-01-06', '2026-01-06', 12, 1.5, 1e-9, 'day', now(), now())`,
      [categoryId, PESHAWAR],
    );
    for (let i = 0; i < 6; i++) await app.services.intake.submit({ categoryId, description: 'Open drain outside the Lady Reading Hospital gate.', location: { areaId: PESHAWAR, latitude: 34.0056 + i * 0.0001, longitude: 71.5783 }, anonymous: true }, null);
    const { page, errors, close } = await openDashboard(monitor, 'en');
    await page.locator('[data-alerts="ready"]').waitFor();
    const row = page.locator('table[data-table="alerts"] tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('Peshawar');
    expect(await row.textContent()).toContain('12');
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('No open spike alerts in your jurisdiction.').waitFor();
    expect((await database.db.query(`select status from spike_alerts`)).rows).toEqual([{ status: 'acknowledged' }]);

    await page.selectOption('#hotspot-category', categoryId);
    await page.locator('[data-hotspots="ready"]').waitFor();
    expect(await page.locator('.chart.hotspots canvas').count()).toBe(1);
    expect(await page.locator('table[data-table="hotspots"] tbody tr td').first().textContent()).toBe('6');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('an officer sees no acknowledge button and no alert outside their reach', async () => {
    const { page, close } = await openDashboard(officer, 'en');
    await page.locator('[data-alerts="ready"]').waitFor();
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await close();
  }, 60_000);
});
