import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { startTestSmtp, type TestSmtp } from '../../test/helpers/smtp.js';
import { projectPath } from '../paths.js';
import { appendAuditEntry } from '../store/audit-log.repository.js';
import { withTransaction } from '../store/db.js';
import { seedDemo } from './demo.js';
import { testCipher } from '../../test/helpers/keys.js';

const run = promisify(execFile);
let intact: TestDatabase;
let smtp: TestSmtp;

// The real command, as operators and cron run it: bin/ekhtyar.js over the compiled dist/.
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
  intact = await createTestDatabase();
  smtp = await startTestSmtp();
  await seedDemo(intact.db, testCipher(), 25);
  await withTransaction(intact.db, (tx) => appendAuditEntry(tx, { action: 'staff.sign_in', actorRole: 'administrator', actorId: 'admin-1', subjectType: 'staff_user', subjectId: 'admin-1', payload: {}, ip: '192.0.2.1' }));
});
afterAll(async () => {
  await smtp.close();
  await intact.drop();
});

describe('ekhtyar audit verify', () => {
  it('exits 0 and says "intact" when every chain and anchor holds, printing nothing on stderr for a short run', async () => {
    const result = await ekhtyar(['audit', 'verify'], { DATABASE_URL: intact.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^checked [\d,]+ events in 25 complaint chains, 1 audit log entries and 0 anchors in [\d.]+ s \([\d,]+ events\/s\)\nintact\n$/);
    expect(result.stderr).toBe('');
  });

  it('writes an anchor, mails it, and checks a kept copy against the database', async () => {
    const written = await ekhtyar(['audit', 'anchor'], { DATABASE_URL: intact.url, SMTP_URL: smtp.url, EKHTYAR_AUDIT_ANCHOR_EMAIL: 'audit-cell@example.gov.pk' });
    expect(written.code).toBe(0);
    const [, id, hash] = /^anchor (\d+): ([0-9a-f]{64})$/m.exec(written.stdout) ?? [];
    expect(written.stdout).toContain('mailed to audit-cell@example.gov.pk');
    expect(smtp.received.at(-1)?.text).toContain(`--anchor ${id}:${hash}`);
    expect((await ekhtyar(['audit', 'verify', '--anchor', `${id}:${hash}`], { DATABASE_URL: intact.url })).code).toBe(0);
    const wrong = await ekhtyar(['audit', 'verify', '--anchor', `${id}:${'0'.repeat(64)}`], { DATABASE_URL: intact.url });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(`BROKEN  anchor ${id} differs from the copy given`);
  });

  it('exits 1 naming the complaint and seq of an event changed in SQL, and 0 for another complaint checked alone', async () => {
    const database = await createTestDatabase();
    try {
      await seedDemo(database.db, testCipher(), 10);
      const { rows } = await database.db.query(`select c.id, c.code from complaints c where event_count >= 3 order by c.id limit 2`);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query('set session_replication_role = replica');
      await client.query(`update complaint_events set actor_role = 'provincial_monitor' where complaint_id = $1 and seq = 3`, [rows[0].id]);
      await client.end();
      const result = await ekhtyar(['audit', 'verify'], { DATABASE_URL: database.url });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`BROKEN  complaint ${rows[0].code}: seq 3 was changed (its content no longer matches its hash)\n`);
      expect(result.stdout).toMatch(/\n1 problem found\n$/);
      expect((await ekhtyar(['audit', 'verify', '--complaint', rows[1].code.toLowerCase()], { DATABASE_URL: database.url })).code).toBe(0);
      expect((await ekhtyar(['audit', 'verify', '--complaint', rows[0].code], { DATABASE_URL: database.url })).code).toBe(1);
    } finally {
      await database.drop();
    }
  });

  it('exits 2 on a usage error, naming what is wrong', async () => {
    const cases: [string[], string][] = [
      [['audit', 'verify', '--complaint', 'KP-1234'], 'not a valid tracking code'],
      [['audit', 'verify', '--complaint', 'KP-0000-0000'], 'No complaint has the tracking code KP-0000-0000'],
      [['audit', 'verify', '--frobnicate'], "unknown option '--frobnicate'"],
      [['audit', 'verify', '--batch', '5'], '--batch must be a whole number'],
      [['audit', 'verify', '--anchor', '1:abc'], 'is not <id>:<64 hex digits>'],
      [['audit', 'log', '--since', 'yesterday'], '--since: "yesterday" is not a time'],
    ];
    for (const [args, message] of cases) {
      const result = await ekhtyar(args, { DATABASE_URL: intact.url });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(message);
    }
    const config = await ekhtyar(['audit', 'verify'], { DATABASE_URL: intact.url, EKHTYAR_AUDIT_ANCHOR_EMAIL: 'audit@example.gov.pk' });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('SMTP_URL');
  });

  it('exits 3, not 1, when the check cannot run at all', async () => {
    const result = await ekhtyar(['audit', 'verify'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the check could not run: cannot connect to DATABASE_URL');
  });
});

describe('ekhtyar audit log', () => {
  it('lists entries newest first with their filters, and points to the next page', async () => {
    await ekhtyar(['audit', 'anchor'], { DATABASE_URL: intact.url });
    const all = await ekhtyar(['audit', 'log', '--limit', '1'], { DATABASE_URL: intact.url });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^\d+ {2}\S+Z {2}audit\.anchor {2}system:audit-anchor audit_anchor:\d+ {2}\{.*"hash":"[0-9a-f]{64}".*\}\n\(more: --before \d+\)\n$/);
    const signIns = await ekhtyar(['audit', 'log', '--action', 'staff.sign_in', '--actor', 'admin-1', '--since', '2020-01-01'], { DATABASE_URL: intact.url });
    expect(signIns.stdout).toMatch(/^1 {2}\S+ {2}staff\.sign_in {2}administrator:admin-1 staff_user:admin-1 {2}ip 192\.0\.2\.1 {2}\{\}\n$/);
    expect((await ekhtyar(['audit', 'log', '--until', '2020-01-01'], { DATABASE_URL: intact.url })).stdout).toBe('');
  });
});
