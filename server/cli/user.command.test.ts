import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { TEST_DATA_KEYS } from '../../test/helpers/keys.js';
import { projectPath } from '../paths.js';
import { parseScope } from './user.command.js';

const run = promisify(execFile);
let database: TestDatabase;
let app: FastifyInstance;

async function ekhtyar(args: string[], stdin?: string) {
  const env = { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: database.url, EKHTYAR_DATA_KEYS: TEST_DATA_KEYS };
  if (stdin !== undefined) {
    const child = spawn('node', [projectPath('bin/ekhtyar.js'), ...args], { env, cwd: projectPath() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(stdin);
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
    return { code, stdout, stderr };
  }
  try {
    const { stdout, stderr } = await run('node', [projectPath('bin/ekhtyar.js'), ...args], { env, cwd: projectPath() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const signIn = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('ekhtyar user', () => {
  it('adds an officer with a temporary password that must be changed at first sign-in', async () => {
    const office = (await database.db.query(`select id from offices where department_id = 'health' order by id limit 1`)).rows[0].id;
    const result = await ekhtyar(['user', 'add', 'Zainab.Officer', '--role', 'officer', '--name', 'Zainab Bibi', '--office', office]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^added zainab\.officer \(officer\), id [0-9a-f-]{36}\n/);
    const temporary = result.stdout.match(/temporary password: (\S+)/)?.[1];
    expect(temporary).toBeDefined();
    expect((await signIn('zainab.officer', temporary!)).json()).toMatchObject({ stage: 'change_password', user: { officeIds: [office] } });
    const listed = await ekhtyar(['user', 'list', '--role', 'officer']);
    expect(listed.stdout).toContain(`zainab.officer\tofficer\tZainab Bibi\t${office}\tactive`);
  });

  it('takes a chosen password from standard input, and disables and enables the account', async () => {
    const added = await ekhtyar(['user', 'add', 'first-admin', '--role', 'administrator', '--name', 'Provincial Administrator', '--password-stdin'], 'a long and private passphrase\n');
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain('temporary password');
    expect((await signIn('first-admin', 'a long and private passphrase')).json().stage).toBe('enrol_second_factor');
    expect((await ekhtyar(['user', 'disable', 'first-admin'])).code).toBe(0);
    expect((await signIn('first-admin', 'a long and private passphrase')).statusCode).toBe(401);
    expect((await ekhtyar(['user', 'enable', 'first-admin'])).code).toBe(0);
    expect((await signIn('first-admin', 'a long and private passphrase')).statusCode).toBe(200);
  });

  it('refuses bad input with a non-zero exit naming what is wrong, and adds nothing', async () => {
    const before = (await database.db.query('select count(*)::int as n from staff_users')).rows[0].n;
    const badRole = await ekhtyar(['user', 'add', 'x-user', '--role', 'king', '--name', 'X']);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role must be one of');
    const noOffice = await ekhtyar(['user', 'add', 'lonely', '--role', 'officer', '--name', 'No Office']);
    expect(noOffice.code).not.toBe(0);
    expect(noOffice.stderr).toContain('officeIds: an officer works in at least one office');
    const unknown = await ekhtyar(['user', 'add', 'lost', '--role', 'officer', '--name', 'Lost', '--office', 'nowhere@kp']);
    expect(unknown.stderr).toContain('officeIds/0: unknown office "nowhere@kp"');
    const weak = await ekhtyar(['user', 'add', 'weakling', '--role', 'analyst', '--name', 'Weak', '--password-stdin'], 'password1234');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('password');
    expect((await ekhtyar(['user', 'unlock', 'no-such-user'])).stderr).toContain('there is no account "no-such-user"');
    expect((await database.db.query('select count(*)::int as n from staff_users')).rows[0].n).toBe(before);
  });

  it('reads scope pairs, "*" meaning every department', () => {
    expect(parseScope('health:kp.peshawar')).toEqual({ departmentId: 'health', areaId: 'kp.peshawar' });
    expect(parseScope('*:kp')).toEqual({ departmentId: null, areaId: 'kp' });
    expect(() => parseScope('kp')).toThrow(/department:area/);
    expect(() => parseScope('health:')).toThrow(/department:area/);
  });
});
