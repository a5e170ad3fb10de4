import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { connectDatabase } from '../store/connect.js';
import type { Db } from '../store/db.js';

/**
 * Runs a CLI command against the configured database (embedded or DATABASE_URL) and closes it after. Commands log
 * only warnings by default: their output is what they print.
 */
export async function withDatabase(fn: (db: Db, log: Logger, config: Config) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const database = await connectDatabase(config, log);
  try {
    await fn(database.db, log, config);
  } finally {
    await database.close();
  }
}

/** A whole number given to a command-line option, or an error naming the option and the range. */
export function wholeNumber(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new Error(`${option} must be a whole number from ${min} to ${max} (got "${text.slice(0, 20)}")`);
  return n;
}
