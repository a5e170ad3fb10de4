import path from 'node:path';
import type { DayHours } from './domain/sla/business-calendar.js';
import { parseOfficeWeek } from './domain/sla/office-week.js';

/** Typed, validated configuration read once from the environment. */
export interface Config {
  /** production | development | test */
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** External PostgreSQL; when absent an embedded PostgreSQL is started under dataDir. */
  databaseUrl: string | null;
  /** Folder for everything Ekhtyar keeps on disk (the embedded database lives in dataDir/postgres). */
  dataDir: string;
  /** Port of the embedded PostgreSQL (only used without DATABASE_URL). */
  embeddedPgPort: number;
  /** Connections in this process's pool. */
  dbPoolSize: number;
  /** Largest accepted attachment, in bytes. */
  attachmentMaxBytes: number;
  /** Most attachments on one submission. */
  attachmentMaxCount: number;
  /** Most complaint submissions written in one group-commit transaction. */
  intakeBatchMax: number;
  /** Group-commit transactions in flight at once; few and large beats many and small (see bench/README.md). */
  intakeMaxInFlight: number;
  /** Seed the Khyber Pakhtunkhwa configuration on first start. */
  seedOnStart: boolean;
  /** HTTP server processes sharing the port (node:cluster); 1 serves from the starting process itself. */
  workers: number;
  /** Run durable jobs (SLA sweep, deliveries) in this process as well as serving HTTP. */
  jobs: boolean;
  /** SMTP server for e-mail notifications (smtp:// or smtps://); none means e-mails are not sent. */
  smtpUrl: string | null;
  /** The From address of notifications. */
  mailFrom: string;
  /** The address citizens reach this server at, for links in messages. */
  publicUrl: string;
  /** Office hours SLA clocks run on (EKHTYAR_OFFICE_HOURS, e.g. "mon-thu 09:00-17:00; fri 09:00-12:30"), Sunday first. */
  officeWeek: DayHours[];
  /** Days after a resolution with no answer from the citizen before it closes as closed_no_response; null keeps waiting. */
  noResponseCloseDays: number | null;
  /** Addresses each daily audit anchor is mailed to (comma-separated), kept outside the database's reach; needs smtpUrl. */
  auditAnchorEmail: string | null;
}

/** A configuration value that cannot be used; the message names the variable and the fix. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads the environment into a Config, listing every bad value at once. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);
  const config: Config = {
    env: read.oneOf('NODE_ENV', ['production', 'development', 'test'], 'development'),
    host: read.string('HOST', '0.0.0.0'),
    port: read.int('PORT', 3000, 0, 65535),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    databaseUrl: read.postgresUrl('DATABASE_URL'),
    dataDir: path.resolve(cwd, read.string('EKHTYAR_DATA_DIR', 'data')),
    embeddedPgPort: read.int('EKHTYAR_EMBEDDED_PG_PORT', 54329, 1, 65535),
    dbPoolSize: read.int('EKHTYAR_DB_POOL_SIZE', 10, 1, 500),
    attachmentMaxBytes: read.int('EKHTYAR_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    attachmentMaxCount: read.int('EKHTYAR_ATTACHMENT_MAX_COUNT', 5, 0, 20),
    intakeBatchMax: read.int('EKHTYAR_INTAKE_BATCH_MAX', 256, 1, 5000),
    intakeMaxInFlight: read.int('EKHTYAR_INTAKE_MAX_IN_FLIGHT', 2, 1, 64),
    seedOnStart: read.bool('EKHTYAR_SEED_ON_START', true),
    workers: read.int('EKHTYAR_WORKERS', 1, 1, 64),
    jobs: read.bool('EKHTYAR_JOBS', true),
    smtpUrl: read.url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: read.string('EKHTYAR_MAIL_FROM', 'Ekhtyar <no-reply@localhost>'),
    officeWeek: read.officeWeek('EKHTYAR_OFFICE_HOURS', 'mon-fri 09:00-17:00'),
    noResponseCloseDays: read.oneOf('EKHTYAR_NO_RESPONSE_POLICY', ['close', 'wait'], 'close') === 'wait' ? null : read.int('EKHTYAR_NO_RESPONSE_CLOSE_DAYS', 10, 5, 365),
    publicUrl: (read.url('EKHTYAR_PUBLIC_URL', ['http:', 'https:']) ?? 'http://localhost:3000').replace(/\/+$/, ''),
    auditAnchorEmail: read.emailList('EKHTYAR_AUDIT_ANCHOR_EMAIL'),
  };
  // An anchor address without a way to send would silently keep the copies inside the database only.
  if (config.auditAnchorEmail && !config.smtpUrl) problems.push('EKHTYAR_AUDIT_ANCHOR_EMAIL is set but SMTP_URL is not: anchors cannot be mailed');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(value)} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}=${JSON.stringify(value)} must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}=${JSON.stringify(value)} must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    try {
      if (protocols.includes(new URL(value).protocol)) return value;
    } catch {
      // reported below
    }
    this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    return null;
  }

  emailList(name: string): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    const addresses = value.split(',').map((a) => a.trim());
    if (addresses.length > 10 || !addresses.every((a) => /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(a))) {
      this.problems.push(`${name} must be one e-mail address, or a few separated by commas (e.g. audit@example.gov.pk)`);
      return null;
    }
    return addresses.join(', ');
  }

  officeWeek(name: string, fallback: string): DayHours[] {
    const parsed = parseOfficeWeek(this.raw(name) ?? fallback);
    if ('week' in parsed) return parsed.week;
    this.problems.push(`${name}: ${parsed.error}`);
    const defaults = parseOfficeWeek(fallback);
    return 'week' in defaults ? defaults.week : [];
  }

  postgresUrl(name: string): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problems.push(`${name} is not a URL; expected postgres://user:password@host:5432/database`);
      return null;
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      this.problems.push(`${name} must start with postgres:// or postgresql:// (got ${url.protocol}//)`);
      return null;
    }
    return value;
  }
}
