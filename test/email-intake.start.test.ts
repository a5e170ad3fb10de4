import { spawn } from 'node:child_process';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectPath } from '../server/paths.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { TEST_DATA_KEYS } from './helpers/keys.js';
import { startTestSmtp, type TestSmtp } from './helpers/smtp.js';

let database: TestDatabase;
let relay: TestSmtp;

beforeAll(async () => {
  database = await createTestDatabase();
  relay = await startTestSmtp();
});
afterAll(async () => {
  await relay.close();
  await database.drop();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

it('`ekhtyar start` with EKHTYAR_SMTP_INBOUND_PORT takes a complaint by mail and answers it with the tracking code', async () => {
  const [port, smtpPort] = [await freePort(), await freePort()];
  const child = spawn('node', [projectPath('bin/ekhtyar.js'), 'start'], {
    env: { ...process.env, DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', EKHTYAR_DATA_KEYS: TEST_DATA_KEYS, SMTP_URL: relay.url, EKHTYAR_SMTP_INBOUND_PORT: String(smtpPort), EKHTYAR_COMPLAINTS_ADDRESS: 'complaints@ekhtyar.test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const until = async (check: () => boolean | Promise<boolean>, what: string) => {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}; log:\n${log}`);
  };
  try {
    await until(() => log.includes('taking complaints by e-mail'), 'the SMTP intake to start');
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await client.sendMail({ from: 'citizen@example.pk', to: 'complaints@ekhtyar.test', subject: 'Open manhole', messageId: '<start@example.pk>', text: 'The manhole near the girls school has no cover.' });
    await expect(client.sendMail({ from: 'citizen@example.pk', to: 'someone@ekhtyar.test', subject: 'x', text: 'Not for the complaints address.' })).rejects.toMatchObject({ responseCode: 550 });
    client.close();
    await until(() => relay.received.some((m) => m.inReplyTo === '<start@example.pk>'), 'the answer');
    const answer = relay.received.find((m) => m.inReplyTo === '<start@example.pk>')!;
    const code = /KP-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(answer.subject ?? '')![0];
    expect((await database.db.query(`select channel from complaints where code = $1`, [code])).rows).toEqual([{ channel: 'email' }]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  }
}, 90_000);
