import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** The process-wide structured logger; personal data is never logged (see redact paths). */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      // Contact details, capability tokens and key material must not reach log files.
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.phone', '*.email', '*.cnic', '*.citizenSecret', '*.dataKeys', '*.material'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
