import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { projectPath } from '../server/paths.js';
import { openPool } from '../server/store/db.js';
import { startEmbeddedPostgres } from '../server/store/embedded-postgres.js';
import { migrate } from '../server/store/migrate.js';
import { readProvinceSeed, writeProvinceSeed } from '../server/store/seed.repository.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL with rights to create databases. */
    adminUrl: string;
    /** A migrated, seeded database each test file copies (CREATE DATABASE … TEMPLATE). */
    templateDatabase: string;
  }
}

/**
 * Real PostgreSQL for every test: the server at DATABASE_URL when set (CI), otherwise an embedded
 * PostgreSQL started here in a temporary folder. One database is migrated and seeded once; each test
 * file gets its own copy of it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Tests that start real processes run bin/ekhtyar.js over dist/: build it once, so they never run stale code.
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: projectPath() });
  let stopEmbedded: (() => Promise<void>) | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ekhtyar-test-'));
    await fs.chmod(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres', ephemeral: true });
    adminUrl = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    };
  }
  const templateDatabase = `ekhtyar_template_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${templateDatabase}`);
  const db = await openPool(withDatabase(adminUrl, templateDatabase), 2);
  try {
    await migrate(db);
    await writeProvinceSeed(db, await readProvinceSeed());
  } finally {
    await db.end();
  }
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);
  return async () => {
    await adminQuery(adminUrl, `drop database if exists ${templateDatabase}`);
    await stopEmbedded?.();
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on its own connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
