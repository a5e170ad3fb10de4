import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/store/embedded-postgres.js';

/** A fresh database for one bench run, on DATABASE_URL's server or on an embedded one. */
export interface BenchDatabase {
  /** URL of the fresh database (with credentials). */
  url: string;
  /** Where it runs, for the report. */
  where: string;
  /** Drops the database and stops the embedded server, if one was started. */
  release(): Promise<void>;
}

/** Creates `ekhtyar_bench_<random>` on DATABASE_URL's server, or on an embedded PostgreSQL started in a temp dir. */
export async function provisionDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  const server = databaseUrl ? { adminUrl: databaseUrl, where: redact(databaseUrl), stop: async () => undefined } : await startEmbedded();
  const name = `ekhtyar_bench_${randomBytes(4).toString('hex')}`;
  try {
    await adminQuery(server.adminUrl, `create database ${name}`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: withDatabase(server.adminUrl, name),
    where: `${server.where} (database ${name})`,
    release: async () => {
      try {
        await adminQuery(server.adminUrl, `drop database if exists ${name} with (force)`);
      } finally {
        await server.stop();
      }
    },
  };
}

async function startEmbedded(): Promise<{ adminUrl: string; where: string; stop(): Promise<void> }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ekhtyar-bench-'));
  await fs.chmod(dataDir, 0o755);
  const port = await freePort();
  try {
    const embedded = await startEmbeddedPostgres({ dataDir, port, database: 'postgres', ephemeral: true });
    // The cluster may already be down (Ctrl-C reaches the whole process group): remove the folder regardless.
    const stop = async () => {
      try {
        // embedded-postgres waits for an 'exit' that never comes if the server has already stopped.
        await Promise.race([embedded.stop(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      } finally {
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    };
    return { adminUrl: embedded.url, where: `embedded PostgreSQL on 127.0.0.1:${port} (${dataDir})`, stop };
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on its own connection. */
export async function adminQuery(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** The URL without its password, for printing. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
