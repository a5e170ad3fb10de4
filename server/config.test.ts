import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs with no environment at all: port 3000, embedded database under ./data', () => {
    const config = loadConfig({}, '/srv/ekhtyar');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe('/srv/ekhtyar/data');
    expect(config.attachmentMaxBytes).toBe(10 * 1024 * 1024);
  });

  it('reads every variable it documents', () => {
    const config = loadConfig(
      { PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/e', EKHTYAR_DATA_DIR: '/var/lib/ekhtyar', LOG_LEVEL: 'debug', EKHTYAR_SEED_ON_START: 'false', EKHTYAR_DB_POOL_SIZE: '20' },
      '/x',
    );
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://u:p@db:5432/e', dataDir: '/var/lib/ekhtyar', logLevel: 'debug', seedOnStart: false, dbPoolSize: 20 });
  });

  it('names every bad variable at once, with what it should be', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', EKHTYAR_SEED_ON_START: 'maybe', EKHTYAR_DB_POOL_SIZE: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'EKHTYAR_SEED_ON_START', 'EKHTYAR_DB_POOL_SIZE']) expect(problems).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(5);
  });

  it('reads office hours and names a bad one', () => {
    expect(loadConfig({ EKHTYAR_OFFICE_HOURS: 'mon-thu 08:00-16:00; fri 08:00-12:00' }).officeWeek[5]).toEqual({ open: 480, close: 720 });
    expect(() => loadConfig({ EKHTYAR_OFFICE_HOURS: 'weekdays' })).toThrow(/EKHTYAR_OFFICE_HOURS/);
  });

  it('refuses a DATABASE_URL that is not a URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'localhost:5432' })).toThrow(/DATABASE_URL/);
  });

  it('reads the data keys from EKHTYAR_DATA_KEYS, current first, and a key file path from EKHTYAR_DATA_KEY_FILE', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    expect(loadConfig({ EKHTYAR_DATA_KEYS: `k2:${a}, k1:${b}` }).dataKeys?.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(loadConfig({ EKHTYAR_DATA_KEY_FILE: 'secrets/keys' }, '/srv').dataKeyFile).toBe('/srv/secrets/keys');
    expect(loadConfig({}).dataKeys).toBeNull();
  });

  it('names EKHTYAR_DATA_KEYS when its key material is bad, without repeating it, and refuses both sources at once', () => {
    let error: unknown;
    try {
      loadConfig({ EKHTYAR_DATA_KEYS: 'k1:dG9vIHNob3J0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('EKHTYAR_DATA_KEYS: key 1 ("k1") is not 32 bytes');
    expect((error as ConfigError).message).not.toContain('dG9vIHNob3J0');
    expect(() => loadConfig({ EKHTYAR_DATA_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`, EKHTYAR_DATA_KEY_FILE: '/k' })).toThrow(/EKHTYAR_DATA_KEYS or EKHTYAR_DATA_KEY_FILE, not both/);
  });
});

describe('abuse control and hardening settings', () => {
  it('has limits on by default, trusts no proxy, and sends no helpline it does not know', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      trustProxy: false,
      rateLimitNetwork: { limit: 30, windowSeconds: 600 },
      rateLimitCitizen: { limit: 5, windowSeconds: 3600 },
      dailyCap: 10,
      helpline: null,
      maxHeaderBytes: 16384,
    });
  });

  it('reads each of them, "off" included', () => {
    const config = loadConfig({
      EKHTYAR_TRUST_PROXY: '10.0.0.0/8',
      EKHTYAR_RATE_LIMIT_IP: 'off',
      EKHTYAR_RATE_LIMIT_CITIZEN: '3/30m',
      EKHTYAR_DAILY_CAP: 'off',
      EKHTYAR_HELPLINE: '1800-00-1234',
      EKHTYAR_MAX_HEADER_BYTES: '8192',
    });
    expect(config).toMatchObject({ trustProxy: ['10.0.0.0/8'], rateLimitNetwork: null, rateLimitCitizen: { limit: 3, windowSeconds: 1800 }, dailyCap: null, helpline: '1800-00-1234', maxHeaderBytes: 8192 });
  });

  it('names every bad one at once', () => {
    let error: unknown;
    try {
      loadConfig({ EKHTYAR_TRUST_PROXY: 'the load balancer', EKHTYAR_RATE_LIMIT_IP: 'lots', EKHTYAR_RATE_LIMIT_CITIZEN: '5/1w', EKHTYAR_DAILY_CAP: '0', EKHTYAR_MAX_HEADER_BYTES: '100' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['EKHTYAR_TRUST_PROXY', 'EKHTYAR_RATE_LIMIT_IP', 'EKHTYAR_RATE_LIMIT_CITIZEN', 'EKHTYAR_DAILY_CAP', 'EKHTYAR_MAX_HEADER_BYTES']) expect(problems).toContain(name);
  });
});

describe('SMS, WhatsApp and citizen sessions', () => {
  it('sets up SMS and WhatsApp only when their variables come as a set, and names the missing ones', () => {
    const none = loadConfig({});
    expect(none.sms).toBeNull();
    expect(none.whatsapp).toBeNull();
    const both = loadConfig({ EKHTYAR_SMS_ACCOUNT_SID: 'AC1', EKHTYAR_SMS_AUTH_TOKEN: 't', EKHTYAR_SMS_FROM: '+15005550006', EKHTYAR_WHATSAPP_PHONE_NUMBER_ID: '1055', EKHTYAR_WHATSAPP_TOKEN: 'EAAG' });
    expect(both.sms).toEqual({ apiUrl: 'https://api.twilio.com', accountSid: 'AC1', authToken: 't', from: '+15005550006' });
    expect(both.smsWebhook).toEqual({ processOnReceipt: true });
    expect(none.smsWebhook).toBeNull();
    expect(loadConfig({ EKHTYAR_SMS_ACCOUNT_SID: 'AC1', EKHTYAR_SMS_AUTH_TOKEN: 't', EKHTYAR_SMS_FROM: '+1500', EKHTYAR_SMS_PROCESS_ON_RECEIPT: 'false' }).smsWebhook).toEqual({ processOnReceipt: false });
    expect(both.whatsapp).toEqual({ graphUrl: 'https://graph.facebook.com', apiVersion: 'v21.0', phoneNumberId: '1055', token: 'EAAG', codeTemplate: 'sign_in_code', updateTemplate: 'complaint_update', feedbackTemplate: 'complaint_resolved' });
    expect(both.smsGateway).toBeNull();
    let error: unknown;
    try {
      loadConfig({ EKHTYAR_SMS_ACCOUNT_SID: 'AC1', EKHTYAR_WHATSAPP_TOKEN: 'EAAG', EKHTYAR_CITIZEN_SESSION_IDLE_MINUTES: '0' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/missing: EKHTYAR_SMS_AUTH_TOKEN, EKHTYAR_SMS_FROM/);
    expect(problems.join('\n')).toMatch(/missing: EKHTYAR_WHATSAPP_PHONE_NUMBER_ID/);
    expect(problems.join('\n')).toMatch(/EKHTYAR_CITIZEN_SESSION_IDLE_MINUTES/);
  });

  it('names the WhatsApp notification templates from the environment, refusing names Meta would not accept', () => {
    const whatsapp = { EKHTYAR_WHATSAPP_PHONE_NUMBER_ID: '1055', EKHTYAR_WHATSAPP_TOKEN: 'EAAG' };
    expect(loadConfig({ ...whatsapp, EKHTYAR_WHATSAPP_UPDATE_TEMPLATE: 'kp_update_v2', EKHTYAR_WHATSAPP_FEEDBACK_TEMPLATE: 'kp_feedback_v2' }).whatsapp).toMatchObject({ updateTemplate: 'kp_update_v2', feedbackTemplate: 'kp_feedback_v2' });
    expect(() => loadConfig({ ...whatsapp, EKHTYAR_WHATSAPP_FEEDBACK_TEMPLATE: 'Complaint Resolved' })).toThrow(/EKHTYAR_WHATSAPP_FEEDBACK_TEMPLATE/);
  });

  it('sends SMS through a generic gateway when EKHTYAR_SMS_PROVIDER=gateway, and refuses a half-switched setup', () => {
    const gateway = { EKHTYAR_SMS_PROVIDER: 'gateway', EKHTYAR_SMS_GATEWAY_URL: 'https://sms.example.pk/send', EKHTYAR_SMS_GATEWAY_TOKEN: 'tok', EKHTYAR_SMS_GATEWAY_SECRET: 'a-secret-of-20-chars' };
    const config = loadConfig({ ...gateway, EKHTYAR_SMS_FROM: 'EKHTYAR' });
    expect(config.smsGateway).toEqual({ url: 'https://sms.example.pk/send', token: 'tok', secret: 'a-secret-of-20-chars', from: 'EKHTYAR' });
    expect(config.sms).toBeNull();
    expect(config.smsWebhook).toEqual({ processOnReceipt: true });
    expect(loadConfig(gateway).smsGateway?.from).toBeNull();
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
      return '';
    };
    expect(problems({ EKHTYAR_SMS_PROVIDER: 'gateway' })).toMatch(/EKHTYAR_SMS_PROVIDER=gateway needs EKHTYAR_SMS_GATEWAY_URL/);
    expect(problems({ ...gateway, EKHTYAR_SMS_GATEWAY_SECRET: 'short' })).toMatch(/EKHTYAR_SMS_GATEWAY_SECRET must be at least 16/);
    expect(problems({ ...gateway, EKHTYAR_SMS_GATEWAY_URL: 'ftp://sms.example.pk' })).toMatch(/EKHTYAR_SMS_GATEWAY_URL must be a URL/);
    expect(problems({ ...gateway, EKHTYAR_SMS_ACCOUNT_SID: 'AC1', EKHTYAR_SMS_AUTH_TOKEN: 't' })).toMatch(/Twilio's; unset them/);
    const { EKHTYAR_SMS_PROVIDER: _provider, ...withoutProvider } = gateway;
    expect(problems(withoutProvider)).toMatch(/EKHTYAR_SMS_GATEWAY_\* is set but EKHTYAR_SMS_PROVIDER is not "gateway"/);
    expect(problems({ EKHTYAR_SMS_PROVIDER: 'jazz' })).toMatch(/EKHTYAR_SMS_PROVIDER="jazz" must be one of twilio, gateway/);
  });
});

describe('e-mail intake', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('is off unless EKHTYAR_SMTP_INBOUND_PORT is set, and then has safe defaults', () => {
    expect(loadConfig({}).emailIntake).toBeNull();
    const on = loadConfig({ EKHTYAR_SMTP_INBOUND_PORT: '2525', EKHTYAR_COMPLAINTS_ADDRESS: 'Complaints@Ekhtyar.KP.gov.pk, shikayat@ekhtyar.kp.gov.pk', SMTP_URL: 'smtp://relay:25', HOST: '127.0.0.1' });
    expect(on.emailIntake).toEqual({
      host: '127.0.0.1',
      port: 2525,
      addresses: ['complaints@ekhtyar.kp.gov.pk', 'shikayat@ekhtyar.kp.gov.pk'],
      maxBytes: 25 * 1024 * 1024,
      senderLimit: { limit: 20, windowSeconds: 3600 },
      fallbackCategory: 'garbage-not-collected',
      processOnReceipt: true,
    });
  });

  it('reads each of its variables', () => {
    const on = loadConfig({
      EKHTYAR_SMTP_INBOUND_PORT: '25',
      EKHTYAR_SMTP_INBOUND_HOST: '0.0.0.0',
      EKHTYAR_COMPLAINTS_ADDRESS: 'complaints@example.gov.pk',
      EKHTYAR_SMTP_INBOUND_MAX_BYTES: '1048576',
      EKHTYAR_EMAIL_SENDER_LIMIT: 'off',
      EKHTYAR_EMAIL_FALLBACK_CATEGORY: 'encroachment',
      EKHTYAR_EMAIL_PROCESS_ON_RECEIPT: 'false',
      SMTP_URL: 'smtp://relay:25',
    });
    expect(on.emailIntake).toMatchObject({ host: '0.0.0.0', port: 25, maxBytes: 1048576, senderLimit: null, fallbackCategory: 'encroachment', processOnReceipt: false });
  });

  it('names the missing complaints address and relay, and every bad value', () => {
    expect(problemsOf({ EKHTYAR_SMTP_INBOUND_PORT: '2525' }).join('\n')).toMatch(/EKHTYAR_COMPLAINTS_ADDRESS is not/);
    expect(problemsOf({ EKHTYAR_SMTP_INBOUND_PORT: '2525', EKHTYAR_COMPLAINTS_ADDRESS: 'c@x.pk' }).join('\n')).toMatch(/SMTP_URL is not/);
    const problems = problemsOf({ EKHTYAR_SMTP_INBOUND_PORT: '70000', EKHTYAR_COMPLAINTS_ADDRESS: 'not an address', EKHTYAR_EMAIL_SENDER_LIMIT: 'lots', SMTP_URL: 'smtp://relay:25' });
    expect(problems.join('\n')).toMatch(/EKHTYAR_SMTP_INBOUND_PORT/);
    expect(problems.join('\n')).toMatch(/EKHTYAR_COMPLAINTS_ADDRESS must be/);
  });
});
