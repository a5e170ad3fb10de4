import { spawn, type ChildProcess } from 'node:child_process';
import { formatDataKey, generateDataKey } from '../../server/domain/privacy/data-keys.js';
import { projectPath } from '../../server/paths.js';

/** The Ekhtyar server running as its own process, as in production. */
export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** SIGINT (graceful), then SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
}

/** Options for the server child. */
export interface ServerOptions {
  databaseUrl: string;
  port: number;
  poolSize: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Extra environment (channel settings), over the defaults below. */
  env?: Record<string, string>;
}

/** Starts `node bin/ekhtyar.js start` on the given database and waits until GET /healthz answers. */
export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  const env = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    EKHTYAR_DB_POOL_SIZE: String(options.poolSize),
    // Production refuses to start without data keys; a bench database is thrown away, and its key with it.
    EKHTYAR_DATA_KEYS: formatDataKey(generateDataKey()),
    // All load comes from one address: its limit is raised out of reach, but still counted on every request (one
    // hot counter row, the worst case), as are the per-citizen limits and daily cap at their defaults.
    EKHTYAR_RATE_LIMIT_IP: '9999999/1m',
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), projectPath('bin/ekhtyar.js'), 'start'], { cwd: projectPath(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stop = () => stopChild(child);
  try {
    await waitForHealth(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid ?? 0, stop };
}

// Keeps the last lines the server printed (warnings, errors) and echoes them, so a failure is explained.
function captureOutput(child: ChildProcess): string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    process.stderr.write(`[server] ${text}`);
    lines.push(text);
    if (lines.length > 40) lines.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return lines;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it was ready:\n${output.join('')}`);
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer ${baseUrl}/healthz within 60 s:\n${output.join('')}`);
}

async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
