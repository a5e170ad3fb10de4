import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { launchBrowser, listen, pageErrors, seriousViolations } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { PNG_1X1 } from '../helpers/fixtures.js';
import { createStaff, GOOD_PASSWORD, staffSession, totpCode, type SignedIn } from '../helpers/staff.js';

// The staff console's complaint page in real Chromium: an officer and a head of office work complaints through it,
// each action checked against the API and the database; conflicts, hostile text and accessibility too.

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let office: { id: string; area_id: string };
let categoryId: string;
let officer: { id: string; username: string };
/** Another head of office of the same office, acting through the API while a page is open. */
let colleague: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  base = await listen(app);
  browser = await launchBrowser();
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar' limit 1`)).rows[0];
  officer = await createStaff(app, 'officer', { officeIds: [office.id] });
  colleague = await staffSession(app, 'head_of_office', { officeIds: [office.id] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/** Files a complaint as a citizen would (with one photo unless told otherwise). */
async function file(description = 'The BHU has had no doctor for a week.', photos = true, located = true): Promise<{ code: string; citizenSecret: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    payload: { categoryId, description, ...(located && { location: { areaId: office.area_id } }), contact: { phone: '03001234567' }, ...(photos && { photos: [{ filename: 'bhu.png', data: PNG_1X1.toString('base64') }] }) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

interface View {
  state: string;
  version: number;
  outcome: string | null;
  assignedOfficerId: string | null;
  timeline: { type: string; visibility: string; actorId: string | null; details: Record<string, unknown> }[];
  attachments: { eventSeq: number | null }[];
}
/** The complaint as staff see it, read through the API. */
async function view(code: string): Promise<View> {
  const response = await app.inject({ method: 'GET', url: `/api/v1/staff/complaints/${code}`, headers: colleague.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/**
 * A browser context signed in as a new account of the role in the office: the sign-in goes through the API in the
 * browser's own cookie jar (a fresh account each time, as a second factor's code is good only once).
 */
async function signedInContext(role: 'officer' | 'head_of_office' | 'provincial_monitor', locale = 'en-PK'): Promise<BrowserContext & { staffId: string }> {
  const { id, username } = await createStaff(app, role, role === 'provincial_monitor' ? { scope: [{ departmentId: null, areaId: 'kp' }] } : { officeIds: [office.id] });
  const context = await browser.newContext({ locale });
  let response = await context.request.post(`${base}/api/v1/auth/sign-in`, { data: { username, password: GOOD_PASSWORD } });
  expect(response.status()).toBe(200);
  let body = (await response.json()) as { stage: string; csrfToken: string };
  if (body.stage === 'enrol_second_factor') {
    const enrol = await context.request.post(`${base}/api/v1/auth/second-factor/enrolment`, { headers: { 'x-csrf-token': body.csrfToken } });
    const { secret } = (await enrol.json()) as { secret: string };
    response = await context.request.post(`${base}/api/v1/auth/second-factor/enrolment/confirm`, { headers: { 'x-csrf-token': body.csrfToken }, data: { code: await totpCode(secret) } });
    body = await response.json();
  }
  expect(body.stage).toBe('active');
  return Object.assign(context, { staffId: id });
}

async function open(context: BrowserContext, code: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/staff/complaints/${code}`);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: code }).waitFor();
  return page;
}

/** Opens an action's form (its disclosure) and returns it. */
async function action(page: Page, title: string) {
  const details = page.locator('details.action').filter({ has: page.locator('summary', { hasText: title }) });
  await details.locator('summary').click();
  await expect.poll(() => details.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
  return details;
}

async function statusSays(page: Page, text: string) {
  await page.locator('.actions [role="status"]').filter({ hasText: text }).waitFor();
}

describe('the complaint page for an officer', () => {
  it('shows the complaint and its photo, and acknowledges, notes, asks, sees the answer live and resolves with evidence', async () => {
    const { code, citizenSecret } = await file();
    const context = await signedInContext('officer');
    const page = await open(context, code);
    const errors = pageErrors(page);

    // The facts, the citizen's words and their photo (loaded with the session cookie).
    await expect.poll(() => page.locator('.complaint-text').textContent()).toBe('The BHU has had no doctor for a week.');
    const facts = await page.locator('.complaint-facts').textContent();
    expect(facts).toContain('Assigned to the office');
    expect(facts).toMatch(/due in \d/);
    const photo = page.locator('.photos img').first();
    await expect.poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    // Only the actions the API lists: an officer cannot assign or reject.
    expect(await page.locator('summary', { hasText: 'Assign to an officer' }).count()).toBe(0);
    expect(await page.locator('summary', { hasText: /^Reject$/ }).count()).toBe(0);
    expect(await page.locator('summary', { hasText: 'Resolve' }).count()).toBe(0); // not before acknowledging

    // Acknowledge: the status says so and takes the focus.
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await statusSays(page, 'Acknowledged.');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { className: string } } }).document.activeElement.className)).toBe('notice-slot');
    expect((await view(code)).state).toBe('in_progress');

    // An internal note, marked as internal in the timeline.
    let form = await action(page, 'Add an internal note');
    await form.getByLabel('Note (seen only by staff)').fill('Called the DHO: a doctor is posted from Monday.');
    await form.getByRole('button', { name: 'Add an internal note' }).click();
    await statusSays(page, 'The note was added.');
    const note = (await view(code)).timeline.find((e) => e.type === 'note_added');
    expect(note).toMatchObject({ visibility: 'internal', actorId: context.staffId, details: { text: 'Called the DHO: a doctor is posted from Monday.' } });
    const noteEntry = page.locator('.staff-timeline li').filter({ hasText: 'Called the DHO' });
    expect(await noteEntry.textContent()).toContain('Internal: staff only');
    expect(await noteEntry.getAttribute('class')).toBe('internal');
    expect(await noteEntry.textContent()).toContain('By you');
    expect(await form.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);

    // A blank question is refused beside its field, before anything is sent.
    form = await action(page, 'Ask the citizen for information');
    await form.getByRole('button', { name: 'Ask the citizen for information' }).click();
    const question = form.getByLabel('Question to the citizen');
    expect(await question.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await question.getAttribute('aria-describedby').then((ids) => ids!.split(' ').at(-1))}`).textContent()).toBe('Required.');
    await question.fill('Which days was the BHU closed?');
    await form.getByRole('button', { name: 'Ask the citizen for information' }).click();
    await statusSays(page, 'The question was sent to the citizen.');
    expect((await view(code)).state).toBe('awaiting_citizen');

    // The citizen answers through the API: the open page learns of it from the live stream, and says so (its own
    // actions' echoes on the stream are not announced as someone else's change).
    const live = page.locator('p.visually-hidden[role="status"]');
    expect(await live.textContent()).toBe('');
    const answer = await app.inject({ method: 'POST', url: `/api/v1/complaints/${code}/information`, headers: { authorization: `Bearer ${citizenSecret}` }, payload: { text: 'Monday to Thursday.' } });
    expect(answer.statusCode, answer.body).toBe(200);
    await page.locator('.staff-timeline li').filter({ hasText: 'Monday to Thursday.' }).waitFor({ timeout: 10_000 });
    expect(await live.textContent()).toBe('The complaint changed and has been reloaded.');
    expect(await page.locator('.complaint-facts').textContent()).toContain('In progress');

    // Resolve with an outcome, a summary and an evidence photo.
    form = await action(page, 'Resolve');
    await form.getByLabel('Full relief').check();
    await form.getByLabel('What was done, or why no relief is possible').fill('A doctor is now posted at the BHU.');
    await form.getByLabel('Evidence photos (optional)').setInputFiles({ name: 'roster.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await form.getByRole('button', { name: 'Resolve' }).click();
    await statusSays(page, 'Resolved. The citizen is asked for feedback.');
    const resolved = await view(code);
    expect(resolved).toMatchObject({ state: 'resolved', outcome: 'full_relief' });
    const seq = (resolved.timeline as (View['timeline'][number] & { seq: number })[]).find((e) => e.type === 'resolved')!.seq;
    expect(resolved.attachments.filter((a) => a.eventSeq === seq)).toHaveLength(1);
    const resolvedEntry = page.locator('.staff-timeline li').filter({ hasText: 'A doctor is now posted' });
    expect(await resolvedEntry.textContent()).toContain('Full relief');
    expect(await resolvedEntry.locator('img').count()).toBe(1);
    // Nothing more for the officer to do but notes.
    expect(await page.locator('summary', { hasText: 'Resolve' }).count()).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('tells the officer when someone acted first, reloads, and lets them try again', async () => {
    const { code } = await file();
    const context = await signedInContext('officer');
    const page = await context.newPage();
    // Without the live stream (as when it has dropped), the page still holds the version it showed.
    await page.route('**/api/v1/staff/queue/live', (route) => route.abort());
    await page.goto(`${base}/staff/complaints/${code}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: code }).waitFor();
    const form = await action(page, 'Add an internal note');
    await form.getByLabel('Note (seen only by staff)').fill('My note.');

    const before = (await view(code)).version;
    const other = await app.inject({ method: 'POST', url: `/api/v1/staff/complaints/${code}/notes`, headers: { ...colleague.headers, 'if-match': `"${before}"` }, payload: { text: 'The colleague’s note.' } });
    expect(other.statusCode, other.body).toBe(200);

    await form.getByRole('button', { name: 'Add an internal note' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else acted on this complaint first' }).waitFor();
    // The page has reloaded: the colleague's note is there, the officer's text is kept, nothing of theirs was written.
    await page.locator('.staff-timeline li').filter({ hasText: 'The colleague’s note.' }).waitFor();
    expect(await form.getByLabel('Note (seen only by staff)').inputValue()).toBe('My note.');
    expect((await view(code)).timeline.filter((e) => e.type === 'note_added').map((e) => e.details.text)).toEqual(['The colleague’s note.']);

    await form.getByRole('button', { name: 'Add an internal note' }).click();
    await statusSays(page, 'The note was added.');
    expect((await view(code)).timeline.filter((e) => e.type === 'note_added').map((e) => e.details.text)).toEqual(['The colleague’s note.', 'My note.']);
    await context.close();
  }, 60_000);
});

describe('the complaint page: updates, duplicates and triage', () => {
  it('posts a public update with a photo, and merges a duplicate, offered among the complaints like it, after showing the server’s problem beside the code', async () => {
    const { code } = await file();
    const master = await file('THE BHU has had no doctor for a week!', false);
    const unrelated = await file('The vaccinator never came to the school on polio day.', false);
    const context = await signedInContext('officer');
    const page = await open(context, code);
    const errors = pageErrors(page);

    let form = await action(page, 'Post a public update');
    await form.getByLabel('Update (the citizen and the public see it)').fill('The DHO visits the BHU on Monday.');
    await form.getByLabel('Photos (optional)').setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await form.getByRole('button', { name: 'Post a public update' }).click();
    await statusSays(page, 'The update was posted.');
    const updated = (await view(code)) as View & { timeline: { seq: number }[] };
    const update = updated.timeline.find((e) => e.type === 'update_posted') as View['timeline'][number] & { seq: number };
    expect(update).toMatchObject({ visibility: 'public', details: { text: 'The DHO visits the BHU on Monday.' } });
    expect(updated.attachments.filter((a) => a.eventSeq === update.seq)).toHaveLength(1);
    const entry = page.locator('.staff-timeline li').filter({ hasText: 'The DHO visits' });
    expect(await entry.textContent()).toContain('Public');
    expect(await entry.getAttribute('class')).toBe('public');
    await expect.poll(() => entry.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);

    // A code that is no complaint's: the API's field problem stands beside the field.
    form = await action(page, 'Merge as a duplicate');
    const field = form.getByLabel('Tracking code of the complaint it duplicates');
    await field.fill(code);
    await form.getByRole('button', { name: 'Merge as a duplicate' }).click();
    await page.getByRole('alert').filter({ hasText: 'Check the fields marked below.' }).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await field.getAttribute('aria-describedby')}`).textContent()).toBe('is this complaint');
    expect((await view(code)).state).not.toBe('duplicate');

    // The complaints that read like this one are offered (the most alike first); choosing one fills the code.
    const offered = form.getByRole('region', { name: /read like this one/ });
    await offered.getByRole('button', { name: `Merge into ${master.code}` }).click();
    expect(await offered.textContent()).not.toContain(unrelated.code);
    expect(await offered.textContent()).not.toContain(`Merge into ${code}`);
    expect(await field.inputValue()).toBe(master.code);
    await form.getByRole('button', { name: 'Merge as a duplicate' }).click();
    await statusSays(page, 'Merged as a duplicate.');
    expect((await view(code)).state).toBe('duplicate');
    await page.locator('.complaint-facts a', { hasText: master.code }).waitFor();
    // Chromium logs the refused request itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    await context.close();
  }, 60_000);

  it('lets a provincial monitor place a complaint from triage with an office', async () => {
    const { code } = await file('Nobody said where: the BHU has no doctor.', false, false);
    const context = await signedInContext('provincial_monitor');
    const page = await open(context, code);
    expect(await page.locator('.complaint-facts').textContent()).toContain('In triage');
    const form = await action(page, 'Place with an office (out of triage)');
    await form.getByLabel('Department').selectOption('health');
    await form.getByLabel('Office').selectOption(office.id);
    await form.getByRole('button', { name: 'Place with an office (out of triage)' }).click();
    await statusSays(page, 'Placed with the office.');
    const { rows } = await database.db.query(`select state, office_id from complaints where code = $1`, [code]);
    expect(rows[0]).toEqual({ state: 'assigned', office_id: office.id });
    expect(await page.locator('.staff-timeline li').last().textContent()).toContain('Placed with an office');
    await context.close();
  }, 60_000);
});

describe('the complaint page for a head of office', () => {
  it('assigns the complaint to an officer and rejects it', async () => {
    const { code } = await file();
    const context = await signedInContext('head_of_office');
    const page = await open(context, code);
    const errors = pageErrors(page);

    let form = await action(page, 'Assign to an officer');
    await form.getByLabel('Officer').selectOption(officer.id);
    await form.getByRole('button', { name: 'Assign to an officer' }).click();
    await statusSays(page, 'Assigned.');
    expect((await view(code)).assignedOfficerId).toBe(officer.id);
    const assigned = (await view(code)).timeline.find((e) => e.type === 'officer_assigned');
    expect(assigned).toMatchObject({ visibility: 'internal', actorId: context.staffId, details: { officerId: officer.id } });

    form = await action(page, 'Reject');
    await form.getByLabel('Reason').fill('This is a court matter, outside the office’s remit.');
    await form.getByRole('button', { name: 'Reject' }).click();
    await statusSays(page, 'Rejected.');
    const rejected = await view(code);
    expect(rejected.state).toBe('rejected');
    expect(rejected.timeline.at(-1)).toMatchObject({ type: 'rejected', visibility: 'public', details: { reason: 'This is a court matter, outside the office’s remit.' } });
    expect(await page.locator('.complaint-facts').textContent()).toContain('Rejected');
    expect(await page.locator('details.action').count()).toBeLessThan(3);

    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('transfers a complaint to another department’s office with a reason', async () => {
    const { code } = await file();
    const target = (await database.db.query(`select id from offices where department_id <> 'health' and active order by id limit 1`)).rows[0] as { id: string };
    const context = await signedInContext('head_of_office');
    const page = await open(context, code);
    const form = await action(page, 'Transfer to another office');
    // The reason is required: refused beside the field, nothing sent.
    await form.getByLabel('Office').selectOption(target.id);
    await form.getByRole('button', { name: 'Transfer to another office' }).click();
    expect(await form.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    expect((await view(code)).state).toBe('assigned');
    await form.getByLabel('Reason').fill('Not our department: this is about a road.');
    await form.getByRole('button', { name: 'Transfer to another office' }).click();
    // The complaint has left the head's jurisdiction.
    await page.getByText('Transferred. The complaint is no longer in your jurisdiction.').waitFor();
    const { rows } = await database.db.query(`select office_id from complaints where code = $1`, [code]);
    expect(rows[0].office_id).toBe(target.id);
    await context.close();
  }, 60_000);
});

describe('the abuse screen’s flag', () => {
  it('is shown to staff while a moderator has not decided, and says what the moderator decided', async () => {
    const flagged = await file('This fucking BHU has had no doctor for a week.', false);
    const clean = await file('The BHU has had no nurse for a week.', false);
    const context = await signedInContext('officer');
    let page = await open(context, flagged.code);
    await page.locator('.moderation.pending', { hasText: 'Flagged: waiting for a moderator' }).waitFor();
    await page.close();
    page = await open(context, clean.code);
    expect(await page.locator('.moderation').count()).toBe(0);
    await page.close();
    const monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
    const cleared = await app.inject({ method: 'POST', url: `/api/v1/staff/moderation/${flagged.code}/clear`, headers: monitor.headers, payload: {} });
    expect(cleared.statusCode, cleared.body).toBeLessThan(300);
    page = await open(context, flagged.code);
    await page.locator('.moderation.cleared', { hasText: 'Flag cleared by a moderator' }).waitFor();
    await context.close();
  }, 60_000);
});

describe('the urgency model’s guess', () => {
  it('is among the facts, in the organisation’s own word, and absent where no model labelled the complaint', async () => {
    const labelled = await file('The BHU has had no doctor for a week.', false);
    const unlabelled = await file('The BHU has had no doctor for a week.', false);
    // As the urgency model would have labelled it at intake (test/urgency-model.test.ts files through a real model).
    await database.db.query(`update complaints set urgency = 'HIGHLY URGENT', urgency_confidence = 0.87 where code = $1`, [labelled.code]);
    const context = await signedInContext('officer');
    let page = await open(context, labelled.code);
    await page.locator('.complaint-facts', { hasText: 'HIGHLY URGENT (87% confident)' }).waitFor();
    await page.close();
    page = await open(context, unlabelled.code);
    expect(await page.locator('.complaint-facts').textContent()).not.toContain('Urgency (model)');
    await context.close();
  }, 60_000);
});

describe('the citizen’s contact details', () => {
  it('are shown only after the officer gives a purpose', async () => {
    const { code } = await file();
    const context = await signedInContext('officer');
    const page = await open(context, code);
    const section = page.locator('section.contact');
    expect(await section.textContent()).not.toContain('3001234567');
    await section.getByRole('button', { name: 'Show contact details' }).click();
    expect(await section.getByLabel('Why do you need them?').getAttribute('aria-invalid')).toBe('true');
    await section.getByLabel('Why do you need them?').fill('To arrange a site visit.');
    await section.getByRole('button', { name: 'Show contact details' }).click();
    await section.locator('dl').filter({ hasText: '3001234567' }).waitFor();
    await context.close();
  }, 60_000);
});

describe('hostile text', () => {
  it('shows a description and a note holding markup as text: no element is made and no script runs', async () => {
    const markup = '<img src=x onerror=alert(1)>';
    const { code } = await file(markup, false);
    const before = (await view(code)).version;
    const noted = await app.inject({ method: 'POST', url: `/api/v1/staff/complaints/${code}/notes`, headers: { ...colleague.headers, 'if-match': `"${before}"` }, payload: { text: '<b>bold</b><script>alert(2)</script><img src=y onerror=alert(3)>' } });
    expect(noted.statusCode, noted.body).toBe(200);

    const context = await signedInContext('officer');
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${base}/staff/complaints/${code}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: code }).waitFor();
    await page.locator('.staff-timeline li').filter({ hasText: '<b>bold</b>' }).waitFor();
    expect(await page.locator('.complaint-text').textContent()).toBe(markup);
    expect(await page.locator('img[src="x"], img[src="y"], .staff-timeline b, .staff-timeline script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('accessibility', () => {
  for (const [language, locale] of [['en', 'en-PK'], ['ur', 'ur-PK']] as const) {
    it(`${language}: no serious or critical axe violation, with every action form open too`, async () => {
      const { code } = await file();
      const context = await signedInContext('head_of_office', locale);
      const page = await open(context, code);
      expect(await page.locator('html').getAttribute('dir')).toBe(language === 'en' ? 'ltr' : 'rtl');
      await page.locator('.photos img').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // Every form open, with a refused field showing its error.
      const summaries = page.locator('details.action > summary');
      const count = await summaries.count();
      expect(count).toBeGreaterThan(4);
      for (let i = 0; i < count; i++) await summaries.nth(i).click();
      await page.locator('details.action').first().getByRole('button').click();
      await page.locator('.field-error').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      // Keyboard: a summary opens and closes with the keyboard.
      await summaries.first().focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('details.action').first().evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
      await context.close();
    }, 60_000);
  }
});
