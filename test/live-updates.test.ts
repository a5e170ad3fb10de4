import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../server/paths.js';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createStaff, GOOD_PASSWORD } from './helpers/staff.js';
import { TEST_DATA_KEYS } from './helpers/keys.js';

let database: TestDatabase;
const servers: ChildProcess[] = [];

/** Starts a real API process (bin/ekhtyar.js start) on the test database and waits until it answers. */
async function startProcess(port: number): Promise<string> {
  const child = spawn('node', [projectPath('bin/ekhtyar.js'), 'start'], {
    env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', EKHTYAR_JOBS: 'false', EKHTYAR_DATA_KEYS: TEST_DATA_KEYS },
    stdio: 'ignore',
  });
  servers.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return url;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`API process on ${port} did not start`);
}

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  for (const child of servers) {
    child.kill('SIGINT');
    if (child.exitCode === null) await once(child, 'exit');
  }
  await database.drop();
});

describe('live updates across processes', () => {
  it('delivers an event made through one API process to a live client of another', async () => {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const [a, b] = await Promise.all([startProcess(base), startProcess(base + 1)]);
    const categories = ((await (await fetch(`${a}/api/v1/categories`)).json()) as { categories: { id: string }[] }).categories;
    const filed = (await (
      await fetch(`${a}/api/v1/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ categoryId: categories[0]!.id, description: 'Live update across two processes.', anonymous: true }),
      })
    ).json()) as { code: string; citizenSecret: string };

    const controller = new AbortController();
    const stream = await fetch(`${b}/api/v1/complaints/${filed.code}/live?after=2`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';

    const withdrawn = await fetch(`${a}/api/v1/complaints/${filed.code}/withdraw`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${filed.citizenSecret}` },
      body: JSON.stringify({}),
    });
    expect(withdrawn.status).toBe(200);

    const deadline = Date.now() + 15_000;
    while (!received.includes('"type":"withdrawn"') && Date.now() < deadline) {
      const { value, done } = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no live event in time')), 15_000))]);
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    controller.abort();
    expect(received).toContain('id: 3\nevent: timeline\ndata: {"seq":3,"type":"withdrawn"');
    // Events before `after` are not sent again.
    expect(received).not.toContain('"type":"submitted"');
  }, 90_000);

  it('tells a staff console on one process of a complaint filed to its office through another', async () => {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const [a, b] = await Promise.all([startProcess(base), startProcess(base + 1)]);
    const office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar'`)).rows[0];
    const categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
    const app = await buildTestApp(database.db);
    try {
      await createStaff(app, 'officer', { officeIds: [office.id] }, 'live-officer');
    } finally {
      await app.close();
    }
    const signedIn = await fetch(`${b}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'live-officer', password: GOOD_PASSWORD }) });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const controller = new AbortController();
    const stream = await fetch(`${b}/api/v1/staff/queue/live`, { headers: { cookie }, signal: controller.signal });
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    const filed = (await (
      await fetch(`${a}/api/v1/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ categoryId, description: 'The dispensary has run out of insulin.', location: { areaId: office.area_id }, anonymous: true }),
      })
    ).json()) as { code: string };
    let received = '';
    const deadline = Date.now() + 15_000;
    while (!received.includes(filed.code) && Date.now() < deadline) {
      const { value, done } = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no queue event in time')), 15_000))]);
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    controller.abort();
    expect(received).toContain(`event: queue\ndata: {"officeId":"${office.id}","codes":["${filed.code}"]}`);
  }, 90_000);
});
