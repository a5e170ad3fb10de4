import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectPath } from '../../server/paths.js';
import { TEST_DATA_KEYS } from './keys.js';

const run = promisify(execFile);

/** What a run of the command printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command (bin/ekhtyar.js over the compiled dist/) with the test keys unless `env` says otherwise. */
export async function ekhtyar(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', [projectPath('bin/ekhtyar.js'), ...args], { env: { ...process.env, LOG_LEVEL: 'warn', EKHTYAR_DATA_KEYS: TEST_DATA_KEYS, ...env }, cwd: projectPath() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
