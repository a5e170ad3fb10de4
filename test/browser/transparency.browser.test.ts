import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { fileComplaints } from '../helpers/dashboard.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { staffSession } from '../helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const PESHAWAR = 'kp.peshawar.peshawar';
const SWAT = 'kp.malakand.swat';

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
  const categoryId = (await database.db.query(`select id from categories where department_id = 'health' order by id limit 1`)).rows[0].id as string;
  const officer = await staffSession(app, 'officer', { officeIds: [`health@${PESHAWAR}`] });
  // Peshawar has six (figures shown), Swat two (withheld: fewer than five).
  await fileComplaints(app, { categoryId, areaId: PESHAWAR, count: 5, resolveWith: officer, satisfied: true });
  await fileComplaints(app, { categoryId, areaId: PESHAWAR, count: 1 });
  await fileComplaints(app, { categoryId, areaId: SWAT, count: 2 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

interface PublicStatistics {
  totals: { received: number; resolved: number };
  departments: { id: string }[];
  districts: { id: string; suppressed: boolean }[];
}

describe('transparency page in Chromium', () => {
  for (const language of ['en', 'ur'] as const) {
    it(`${language}: the province's figures as the API gives them, departments, the district map and table, downloads that answer`, async () => {
      const context = await browser.newContext({ locale: language === 'en' ? 'en-PK' : 'ur-PK' });
      const page = await context.newPage();
      const errors = pageErrors(page);
      await page.goto(`${base}/transparency`);
      await page.locator('.transparency[data-ready="true"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('html').getAttribute('dir')).toBe(language === 'en' ? 'ltr' : 'rtl');
      const from = await page.locator('#period-from').inputValue();
      const to = await page.locator('#period-to').inputValue();
      const api = (await (await context.request.get(`${base}/api/v1/public/statistics?from=${from}&to=${to}`)).json()) as PublicStatistics;
      expect(api.totals.received).toBe(8);
      const received = await page.locator('[data-kpi="received"] .tile-value').textContent();
      expect(received).toBe(new Intl.NumberFormat(language === 'en' ? 'en-PK' : 'ur-PK').format(8));
      expect(await page.locator('[data-kpi="resolved"] .tile-value').textContent()).toBe(new Intl.NumberFormat(language === 'en' ? 'en-PK' : 'ur-PK').format(api.totals.resolved));
      const ids = (table: string) => page.locator(`table[data-table="${table}"] tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
      expect(await ids('departments')).toEqual(api.departments.map((d) => d.id));
      expect((await ids('districts')).sort()).toEqual(api.districts.map((d) => d.id).sort());
      expect(api.districts.find((d) => d.id === SWAT)?.suppressed).toBe(true);
      // Swat's figures are withheld on the page too.
      expect(await page.locator(`table[data-table="districts"] tr[data-id="${SWAT}"]`).textContent()).toContain(language === 'en' ? 'withheld' : 'روکے گئے');
      expect(await page.locator('.chart.map canvas').count()).toBe(1);
      // Each download answers with its type.
      const links = await page.locator('.downloads a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(links).toHaveLength(4);
      for (const href of links) {
        const response = await context.request.get(base + href);
        expect(response.status(), href).toBe(200);
        expect(response.headers()['content-type'], href).toMatch(href.includes('.csv') ? /^text\/csv/ : /^application\/json/);
      }
      const csv = await (await context.request.get(base + links[0]!)).text();
      expect(csv.split('\n')[0]).toMatch(/^period_from,period_to,level,id/);
      expect(csv).toContain(`district,${PESHAWAR}`);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
