import path from 'node:path';
import { parseDataKeys, type DataKey } from './domain/privacy/data-keys.js';
import { parseTrustProxy, type TrustProxy } from './domain/abuse/network.js';
import { parseRateLimit, type RateLimit } from './domain/abuse/rate-limit.js';
import type { SmsConfig } from './channels/sms/sms.channel.js';
import type { SmsGatewayConfig } from './channels/sms/gateway-sms.channel.js';
import type { WhatsAppConfig } from './channels/whatsapp/whatsapp.channel.js';
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
  /** Staff sessions end after this long without a request. */
  sessionIdleMinutes: number;
  /** Staff sessions end this long after sign-in, however busy. */
  sessionMaxHours: number;
  /** Session cookies only over https (default: when EKHTYAR_PUBLIC_URL is https). */
  cookieSecure: boolean;
  /** Keys sealing personal data, current first (EKHTYAR_DATA_KEYS); null when they come from a file or are generated. */
  dataKeys: DataKey[] | null;
  /** A file holding the key list (EKHTYAR_DATA_KEY_FILE); without either, development generates dataDir/data-keys. */
  dataKeyFile: string | null;
  /** Proxies allowed to name the client's address in X-Forwarded-For (EKHTYAR_TRUST_PROXY); false trusts none. */
  trustProxy: TrustProxy;
  /** Complaint submissions per client network (IPv4 address, IPv6 /64); null: no limit. */
  rateLimitNetwork: RateLimit | null;
  /** Complaint submissions per citizen (normalised phone, e-mail); null: no limit. */
  rateLimitCitizen: RateLimit | null;
  /** Complaints one citizen may file per Pakistan calendar day before being refused and flagged for review; null: no cap. */
  dailyCap: number | null;
  /** The complaint helpline citizens are pointed to when refused (e.g. "1800-00-0000"); null when there is none to name. */
  helpline: string | null;
  /** Largest request head (request line and headers) Node accepts; larger ones get 431. */
  maxHeaderBytes: number;
  /** SMS through Twilio's Messages API (or a provider speaking it); null when not configured or another provider is. */
  sms: SmsConfig | null;
  /** SMS through a generic HTTP gateway (EKHTYAR_SMS_PROVIDER=gateway; docs/CHANNELS.md); null otherwise. */
  smsGateway: SmsGatewayConfig | null;
  /**
   * The inbound SMS webhook (POST /webhooks/sms/twilio, or /webhooks/sms/gateway), on whenever SMS is configured: its
   * requests are signed with the provider's secret. Whether this process answers what arrives at once (else the job loop does).
   */
  smsWebhook: { processOnReceipt: boolean } | null;
  /** WhatsApp through Meta's Cloud API; null when not configured. */
  whatsapp: WhatsAppConfig | null;
  /**
   * The WhatsApp webhook (POST /webhooks/whatsapp): the app secret that signs Meta's bodies, the token of the GET
   * handshake, and whether this process handles what arrives at once (else the job loop does); null: no webhook.
   */
  whatsappWebhook: { appSecret: string; verifyToken: string; processOnReceipt: boolean } | null;
  /** A WhatsApp or SMS filing conversation left this long starts over (its answers and files are let go). */
  botTimeoutHours: number;
  /** How long a sign-in code may take to hand to the provider (or SMTP server) before the citizen is told it failed. */
  codeSendTimeoutSeconds: number;
  /** Citizen sessions end after this long without a request. */
  citizenSessionIdleMinutes: number;
  /** Citizen sessions end this long after sign-in, however busy. */
  citizenSessionMaxHours: number;
  /** Most sign-in codes asked for, and code tries, per hour: per phone number or e-mail address, and per IP address. */
  signInLimits: { codesPerContact: number; codesPerIp: number; triesPerContact: number; triesPerIp: number };
  /** Addresses each daily audit anchor is mailed to (comma-separated), kept outside the database's reach; needs smtpUrl. */
  auditAnchorEmail: string | null;
  /** Complaints by e-mail through the built-in SMTP server; null: off (EKHTYAR_SMTP_INBOUND_PORT unset). */
  emailIntake: EmailIntakeConfig | null;
  /** The routing classifier: how sure it must be to choose a category, and its scheduled retraining. */
  routing: RoutingConfig;
}

/** The routing classifier's settings (docs/AI.md, "Routing by the classifier"). */
export interface RoutingConfig {
  /** Least confidence (0–1) at which the active model's category is used; below it keywords, else triage. */
  minConfidence: number;
  /** When retraining runs (cron, Asia/Karachi); null: never on a schedule (EKHTYAR_RETRAIN_CRON=off). */
  retrainCron: string | null;
  /** Fewest usable examples a retraining needs; fewer and no model is trained. */
  retrainMinExamples: number;
  /** Hash bits of retrained models (each process holds labels × 2^bits × 4 bytes for the active one). */
  retrainHashBits: number;
}

/** The built-in SMTP server that takes complaints by e-mail, and how its mail is handled. */
export interface EmailIntakeConfig {
  host: string;
  /** 0 takes any free port (tests). */
  port: number;
  /** The addresses mail is accepted for (lower case); RCPT TO any other is refused with 550. */
  addresses: string[];
  /** Largest message accepted (SIZE), in bytes; larger ones are refused with 552 before they are stored. */
  maxBytes: number;
  /** Mails one sender may send before the rest are held for review (a mail bomb); null: no limit. */
  senderLimit: RateLimit | null;
  /** Category of a mail whose words match no category's keywords (it goes to triage for a monitor to place). */
  fallbackCategory: string;
  /** Whether this process handles a mail as soon as it is stored (else the job loop does). */
  processOnReceipt: boolean;
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
    sessionIdleMinutes: read.int('EKHTYAR_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: read.int('EKHTYAR_SESSION_MAX_HOURS', 12, 1, 24 * 30),
    cookieSecure: false,
    dataKeys: read.dataKeys('EKHTYAR_DATA_KEYS'),
    dataKeyFile: read.path('EKHTYAR_DATA_KEY_FILE', cwd),
    trustProxy: read.trustProxy('EKHTYAR_TRUST_PROXY'),
    rateLimitNetwork: read.rateLimit('EKHTYAR_RATE_LIMIT_IP', '30/10m'),
    rateLimitCitizen: read.rateLimit('EKHTYAR_RATE_LIMIT_CITIZEN', '5/1h'),
    dailyCap: read.intOrOff('EKHTYAR_DAILY_CAP', 10, 1, 10_000),
    helpline: read.string('EKHTYAR_HELPLINE', '').slice(0, 100) || null,
    maxHeaderBytes: read.int('EKHTYAR_MAX_HEADER_BYTES', 16 * 1024, 4 * 1024, 64 * 1024),
    sms: null,
    smsGateway: null,
    smsWebhook: null,
    whatsapp: null,
    whatsappWebhook: null,
    botTimeoutHours: read.int('EKHTYAR_BOT_TIMEOUT_HOURS', 24, 1, 168),
    codeSendTimeoutSeconds: read.int('EKHTYAR_CODE_SEND_TIMEOUT_SECONDS', 10, 1, 60),
    citizenSessionIdleMinutes: read.int('EKHTYAR_CITIZEN_SESSION_IDLE_MINUTES', 120, 1, 7 * 24 * 60),
    citizenSessionMaxHours: read.int('EKHTYAR_CITIZEN_SESSION_MAX_HOURS', 24, 1, 24 * 90),
    signInLimits: {
      codesPerContact: read.int('EKHTYAR_SIGN_IN_CODES_PER_CONTACT', 5, 1, 1000),
      // Mobile networks put many subscribers behind one address (carrier-grade NAT), so per-address limits are wider.
      codesPerIp: read.int('EKHTYAR_SIGN_IN_CODES_PER_IP', 30, 1, 100_000),
      triesPerContact: read.int('EKHTYAR_SIGN_IN_TRIES_PER_CONTACT', 10, 1, 1000),
      triesPerIp: read.int('EKHTYAR_SIGN_IN_TRIES_PER_IP', 60, 1, 100_000),
    },
    auditAnchorEmail: read.emailList('EKHTYAR_AUDIT_ANCHOR_EMAIL'),
    emailIntake: null,
    routing: {
      minConfidence: read.fraction('EKHTYAR_ROUTING_MIN_CONFIDENCE', 0.6),
      retrainCron: read.cronOrOff('EKHTYAR_RETRAIN_CRON', '0 3 * * 0'),
      retrainMinExamples: read.int('EKHTYAR_RETRAIN_MIN_EXAMPLES', 200, 10, 1_000_000),
      retrainHashBits: read.int('EKHTYAR_RETRAIN_HASH_BITS', 16, 12, 22),
    },
  };
  // An anchor address without a way to send would silently keep the copies inside the database only.
  if (config.auditAnchorEmail && !config.smtpUrl) problems.push('EKHTYAR_AUDIT_ANCHOR_EMAIL is set but SMTP_URL is not: anchors cannot be mailed');
  readSms(read, config, problems);
  const whatsapp = read.together(['EKHTYAR_WHATSAPP_PHONE_NUMBER_ID', 'EKHTYAR_WHATSAPP_TOKEN']);
  if (whatsapp) {
    const [phoneNumberId, token] = whatsapp as [string, string];
    config.whatsapp = {
      graphUrl: read.url('EKHTYAR_WHATSAPP_GRAPH_URL', ['http:', 'https:']) ?? 'https://graph.facebook.com',
      apiVersion: read.matching('EKHTYAR_WHATSAPP_API_VERSION', /^v\d+\.\d+$/, 'v21.0', 'a Graph API version such as v21.0'),
      phoneNumberId,
      token,
      codeTemplate: read.matching('EKHTYAR_WHATSAPP_CODE_TEMPLATE', TEMPLATE_NAME, 'sign_in_code', TEMPLATE_NAME_RULE),
      updateTemplate: read.matching('EKHTYAR_WHATSAPP_UPDATE_TEMPLATE', TEMPLATE_NAME, 'complaint_update', TEMPLATE_NAME_RULE),
      feedbackTemplate: read.matching('EKHTYAR_WHATSAPP_FEEDBACK_TEMPLATE', TEMPLATE_NAME, 'complaint_resolved', TEMPLATE_NAME_RULE),
    };
  }
  const webhook = read.together(['EKHTYAR_WHATSAPP_APP_SECRET', 'EKHTYAR_WHATSAPP_VERIFY_TOKEN']);
  if (webhook) {
    const [appSecret, verifyToken] = webhook as [string, string];
    // A short token or secret could be guessed; Meta's app secrets are 32 hex characters.
    if (verifyToken.length < 16) problems.push('EKHTYAR_WHATSAPP_VERIFY_TOKEN must be at least 16 characters (a random string you also give Meta)');
    if (appSecret.length < 16) problems.push("EKHTYAR_WHATSAPP_APP_SECRET must be the Meta app's secret (App settings → Basic)");
    config.whatsappWebhook = { appSecret, verifyToken, processOnReceipt: read.bool('EKHTYAR_WHATSAPP_PROCESS_ON_RECEIPT', true) };
  }
  config.emailIntake = readEmailIntake(read, config, problems);
  config.cookieSecure = read.bool('EKHTYAR_COOKIE_SECURE', config.publicUrl.startsWith('https:'));
  // Two sources would leave it unclear which key is current.
  if (config.dataKeys && config.dataKeyFile) problems.push('set EKHTYAR_DATA_KEYS or EKHTYAR_DATA_KEY_FILE, not both');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
const TEMPLATE_NAME_RULE = 'a template name (lower-case letters, digits and _)';

/**
 * SMS: Twilio (EKHTYAR_SMS_PROVIDER=twilio, the default) or a generic HTTP gateway (=gateway). Variables of the
 * provider not chosen are refused rather than ignored, so a half-switched configuration cannot go unnoticed.
 */
function readSms(read: EnvReader, config: Config, problems: string[]): void {
  const provider = read.oneOf('EKHTYAR_SMS_PROVIDER', ['twilio', 'gateway'], 'twilio');
  const twilio = read.together(['EKHTYAR_SMS_ACCOUNT_SID', 'EKHTYAR_SMS_AUTH_TOKEN', 'EKHTYAR_SMS_FROM'].filter((name) => provider === 'twilio' || name !== 'EKHTYAR_SMS_FROM'));
  const gateway = read.together(['EKHTYAR_SMS_GATEWAY_URL', 'EKHTYAR_SMS_GATEWAY_TOKEN', 'EKHTYAR_SMS_GATEWAY_SECRET']);
  if (provider === 'twilio' && gateway) problems.push('EKHTYAR_SMS_GATEWAY_* is set but EKHTYAR_SMS_PROVIDER is not "gateway"');
  if (provider === 'gateway' && twilio) problems.push('EKHTYAR_SMS_ACCOUNT_SID and EKHTYAR_SMS_AUTH_TOKEN are Twilio\'s; unset them with EKHTYAR_SMS_PROVIDER=gateway');
  if (provider === 'twilio' && twilio) {
    const [accountSid, authToken, from] = twilio as [string, string, string];
    config.sms = { apiUrl: read.url('EKHTYAR_SMS_API_URL', ['http:', 'https:']) ?? 'https://api.twilio.com', accountSid, authToken, from };
  }
  if (provider === 'gateway') {
    if (!gateway) problems.push('EKHTYAR_SMS_PROVIDER=gateway needs EKHTYAR_SMS_GATEWAY_URL, EKHTYAR_SMS_GATEWAY_TOKEN and EKHTYAR_SMS_GATEWAY_SECRET');
    const url = read.url('EKHTYAR_SMS_GATEWAY_URL', ['http:', 'https:']);
    const [, token, secret] = (gateway ?? []) as [string, string, string];
    // The secret signs inbound webhooks: a short one could be guessed.
    if (gateway && secret.length < 16) problems.push('EKHTYAR_SMS_GATEWAY_SECRET must be at least 16 characters (a random string the gateway also holds)');
    if (gateway && url) config.smsGateway = { url, token, secret, from: read.string('EKHTYAR_SMS_FROM', '') || null };
  }
  if (config.sms || config.smsGateway) config.smsWebhook = { processOnReceipt: read.bool('EKHTYAR_SMS_PROCESS_ON_RECEIPT', true) };
}

/** The e-mail intake's settings: on when EKHTYAR_SMTP_INBOUND_PORT is set, which then needs the complaints address. */
function readEmailIntake(read: EnvReader, config: Config, problems: string[]): EmailIntakeConfig | null {
  const port = read.optionalInt('EKHTYAR_SMTP_INBOUND_PORT', 0, 65535);
  const addresses = read.emailList('EKHTYAR_COMPLAINTS_ADDRESS');
  if (port === null) return null;
  if (!addresses) {
    problems.push('EKHTYAR_SMTP_INBOUND_PORT is set but EKHTYAR_COMPLAINTS_ADDRESS is not: name the address(es) complaints are mailed to (e.g. complaints@ekhtyar.kp.gov.pk)');
    return null;
  }
  // Answers go out through SMTP_URL; without it every mail would be filed and the citizen never told the code.
  if (!config.smtpUrl) problems.push('EKHTYAR_SMTP_INBOUND_PORT is set but SMTP_URL is not: the tracking code could not be mailed back');
  return {
    host: read.string('EKHTYAR_SMTP_INBOUND_HOST', config.host),
    port,
    addresses: addresses.split(', ').map((a) => a.toLowerCase()),
    maxBytes: read.int('EKHTYAR_SMTP_INBOUND_MAX_BYTES', 25 * 1024 * 1024, 64 * 1024, 100 * 1024 * 1024),
    senderLimit: read.rateLimit('EKHTYAR_EMAIL_SENDER_LIMIT', '20/1h'),
    fallbackCategory: read.matching('EKHTYAR_EMAIL_FALLBACK_CATEGORY', /^[a-z0-9-]{1,80}$/, 'garbage-not-collected', 'a category id (GET /api/v1/categories)'),
    processOnReceipt: read.bool('EKHTYAR_EMAIL_PROCESS_ON_RECEIPT', true),
  };
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

  optionalInt(name: string, min: number, max: number): number | null {
    return this.raw(name) === undefined ? null : this.int(name, min, min, max);
  }

  intOrOff(name: string, fallback: number, min: number, max: number): number | null {
    return this.raw(name)?.toLowerCase() === 'off' ? null : this.int(name, fallback, min, max);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}=${JSON.stringify(value)} must be true or false`);
    return fallback;
  }

  /** A number from 0 to 1 (a share or a probability). */
  fraction(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(value) || !(n >= 0 && n <= 1)) {
      this.problems.push(`${name}=${JSON.stringify(value)} must be a number from 0 to 1 (e.g. 0.6)`);
      return fallback;
    }
    return n;
  }

  /** A five-field cron expression (minute hour day month weekday), or off (null). */
  cronOrOff(name: string, fallback: string): string | null {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value.toLowerCase() === 'off') return null;
    const fields = value.split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => /^[\d*,/-]+$|^[a-z]{3}(-[a-z]{3})?$/i.test(f))) {
      this.problems.push(`${name}=${JSON.stringify(value)} must be a cron expression of five fields (e.g. "0 3 * * 0", Sundays 03:00 Pakistan time) or off`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}=${JSON.stringify(value)} must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  matching(name: string, pattern: RegExp, fallback: string, expected: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (pattern.test(value)) return value;
    this.problems.push(`${name}=${JSON.stringify(value)} must be ${expected}`);
    return fallback;
  }

  /** Variables that only work as a set: all of them (in order), none (null), or a problem naming the missing ones. */
  together(names: string[]): string[] | null {
    const values = names.map((name) => this.raw(name));
    const missing = names.filter((_, i) => values[i] === undefined);
    if (missing.length === names.length) return null;
    if (missing.length > 0) {
      this.problems.push(`${names.join(', ')} must be set together (missing: ${missing.join(', ')})`);
      return null;
    }
    return values as string[];
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

  path(name: string, cwd: string): string | null {
    const value = this.raw(name);
    return value === undefined ? null : path.resolve(cwd, value);
  }

  dataKeys(name: string): DataKey[] | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    const parsed = parseDataKeys(value);
    if ('keys' in parsed) return parsed.keys;
    // The message names the entry, never its material: configuration errors end up in logs.
    this.problems.push(`${name}: ${parsed.error}`);
    return null;
  }

  rateLimit(name: string, fallback: string): RateLimit | null {
    const parsed = parseRateLimit(this.raw(name) ?? fallback);
    if ('limit' in parsed) return parsed.limit;
    this.problems.push(`${name}: ${parsed.error}`);
    return null;
  }

  trustProxy(name: string): TrustProxy {
    const parsed = parseTrustProxy(this.raw(name) ?? 'false');
    if ('trust' in parsed) return parsed.trust;
    this.problems.push(`${name}: ${parsed.error}; use false, true, a hop count, or addresses and CIDR ranges separated by commas`);
    return false;
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
