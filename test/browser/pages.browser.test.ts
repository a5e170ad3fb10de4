import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

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

// Every page one reaches without signing in (the staff console's is its sign-in), in each language: no serious or
// critical accessibility problem.
const PAGES = ['/', '/track', '/file', '/signin', '/transparency', '/staff'];

describe('citizen pages in Chromium', () => {
  for (const language of ['en', 'ur', 'ps'] as const) {
    it(`${language}: each page renders, sets its direction and has no serious or critical axe violation`, async () => {
      const context = await browser.newContext({ locale: `${language}-PK` });
      const page = await context.newPage();
      const errors = pageErrors(page);
      for (const path of PAGES) {
        await page.goto(base + path);
        await page.locator('h1').first().waitFor();
        expect(await page.locator('html').getAttribute('dir'), path).toBe(language === 'en' ? 'ltr' : 'rtl');
        expect(await seriousViolations(page), path).toEqual([]);
      }
      // The console asks for the staff session first, and a visitor's answer is a 401 the browser logs: that one only.
      expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
      expect(errors.length).toBeLessThanOrEqual(1);
      await context.close();
    }, 60_000);
  }
});
