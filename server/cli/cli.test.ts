import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { projectPath } from '../paths.js';

const run = promisify(execFile);
let database: TestDatabase;

// The real command, as users run it: bin/ekhtyar.js over the compiled dist/.
async function ekhtyar(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', [projectPath('bin/ekhtyar.js'), ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, cwd: projectPath() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  await run('npm', ['run', 'build', '--silent'], { cwd: projectPath() });
  database = await createTestDatabase();
}, 120_000);
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
    expect(result.stdout).toContain('added 0 areas, 0 departments, 0 offices, 0 categories');
    expect(result.stdout).toContain('added 50 demo complaints');
    const { rows } = await database.db.query(`select count(*)::int as n from categories where name_en = 'Renamed by an administrator'`);
    expect(rows[0].n).toBe(1);
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

  it('says plainly when the database cannot be reached', async () => {
    const result = await ekhtyar(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('cannot connect to DATABASE_URL');
  });
});
