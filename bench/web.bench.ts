/**
 * `npm run bench:web`: the web app's weight and the staff dashboard's speed (issue 6, Performance).
 *
 * 1. Size: the gzipped JavaScript a citizen page loads (index.html's entry and what it imports) against the 200 KB
 *    budget, and apart from it what the transparency page, the staff console and the dashboard (with the charts) add.
 * 2. Speed: a year of demo data (`ekhtyar seed --demo`'s generator), the real server as its own process, and real
 *    Chromium signed in as a provincial monitor (the widest view) opening /staff/dashboard with a cold cache, from
 *    navigation until the page marks its charts and tables drawn (`performance.mark('ekhtyar:dashboard-ready')`),
 *    for the default 30 days and for the whole year. References in the same run: the API call alone, a plain
 *    `select 1`, and the citizen home page opened the same way (the app's shell, no figures).
 * Goal: the dashboard under 1 s. Options: --complaints N (default 5000, as the seed), --runs N (default 7), --trace
 * (one more run per period, printing when each request started and ended).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../server/app.js';
import { seedDemo } from '../server/cli/demo.js';
import { loadConfig } from '../server/config.js';
import { formatDataKey, generateDataKey } from '../server/domain/privacy/data-keys.js';
import { FieldCipher } from '../server/domain/privacy/field-cipher.js';
import { projectPath } from '../server/paths.js';
import { openAppPools, openPool } from '../server/store/db.js';
import { migrate } from '../server/store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { staffSession } from '../test/helpers/staff.js';
import { runBench, type Cleanups } from './lib/cleanups.js';
import { freePort, provisionDatabase } from './lib/database.js';
import { startServerProcess } from './lib/server-process.js';

const BUDGET = 200 * 1024;
const TARGET_MS = 1000;
const KB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The chunks a chunk imports statically (Vite writes `from"./x.js"` and `import"./x.js"` between chunks). */
function staticClosure(dir: string, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(path.join(dir, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(match[1]!);
  };
  roots.forEach(visit);
  return seen;
}

/** Gzipped sizes (level 9, as the budget test) of the citizen entry and of what each lazily loaded part adds. */
export function chunkSizes(webRoot: string): { name: string; files: string[]; gzipped: number }[] {
  const assets = path.join(webRoot, 'assets');
  const html = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  // A page and the figures it loads at once (its charts chunk is imported as the page's chunk runs).
  const chunk = (prefix: string) => files.filter((f) => f.startsWith(`${prefix}-`));
  const gz = (set: Iterable<string>) => [...set].reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
  const citizen = staticClosure(assets, entry);
  const minus = (set: Set<string>, ...others: Set<string>[]) => new Set([...set].filter((f) => !others.some((o) => o.has(f))));
  const transparency = minus(staticClosure(assets, [...chunk('TransparencyPage'), ...chunk('TransparencyFigures')]), citizen);
  const staff = minus(staticClosure(assets, chunk('StaffConsole')), citizen);
  const dashboard = minus(staticClosure(assets, [...chunk('DashboardPage'), ...chunk('DashboardFigures')]), citizen, staff);
  return [
    { name: 'citizen pages (entry and its imports)', files: [...citizen], gzipped: gz(citizen) },
    { name: '+ transparency page (with the charts)', files: [...transparency], gzipped: gz(transparency) },
    { name: '+ staff console', files: [...staff], gzipped: gz(staff) },
    { name: '+ staff dashboard (with the charts)', files: [...dashboard], gzipped: gz(dashboard) },
  ];
}

/** Opens `url` in a fresh context (cold cache) with the cookie, and returns ms from navigation to `mark` (or to `selector`). */
async function timeOpen(browser: Browser, url: string, cookie: { name: string; value: string } | null, ready: { mark?: string; selector: string }, trace = false): Promise<number> {
  const context = await browser.newContext({ locale: 'en-PK' });
  try {
    if (cookie) await context.addCookies([{ ...cookie, url: `${new URL(url).origin}/` }]);
    const page: Page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page
      .locator(ready.selector)
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${url} not ready: ${await page.evaluate(() => { const d = (globalThis as unknown as { document: { querySelector(s: string): { outerHTML: string } | null } }).document; return d.querySelector('[data-ready]')?.outerHTML.slice(0, 200) + ' / ' + d.querySelector('[role=status]')?.outerHTML + ' / ' + d.querySelector('[role=alert]')?.outerHTML; })}`, { cause: error });
      });
    if (errors.length > 0) throw new Error(`page errors on ${url}: ${errors.join('; ')}`);
    if (trace) {
      // Where the time went: each request's start and end (ms from navigation), and the page's marks.
      const entries = await page.evaluate(() => (performance.getEntries() as unknown as { entryType: string; name: string; startTime: number; duration: number }[]).filter((e) => e.entryType === 'resource' || e.entryType === 'mark' || e.entryType === 'navigation').map((e) => ({ name: e.name.replace(/^https?:\/\/[^/]+/, ''), start: e.startTime, end: e.startTime + e.duration, type: e.entryType })));
      for (const e of entries.sort((a, b) => a.start - b.start)) console.log(`    ${e.start.toFixed(0).padStart(5)} → ${e.end.toFixed(0).padStart(5)} ms  ${e.type.padEnd(10)} ${e.name.slice(0, 70)}`);
    }
    return await page.evaluate((mark) => (mark ? (performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN) : performance.now()), ready.mark ?? null);
  } finally {
    await context.close();
  }
}

async function bench(options: { complaints: number; runs: number; trace: boolean }, cleanups: Cleanups): Promise<string[]> {
  const failures: string[] = [];
  console.log('\nJavaScript, gzipped (level 9)');
  console.log('-'.repeat(72));
  for (const part of chunkSizes(projectPath('dist/web'))) {
    console.log(`${part.name.padEnd(42)} ${KB(part.gzipped).padStart(10)}${part.name.startsWith('citizen') ? `  (budget ${KB(BUDGET)})` : ''}`);
    if (part.name.startsWith('citizen') && part.gzipped > BUDGET) failures.push(`citizen pages ${KB(part.gzipped)} over the ${KB(BUDGET)} budget`);
  }

  const database = await provisionDatabase(process.env.DATABASE_URL);
  cleanups.add(() => database.release());
  const db = await openPool(database.url, 4);
  cleanups.add(() => db.end());
  await migrate(db);
  await writeProvinceSeed(db, await readProvinceSeed());
  const key = generateDataKey();
  const cipher = new FieldCipher([key]);
  let started = performance.now();
  await seedDemo(db, cipher, options.complaints);
  // As a database in service would be: its planner statistics up to date (autovacuum may not have run yet).
  await db.query('vacuum analyze');
  const { rows } = await db.query<{ n: string; oldest: Date; newest: Date }>(`select count(*) n, min(created_at) oldest, max(created_at) newest from complaints`);
  console.log(`\nDemo data: ${rows[0]!.n} complaints from ${rows[0]!.oldest.toISOString().slice(0, 10)} to ${rows[0]!.newest.toISOString().slice(0, 10)} (seeded in ${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // The provincial monitor signs in (with its authenticator app) through an app on the same database; the session
  // lives in the database, so the server process accepts its cookie.
  const pools = await openAppPools(database.url, 2);
  cleanups.add(() => pools.close());
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), db: pools.service, staffDb: pools.staff, cipher, logger: false });
  cleanups.add(() => app.close());
  const monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
  const [name, ...value] = monitor.cookie.split('=');
  const cookie = { name: name!, value: value.join('=') };

  const server = await startServerProcess({ databaseUrl: database.url, port: await freePort(), poolSize: 10, env: { EKHTYAR_DATA_KEYS: formatDataKey(key) } });
  cleanups.add(() => server.stop());
  const browser = await launchBrowser();
  cleanups.add(() => browser.close());

  const today = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
  const yearAgo = new Date(Date.parse(today) - 364 * 86_400_000).toISOString().slice(0, 10);
  const periods = [
    { label: '30 days (default)', query: '' },
    { label: 'the whole year', query: `?from=${yearAgo}&to=${today}` },
  ];
  const runs = async (fn: () => Promise<number>) => {
    await fn(); // warm-up: the server's and the database's caches, Chromium's first start of a renderer
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) times.push(await fn());
    return times;
  };
  const api = (query: string) => async () => {
    started = performance.now();
    const response = await fetch(`${server.baseUrl}/api/v1/staff/dashboard${query}`, { headers: { cookie: monitor.cookie } });
    if (response.status !== 200) throw new Error(`dashboard API: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    return performance.now() - started;
  };
  const select1 = await runs(async () => {
    started = performance.now();
    await db.query('select 1');
    return performance.now() - started;
  });
  const home = await runs(() => timeOpen(browser, `${server.baseUrl}/`, null, { selector: 'h1' }));

  console.log(`\nDashboard as a provincial monitor, Chromium, cold cache; median of ${options.runs} runs after one warm-up`);
  console.log('-'.repeat(72));
  console.log(`reference: select 1 round trip            ${median(select1).toFixed(2)} ms`);
  console.log(`reference: citizen home page to its h1     ${median(home).toFixed(0)} ms`);
  for (const period of periods) {
    const apiTimes = await runs(api(period.query));
    const pageTimes = await runs(() => timeOpen(browser, `${server.baseUrl}/staff/dashboard${period.query}`, cookie, { mark: 'ekhtyar:dashboard-ready', selector: '.dashboard[data-ready="true"]' }));
    const page = median(pageTimes);
    console.log(`${period.label}:`);
    console.log(`  API alone (GET /staff/dashboard)          ${median(apiTimes).toFixed(0)} ms  = ${(median(apiTimes) / median(select1)).toFixed(0)}x select 1`);
    console.log(`  page: navigation to charts and tables     ${page.toFixed(0)} ms  (min ${Math.min(...pageTimes).toFixed(0)}, max ${Math.max(...pageTimes).toFixed(0)}; goal < ${TARGET_MS} ms)  = ${(page / median(home)).toFixed(2)}x home page`);
    if (options.trace) {
      console.log(`  one more run, traced:`);
      await timeOpen(browser, `${server.baseUrl}/staff/dashboard${period.query}`, cookie, { mark: 'ekhtyar:dashboard-ready', selector: '.dashboard[data-ready="true"]' }, true);
    }
    if (page >= TARGET_MS) failures.push(`dashboard (${period.label}) took ${page.toFixed(0)} ms, over ${TARGET_MS} ms`);
  }
  console.log(`database                                   ${database.where}`);
  return failures;
}

const { values } = parseArgs({ options: { complaints: { type: 'string', default: '5000' }, runs: { type: 'string', default: '7' }, trace: { type: 'boolean', default: false } } });
process.exit(await runBench((cleanups) => bench({ complaints: Number(values.complaints), runs: Number(values.runs), trace: values.trace }, cleanups)));
