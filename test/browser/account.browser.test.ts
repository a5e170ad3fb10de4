import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitComplaintInput } from '../../server/services/complaint-intake.service.js';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio.fake.js';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { lastTextedCode } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
let twilio: FakeTwilio;
let app: FastifyInstance;
let browser: Browser;
let base: string;

const MINE = { national: '0301 5557788', e164: '+923015557788' };
const codes: Record<string, string> = {};
let otherCode = '';

const file = async (phone: string, channel: SubmitComplaintInput['channel'], description: string) =>
  (await app.services.intake.submit({ categoryId: 'no-water-supply', description, location: { address: 'Charsadda' }, contact: { phone }, channel }, null)).code;

beforeAll(async () => {
  database = await createTestDatabase();
  twilio = await startFakeTwilio();
  app = await buildTestApp(database.db, { ...twilio.env(), EKHTYAR_SIGN_IN_CODES_PER_IP: '1000', EKHTYAR_SIGN_IN_TRIES_PER_IP: '1000', EKHTYAR_SIGN_IN_CODES_PER_CONTACT: '100', EKHTYAR_SIGN_IN_TRIES_PER_CONTACT: '100' });
  // One citizen's complaints by three channels (the number written three ways), and somebody else's.
  const web = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId: 'no-water-supply', description: 'No water in Mohalla Qazi Khel since Friday (web).', contact: { phone: MINE.national } } });
  codes.web = (web.json() as { code: string }).code;
  codes.sms = await file('+92 301 5557788', 'sms', 'No water in Mohalla Qazi Khel since Friday (SMS).');
  codes.phone = await file('03015557788', 'phone', 'No water in Mohalla Qazi Khel since Friday (helpline).');
  otherCode = await file('0301 5550000', 'whatsapp', 'Somebody else: the tube well is broken.');
  base = await listen(app);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await twilio?.close();
  await database?.drop();
});

async function signIn(page: Page) {
  await page.goto(`${base}/signin`);
  await page.getByLabel(/^(Phone number|فون نمبر)$/).fill(MINE.national);
  await page.locator('form button[type=submit]').click();
  const code = page.locator('#signin-code');
  await code.waitFor();
  // Focus moves to the code field once the code is on its way.
  expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('signin-code');
  await code.fill(lastTextedCode(twilio, MINE.e164));
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(`${base}/my`);
}

describe('citizen sign-in and "my complaints" in Chromium', () => {
  for (const language of ['en', 'ur'] as const) {
    it(`${language}: signs in with a code by SMS, lists the complaints of every channel and opens one; no axe violations`, async () => {
      const context = await browser.newContext({ locale: language === 'en' ? 'en-PK' : 'ur-PK' });
      const page = await context.newPage();
      const errors = pageErrors(page);
      await page.goto(`${base}/signin`);
      await page.locator('h1').waitFor();
      expect(await page.locator('html').getAttribute('dir')).toBe(language === 'en' ? 'ltr' : 'rtl');
      expect(await seriousViolations(page)).toEqual([]);

      // A number that is not one: the error sits beside the field.
      await page.locator('#signin-phone').fill('12');
      await page.locator('form button[type=submit]').click();
      await page.locator('#signin-contact-error').waitFor();
      expect(await page.locator('#signin-phone').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#signin-phone').getAttribute('aria-describedby')).toContain('signin-contact-error');
      expect(await seriousViolations(page)).toEqual([]);

      // A wrong code is refused beside the code field.
      await page.locator('#signin-phone').fill(MINE.national);
      await page.locator('form button[type=submit]').click();
      await page.locator('#signin-code').waitFor();
      const right = lastTextedCode(twilio, MINE.e164);
      await page.locator('#signin-code').fill(right === '000000' ? '111111' : '000000');
      await page.locator('form button[type=submit]').click();
      await page.locator('#signin-code-error').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('#signin-code').fill(right);
      await page.locator('form button[type=submit]').click();
      await page.waitForURL(`${base}/my`);

      const table = page.locator('table.data');
      await table.waitFor();
      const listed = await page.locator('table.data tbody tr td:first-child').allInnerTexts();
      expect([...listed].sort()).toEqual([codes.web, codes.sms, codes.phone].sort());
      expect(listed).not.toContain(otherCode);
      const channels = await page.locator('table.data tbody tr td:nth-child(4)').allInnerTexts();
      expect(channels).toEqual(language === 'en' ? ['Helpline', 'SMS', 'Website'] : ['ہیلپ لائن', 'ایس ایم ایس', 'ویب سائٹ']);
      // Signed in: the navigation offers "my complaints" and signing out.
      expect(await page.locator('header nav').innerText()).toContain(language === 'en' ? 'My complaints' : 'میری شکایات');
      expect(await seriousViolations(page)).toEqual([]);

      // Opening one shows the owner's view: their own words, by the session.
      await page.getByRole('link', { name: codes.sms! }).click();
      await page.waitForURL(`${base}/track/${codes.sms}`);
      await page.locator('.own-description').waitFor();
      expect(await page.locator('.own-description').innerText()).toBe('No water in Mohalla Qazi Khel since Friday (SMS).');
      expect(await seriousViolations(page)).toEqual([]);

      // Signing out ends the session: "my complaints" is no longer shown.
      await page.locator('header nav button').click();
      await page.waitForURL(`${base}/signin`);
      expect(await page.locator('header nav').innerText()).not.toContain(language === 'en' ? 'My complaints' : 'میری شکایات');
      const session = await page.evaluate(async () => (await fetch('/api/v1/citizen/session')).status);
      expect(session).toBe(401);
      // Refusals the test provoked (a bad number, a wrong code, the session after signing out) are logged as failed loads; nothing else is.
      expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
      await context.close();
    }, 90_000);
  }

  it('keeps the details of the profile: name, language and CNIC, with a bad CNIC refused beside its field', async () => {
    const context = await browser.newContext({ locale: 'en-PK' });
    const page = await context.newPage();
    await signIn(page);
    await page.locator('#profile-name').fill('Gul Bibi');
    await page.locator('#profile-cnic').fill('12345');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.locator('#profile-cnic-error').waitFor();
    expect(await page.locator('#profile-cnic').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#profile-cnic').fill('1730112345671');
    await page.locator('#profile-language').selectOption('ps');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.getByText('Your details were saved.').waitFor();
    expect(await page.locator('#profile-cnic').inputValue()).toBe('17301-1234567-1');
    const profile = await page.evaluate(async () => (await fetch('/api/v1/citizen/profile')).json());
    expect(profile).toMatchObject({ name: 'Gul Bibi', language: 'ps', cnic: '17301-1234567-1' });
    await context.close();
  }, 60_000);

  it('acts on a complaint signed in (session cookie and CSRF token): feedback on a resolved one closes it', async () => {
    await database.db.query(`update complaints set state = 'resolved' where code = $1`, [codes.web]);
    const context = await browser.newContext({ locale: 'ur-PK' });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${base}/track/${codes.web}`);
    await page.locator('#feedback-heading').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#feedback-satisfied').check();
    await page.locator('#feedback-heading ~ form button[type=submit]').click();
    await page.locator('.state[data-state="closed"]').waitFor();
    expect((await database.db.query('select state from complaints where code = $1', [codes.web])).rows[0].state).toBe('closed');
    await context.close();
  }, 60_000);

  it('sends a signed-out visitor of "my complaints" to sign in, and back to it afterwards', async () => {
    const context = await browser.newContext({ locale: 'en-PK' });
    const page = await context.newPage();
    await page.goto(`${base}/my`);
    await page.getByRole('link', { name: 'Sign in to see your complaints.' }).click();
    await page.waitForURL(`${base}/signin?next=/my`);
    await page.locator('#signin-phone').fill(MINE.national);
    await page.locator('form button[type=submit]').click();
    await page.locator('#signin-code').fill(await (async () => {
      await page.locator('#signin-code').waitFor();
      return lastTextedCode(twilio, MINE.e164);
    })());
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${base}/my`);
    await page.locator('table.data').waitFor();
    await context.close();
  }, 60_000);
});
