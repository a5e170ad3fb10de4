import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { TEST_DATA_KEYS } from '../../test/helpers/keys.js';
import { projectPath } from '../paths.js';

const run = promisify(execFile);
let database: TestDatabase;

// The real command, as users run it: bin/ekhtyar.js over the compiled dist/.
async function ekhtyar(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', [projectPath('bin/ekhtyar.js'), ...args], { env: { ...process.env, LOG_LEVEL: 'warn', EKHTYAR_DATA_KEYS: TEST_DATA_KEYS, ...env }, cwd: projectPath() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('the ekhtyar command', () => {
  it('migrates an up-to-date database without changing it', async () => {
    const result = await ekhtyar(['migrate'], { DATABASE_URL: database.url });
    expect(result).toMatchObject({ code: 0, stdout: 'database is up to date\n' });
  });

  it('seeds again without duplicating or overwriting anything, and adds demo complaints on request', async () => {
    await database.db.query(`update categories set name_en = 'Renamed by an administrator' where id = (select min(id) from categories)`);
    const result = await ekhtyar(['seed', '--demo', '--complaints', '50'], { DATABASE_URL: database.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('added 0 areas, 0 departments, 0 offices, 0 categories, 0 holidays');
    expect(result.stdout).toContain('added 50 demo complaints');
    const { rows } = await database.db.query(`select count(*)::int as n from categories where name_en = 'Renamed by an administrator'`);
    expect(rows[0].n).toBe(1);
    // A demo account of every staff role, each with a temporary password shown once; a second run adds none.
    const accounts = [...result.stdout.matchAll(/^ {2}(demo-[a-z-]+)\s+([a-z_]+)\s+(\S+)$/gm)].map((m) => ({ username: m[1], role: m[2], password: m[3] }));
    expect(accounts.map((a) => a.role).sort()).toEqual(['administrator', 'analyst', 'department_monitor', 'head_of_office', 'intake_agent', 'officer', 'provincial_monitor']);
    const { rows: users } = await database.db.query(`select username, must_change_password from staff_users where username like 'demo-%' order by username`);
    expect(users).toHaveLength(7);
    expect(users.every((u) => u.must_change_password)).toBe(true);
    const again = await ekhtyar(['seed', '--demo', '--complaints', '1'], { DATABASE_URL: database.url });
    expect(again.stdout).not.toContain('demo staff accounts');
  });

  it('exits non-zero naming each bad configuration value', async () => {
    const result = await ekhtyar(['migrate'], { DATABASE_URL: 'mysql://nope', PORT: 'x' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toContain('PORT');
  });

  it('exits non-zero on an unknown command or a bad option value', async () => {
    expect((await ekhtyar(['frobnicate'])).code).not.toBe(0);
    const bad = await ekhtyar(['seed', '--complaints', 'many'], { DATABASE_URL: database.url });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--complaints');
  });

  it('enters a lunar holiday for the year, confirms it later, and refuses a date that does not exist', async () => {
    const added = await ekhtyar(['holiday', 'add', '2028-02-27', 'Eid ul Fitr', '--kind', 'lunar', '--provisional', '--ur', 'عید الفطر'], { DATABASE_URL: database.url });
    expect(added.code).toBe(0);
    expect((await ekhtyar(['holiday', 'list', '2028'], { DATABASE_URL: database.url })).stdout).toContain('2028-02-27  Eid ul Fitr  (provisional)');
    await ekhtyar(['holiday', 'add', '2028-02-27', 'Eid ul Fitr', '--kind', 'lunar'], { DATABASE_URL: database.url });
    expect((await ekhtyar(['holiday', 'list', '2028'], { DATABASE_URL: database.url })).stdout).toContain('2028-02-27  Eid ul Fitr\n');
    const bad = await ekhtyar(['holiday', 'add', '2028-02-30', 'Nope'], { DATABASE_URL: database.url });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('not a date');
  });

  it('says plainly when the database cannot be reached', async () => {
    const result = await ekhtyar(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('cannot connect to DATABASE_URL');
  });
});

describe('ekhtyar start with several server processes', () => {
  it('serves from every worker, replaces one that dies, and shuts down cleanly on SIGINT', async () => {
    const port = 3000 + Math.floor(Math.random() * 2000) + 20000;
    const child = spawn('node', [projectPath('bin/ekhtyar.js'), 'start'], {
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), EKHTYAR_WORKERS: '2', LOG_LEVEL: 'info', EKHTYAR_DATA_KEYS: TEST_DATA_KEYS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const workerPids = () => [...new Set([...log.matchAll(/"pid":(\d+)[^\n]*"msg":"Ekhtyar is running"/g)].map((m) => Number(m[1])))].filter((pid) => pid !== child.pid);
    const until = async (check: () => boolean | Promise<boolean>, what: string) => {
      for (let i = 0; i < 450; i++) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`timed out waiting for ${what}; log:\n${log}`);
    };
    try {
      await until(() => log.includes('"workers":2'), 'the cluster to start');
      // Each worker logs once its own listen returns, which may be just after the primary counts it.
      await until(() => workerPids().length === 2, 'both workers to report');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      process.kill(workerPids()[0]!, 'SIGKILL');
      await until(() => workerPids().length === 3, 'a replacement worker');
      expect(log).toContain('server process died; starting another');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      child.kill('SIGINT');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 150_000);

  it('gives up with a clear error when workers keep failing to start (here: the port is taken)', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await ekhtyar(['start'], { DATABASE_URL: database.url, PORT: String(port), EKHTYAR_WORKERS: '2', EKHTYAR_JOBS: 'false' });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('failed to start 5 times in a row');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 90_000);
});
