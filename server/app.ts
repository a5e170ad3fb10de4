import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import type { FieldCipher } from './domain/privacy/field-cipher.js';
import { generateTrackingCode } from './domain/tracking-code.js';
import { parseTimeZone } from './domain/time/citizen-time.js';
import type { Logger } from './logger.js';
import { randomBytesPooled } from './random.js';
import problemPlugin from './plugins/problem.plugin.js';
import securityPlugin, { DOCS_CSP, clientErrorHandler } from './plugins/security.plugin.js';
import webAppPlugin from './plugins/web-app.plugin.js';
import { projectPath } from './paths.js';
import { AbuseService, keyedContactHasher } from './services/abuse.service.js';
import { AbuseRepository, RateCounterWriter } from './store/abuse.repository.js';
import areaRoutes from './routes/api/v1/areas/index.js';
import categoryRoutes from './routes/api/v1/categories/index.js';
import { Problem } from './routes/api/v1/common.schema.js';
import complaintRoutes from './routes/api/v1/complaints/index.js';
import liveRoutes from './routes/api/v1/complaints/live.js';
import duplicateRoutes from './routes/api/v1/complaints/duplicates.js';
import { DuplicateService } from './services/duplicate.service.js';
import { StaffActionService } from './services/staff-action.service.js';
import { StatisticsService } from './services/statistics.service.js';
import { StatisticsRepository } from './store/statistics.repository.js';
import statisticsRoutes from './routes/api/v1/statistics/index.js';
import analyticsRoutes from './routes/api/v1/staff/analytics/index.js';
import { AnalyticsService } from './services/analytics.service.js';
import { AnalyticsRepository } from './store/analytics.repository.js';
import { SpikeAlertMail, SpikeAlertService } from './services/spike-alert.service.js';
import { AnalyticsReportService } from './services/analytics-report.service.js';
import { SpikeAlertRepository } from './store/spike-alert.repository.js';
import { FollowerRepository } from './store/follower.repository.js';
import { LiveUpdatesService } from './services/live-updates.service.js';
import { ComplaintPublic } from './routes/api/v1/complaints/schema.js';
import healthRoutes from './routes/health.js';
import open311Routes from './routes/open311/index.js';
import { Open311Service } from './services/open311.service.js';
import { Open311Repository } from './store/open311.repository.js';
import { ComplaintIntakeService } from './services/complaint-intake.service.js';
import { ComplaintService } from './services/complaint.service.js';
import { ReferenceDataService } from './services/reference-data.service.js';
import { SlaService } from './services/sla.service.js';
import { NotificationService } from './services/notification.service.js';
import { AuditAnchorService } from './services/audit-anchor.service.js';
import { OutboxRepository } from './store/outbox.repository.js';
import { EmailChannel } from './channels/email/email.channel.js';
import { PostgresAttachmentStorage } from './store/attachment.storage.js';
import { IntakeWriter } from './store/complaint-intake.repository.js';
import { ComplaintRepository } from './store/complaint.repository.js';
import staffAuthPlugin from './plugins/staff-auth.plugin.js';
import authRoutes from './routes/api/v1/auth/index.js';
import { AuthSessionView } from './routes/api/v1/auth/schema.js';
import adminUserRoutes from './routes/api/v1/admin/users/index.js';
import adminDepartmentRoutes from './routes/api/v1/admin/departments/index.js';
import adminOfficeRoutes from './routes/api/v1/admin/offices/index.js';
import adminCategoryRoutes from './routes/api/v1/admin/categories/index.js';
import adminCalendarRoutes from './routes/api/v1/admin/calendar/index.js';
import adminModelRoutes from './routes/api/v1/admin/models/index.js';
import { ReferenceAdminService } from './services/reference-admin.service.js';
import { ReferenceAdminRepository } from './store/reference-admin.repository.js';
import { HolidayRepository } from './store/holiday.repository.js';
import { AdminUserView } from './routes/api/v1/admin/users/schema.js';
import type { AuditRecorder } from './services/audit.js';
import { appendAuditEntry } from './store/audit-log.repository.js';
import { ModerationService } from './services/moderation.service.js';
import { StaffAuthService } from './services/staff-auth.service.js';
import { StaffUserService } from './services/staff-user.service.js';
import { SessionRepository } from './store/session.repository.js';
import { StaffQueueRepository } from './store/staff-queue.repository.js';
import { RiskRepository } from './store/risk.repository.js';
import { BreachRiskService } from './services/breach-risk.service.js';
import { StaffComplaintService } from './services/staff-complaint.service.js';
import { QueueUpdatesService } from './services/queue-updates.service.js';
import staffComplaintRoutes from './routes/api/v1/staff/complaints/index.js';
import staffQueueLiveRoutes from './routes/api/v1/staff/complaints/live.js';
import abuseReviewRoutes from './routes/api/v1/staff/abuse/index.js';
import moderationRoutes from './routes/api/v1/staff/moderation/index.js';
import auditRoutes from './routes/api/v1/audit/index.js';
import { AuditLogService } from './services/audit-log.service.js';
import { StaffComplaintView } from './routes/api/v1/staff/complaints/schema.js';
import { StaffUserRepository } from './store/staff-user.repository.js';
import { CitizenRepository } from './store/citizen.repository.js';
import { CitizenContactService } from './services/citizen-contact.service.js';
import { PseudonymService } from './services/pseudonym.service.js';
import type { Db } from './store/db.js';
import { SmsChannel } from './channels/sms/sms.channel.js';
import { GatewaySmsChannel } from './channels/sms/gateway-sms.channel.js';
import smsGatewayWebhookRoutes from './routes/webhooks/sms/gateway.js';
import { SmsGatewayInboundService } from './services/sms-gateway-inbound.service.js';
import { WhatsAppChannel } from './channels/whatsapp/whatsapp.channel.js';
import { WhatsAppBotChannel } from './channels/whatsapp/whatsapp-bot.channel.js';
import { FilingBotService } from './services/filing-bot.service.js';
import { BotConversationRepository } from './store/bot-conversation.repository.js';
import smsWebhookRoutes from './routes/webhooks/sms/index.js';
import whatsappWebhookRoutes from './routes/webhooks/whatsapp/index.js';
import { SmsInboundService } from './services/sms-inbound.service.js';
import { WhatsAppInboundService } from './services/whatsapp-inbound.service.js';
import { InboundMessageRepository } from './store/inbound-message.repository.js';
import { EmailInboundService } from './services/email-inbound.service.js';
import { EmailInboundRepository } from './store/email-inbound.repository.js';
import { addressIn } from './domain/email/raw-head.js';
import citizenAuthPlugin from './plugins/citizen-auth.plugin.js';
import citizenRoutes from './routes/api/v1/citizen/index.js';
import citizenComplaintRoutes from './routes/api/v1/citizen/complaints/index.js';
import { CitizenProfileView, CitizenSessionView } from './routes/api/v1/citizen/schema.js';
import { CitizenAuthService } from './services/citizen-auth.service.js';
import { CitizenAccountService } from './services/citizen-account.service.js';
import { CitizenAccountRepository } from './store/citizen-account.repository.js';
import { CitizenSessionRepository } from './store/citizen-session.repository.js';
import { SignInCodeRepository } from './store/sign-in-code.repository.js';
import { SignInRateLimitRepository } from './store/sign-in-rate-limit.repository.js';
import { IntakeDeskService } from './services/intake-desk.service.js';
import { IntakeDeskRepository } from './store/intake-desk.repository.js';
import intakeDeskRoutes from './routes/api/v1/staff/intake/index.js';
import savedViewRoutes from './routes/api/v1/staff/views/index.js';
import { SavedViewService } from './services/saved-view.service.js';
import { SavedViewRepository } from './store/saved-view.repository.js';
import { RouterModelService, routerRetrainSettings, urgencyPurpose } from './services/router-model.service.js';
import { RouterModelRepository } from './store/router-model.repository.js';

/** How long an outbox delivery waits for an SMS or WhatsApp provider before it is retried later. */
const DELIVERY_TIMEOUT_MS = 30_000;

/** The services routes call; each built once per app. */
export interface AppServices {
  reference: ReferenceDataService;
  intake: ComplaintIntakeService;
  complaints: ComplaintService;
  sla: SlaService;
  /** SLA-breach risk: the nightly training on history and the queue's forecasts. */
  breachRisk: BreachRiskService;
  notifications: NotificationService;
  live: LiveUpdatesService;
  duplicates: DuplicateService;
  staffActions: StaffActionService;
  staffAuth: StaffAuthService;
  staffUsers: StaffUserService;
  /** Departments, offices, categories and holidays, for administrators. */
  referenceAdmin: ReferenceAdminService;
  staffComplaints: StaffComplaintService;
  statistics: StatisticsService;
  /** Spike alerts and hotspots over a staff member's jurisdiction. */
  analytics: AnalyticsService;
  /** Trends, topic terms per district and performance per office or officer. */
  analyticsReports: AnalyticsReportService;
  /** Spike alert episodes: the morning job's judgement, the monitors' e-mails, listing and acknowledging. */
  spikeAlerts: SpikeAlertService;
  queueUpdates: QueueUpdatesService;
  /** Staff reads of citizens' contact details, each recorded (routes come with staff sign-in). */
  contacts: CitizenContactService;
  /** Pseudonyms for analysts, the public and exports. */
  pseudonyms: PseudonymService;
  abuse: AbuseService;
  /** Complaints the abuse screen flagged at intake, for review. */
  moderation: ModerationService;
  citizenAuth: CitizenAuthService;
  citizenAccounts: CitizenAccountService;
  anchors: AuditAnchorService;
  auditLog: AuditLogService;
  /** What arrives on the WhatsApp webhook: stored first, processed after (the filing bot, delivery statuses). */
  whatsappInbound: WhatsAppInboundService;
  smsInbound: SmsInboundService;
  /** What a generic SMS gateway posts: messages into smsInbound's store, anything else kept as it came. */
  smsGateway: SmsGatewayInboundService;
  /** The filing conversation of WhatsApp and SMS (its files are pruned by a job). */
  filingBot: FilingBotService;
  /** Open311 GeoReport v2 over the catalogue and complaints. */
  open311: Open311Service;
  /** The helpline and the letter diary (intake agents). */
  intakeDesk: IntakeDeskService;
  /** Complaints by e-mail: what the SMTP server stores, handled after; also the held mail staff review. */
  emailInbound: EmailInboundService;
  /** Each staff member's saved views of the queue. */
  savedViews: SavedViewService;
  /** The routing classifier's models (stored in PostgreSQL, shared by every process): routing, retraining, promotion. */
  routerModels: RouterModelService;
  /** The urgency models (router_models purpose 'urgency'): imported by an administrator, used at intake; not retrained. */
  urgencyModels: RouterModelService;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    services: AppServices;
    limits: { attachmentMaxBytes: number };
  }
}

type AppConfig = Pick<
  Config,
  | 'attachmentMaxBytes'
  | 'attachmentMaxCount'
  | 'intakeBatchMax'
  | 'intakeMaxInFlight'
  | 'dbPoolSize'
  | 'smtpUrl'
  | 'mailFrom'
  | 'publicUrl'
  | 'noResponseCloseDays'
  | 'officeWeek'
  | 'sessionIdleMinutes'
  | 'sessionMaxHours'
  | 'cookieSecure'
  | 'trustProxy'
  | 'rateLimitNetwork'
  | 'rateLimitCitizen'
  | 'dailyCap'
  | 'helpline'
  | 'maxHeaderBytes'
  | 'sms'
  | 'smsGateway'
  | 'smsWebhook'
  | 'whatsapp'
  | 'whatsappWebhook'
  | 'botTimeoutHours'
  | 'codeSendTimeoutSeconds'
  | 'citizenSessionIdleMinutes'
  | 'citizenSessionMaxHours'
  | 'signInLimits'
  | 'auditAnchorEmail'
  | 'emailIntake'
  | 'routing'
>;

/**
 * Builds the Fastify app on an open database: plugins, then services, then routes. Tests call this too. Both pools act
 * as the row-level-security role (db.ts openAppPools): `db` for the application's own work, `staffDb` for what staff
 * read and do, each transaction under the staff member's scope. `cipher` holds the data keys (server/data-keys.ts
 * loads them) that seal personal fields as the store writes them.
 */
export async function buildApp(options: {
  config: AppConfig;
  db: Db;
  staffDb: Db;
  cipher: FieldCipher;
  logger?: Logger | false;
  onClosed?: () => Promise<void>;
  /** The built web app's folder (default dist/web). */
  webRoot?: string;
}): Promise<FastifyInstance> {
  const { config, db, staffDb, cipher } = options;
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    // Photos travel as base64 inside JSON: room for the most photos at the largest size, plus the text.
    bodyLimit: Math.ceil((config.attachmentMaxCount * config.attachmentMaxBytes * 4) / 3) + 1024 * 1024,
    // Unknown fields are refused and named rather than silently dropped; every bad field is listed at once.
    // 'time-zone': an IANA zone name Intl knows (a submission's timeZone), refused with the other malformed fields.
    ajv: { customOptions: { allErrors: true, removeAdditional: false, formats: { 'time-zone': (value: string) => parseTimeZone(value) !== null } } },
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-For is believed only from the proxies named here (request.ip is what rate limits count by).
    // (A hop count is accepted at run time; Fastify's types leave numbers out.)
    trustProxy: config.trustProxy as boolean | string[],
    // Node answers a request head over this size with 431 (clientErrorHandler words it as problem+json).
    http: { maxHeaderSize: config.maxHeaderBytes },
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // onClose hooks run last-added first: this one, added first, runs after every service has let go of its connections.
  const { onClosed } = options;
  if (onClosed) app.addHook('onClose', onClosed);
  await app.register(problemPlugin);
  await app.register(securityPlugin, { https: config.publicUrl.startsWith('https:'), trustProxy: config.trustProxy });
  // Photos may also come as multipart/form-data (browsers, apps); each file is held to the photo size limit.
  await app.register(multipart, { limits: { fileSize: config.attachmentMaxBytes, files: config.attachmentMaxCount, fields: 40, fieldSize: 64 * 1024, parts: 60 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Ekhtyar API', version: '1', description: 'Citizen grievance redress: file, route, track and close complaints.' },
      tags: [{ name: 'complaints' }, { name: 'citizens' }, { name: 'catalogue' }, { name: 'staff' }, { name: 'administration' }, { name: 'operations' }, { name: 'statistics' }],
    },
  });
  // Swagger UI gets its own, relaxed policy (its scripts, styles and images from here) instead of the API's.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });
  app.addSchema(Problem);
  app.addSchema(ComplaintPublic);
  app.addSchema(AuthSessionView);
  app.addSchema(AdminUserView);
  app.addSchema(StaffComplaintView);
  app.addSchema(CitizenProfileView);
  app.addSchema(CitizenSessionView);

  const storage = new PostgresAttachmentStorage();
  const complaints = new ComplaintRepository(cipher);
  const citizens = new CitizenRepository(cipher);
  const reference = new ReferenceDataService(db, 30_000, config.officeWeek);
  const limits = { attachmentMaxBytes: config.attachmentMaxBytes };
  // Few large batches in flight (not one per pool connection): each costs PostgreSQL a commit, and the pool stays free for reads.
  const writer = new IntakeWriter(db, { maxBatch: config.intakeBatchMax, maxInFlight: Math.min(config.intakeMaxInFlight, config.dbPoolSize), regenerateCode: () => generateTrackingCode(randomBytesPooled), storage, cipher });
  const live = new LiveUpdatesService(db);
  const queueUpdates = new QueueUpdatesService(db);
  const duplicates = new DuplicateService(db, reference, new FollowerRepository(cipher), complaints);
  const feedbackPolicy = { closeAfterDays: config.noResponseCloseDays };
  // With mail intake on, replies to anything we mail (answers, notifications) come back to the complaints address.
  const email = config.smtpUrl ? new EmailChannel(config.smtpUrl, config.mailFrom, new URL(config.publicUrl).hostname, config.emailIntake?.addresses[0] ?? null) : null;
  const staffUsers = new StaffUserRepository();
  const sessions = new SessionRepository();
  // Sign-ins, account changes and sessions ended go on the tamper-evident audit log, in the same transaction.
  const audit: AuditRecorder = appendAuditEntry;
  const sessionLimits = { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionMaxHours * 3_600_000 };
  const staffAuth = new StaffAuthService(db, staffUsers, sessions, reference, sessionLimits, audit, 'Ekhtyar');
  const sendTimeoutMs = config.codeSendTimeoutSeconds * 1000;
  // One SMS provider at a time: Twilio, or a generic gateway (EKHTYAR_SMS_PROVIDER).
  const smsChannel = (timeoutMs: number) => (config.sms ? new SmsChannel(config.sms, timeoutMs) : config.smsGateway ? new GatewaySmsChannel(config.smsGateway, timeoutMs) : null);
  const citizenAccounts = new CitizenAccountRepository(cipher);
  const citizenAuth = new CitizenAuthService(
    db,
    { accounts: citizenAccounts, sessions: new CitizenSessionRepository(), codes: new SignInCodeRepository(cipher), rateLimits: new SignInRateLimitRepository(cipher) },
    {
      sms: smsChannel(sendTimeoutMs),
      whatsapp: config.whatsapp ? new WhatsAppChannel(config.whatsapp, sendTimeoutMs) : null,
      email,
    },
    {
      sessionLimits: { idleMs: config.citizenSessionIdleMinutes * 60_000, absoluteMs: config.citizenSessionMaxHours * 3_600_000 },
      signInLimits: config.signInLimits,
      sendTimeoutMs,
    },
    audit,
    options.logger || null,
  );
  app.decorate('db', db);
  app.decorate('limits', limits);
  const abuseRepository = new AbuseRepository();
  const abuse = new AbuseService(db, abuseRepository, new RateCounterWriter(db, abuseRepository), { network: config.rateLimitNetwork, citizen: config.rateLimitCitizen, dailyCap: config.dailyCap, helpline: config.helpline }, (kind, value) => cipher.lookup(kind, value) ?? value, keyedContactHasher((kind, value) => cipher.lookup(kind, value) ?? value));
  const routerModels = new RouterModelService(db, new RouterModelRepository(), reference, audit, routerRetrainSettings(config.routing), options.logger || null);
  const urgencyModels = new RouterModelService(db, new RouterModelRepository(), reference, audit, routerRetrainSettings(config.routing), options.logger || null, undefined, urgencyPurpose);
  const intake = new ComplaintIntakeService(db, reference, complaints, writer, limits, abuse, urgencyModels, options.logger || null);
  const complaintService = new ComplaintService(db, reference, complaints, storage, limits, feedbackPolicy);
  const emailInbound = new EmailInboundService(
    db,
    { mail: new EmailInboundRepository(cipher), intake, complaints: complaintService, complaintRecords: complaints, reference, routerModels, abuse, storage, cipher },
    email,
    {
      ownAddresses: [...(config.emailIntake?.addresses ?? []), ...mailboxesIn(config.mailFrom)],
      senderLimit: config.emailIntake?.senderLimit ?? null,
      fallbackCategory: config.emailIntake?.fallbackCategory ?? 'garbage-not-collected',
      publicUrl: config.publicUrl,
      helpline: config.helpline,
      attachmentMaxBytes: config.attachmentMaxBytes,
      attachmentMaxCount: config.attachmentMaxCount,
      routingMinConfidence: config.routing.minConfidence,
    },
    options.logger || null,
  );
  app.addHook('onClose', async () => emailInbound.idle());
    // The filing bot of WhatsApp and SMS files through intake and records feedback through the citizen's own actions.
  const bots = new BotConversationRepository(cipher);
  const filingBot = new FilingBotService(reference, intake, complaintService, complaints, bots, {
    publicUrl: config.publicUrl,
    helpline: config.helpline,
    maxAttachments: config.attachmentMaxCount,
    maxBytes: config.attachmentMaxBytes,
    timeoutHours: config.botTimeoutHours,
  });
  // Replies go out at once, inside the citizen's 24-hour window, so they take the same short time-out as sign-in codes.
  const whatsappInbound = new WhatsAppInboundService(db, new InboundMessageRepository(cipher), bots, filingBot, config.whatsapp ? new WhatsAppBotChannel(config.whatsapp, sendTimeoutMs) : null, { maxBytes: config.attachmentMaxBytes }, options.logger || null);
  app.addHook('onClose', async () => whatsappInbound.idle());
  const smsInbound = new SmsInboundService(db, new InboundMessageRepository(cipher), bots, filingBot, smsChannel(sendTimeoutMs), options.logger || null);
  app.addHook('onClose', async () => smsInbound.idle());
  const spikeAlertRepository = new SpikeAlertRepository();
  const breachRisk = new BreachRiskService(db, reference, new RiskRepository());
  app.decorate('services', {
    reference,
    breachRisk,
    routerModels,
    urgencyModels,
    abuse,
    moderation: new ModerationService(db, audit),
    intake,
    open311: new Open311Service(db, reference, intake, new Open311Repository()),
    intakeDesk: new IntakeDeskService(db, { intake, reference, desk: new IntakeDeskRepository(), citizens, storage, cipher, audit, publicUrl: config.publicUrl }),
    complaints: complaintService,
    emailInbound,
    sla: new SlaService(db, reference, complaints, feedbackPolicy),
    // Outbox deliveries run in the background, so they may wait longer for a provider than a citizen waiting for a code.
    notifications: new NotificationService(
      db,
      new OutboxRepository(cipher),
      reference,
      { email, sms: smsChannel(DELIVERY_TIMEOUT_MS), whatsapp: config.whatsapp ? new WhatsAppChannel(config.whatsapp, DELIVERY_TIMEOUT_MS) : null },
      { publicUrl: config.publicUrl, whatsappTemplates: config.whatsapp ? { update: config.whatsapp.updateTemplate, feedback: config.whatsapp.feedbackTemplate } : null },
      new SpikeAlertMail(spikeAlertRepository, reference, config.publicUrl),
    ),
    live,
    duplicates,
    staffActions: new StaffActionService(db, staffDb, reference, complaints, feedbackPolicy, storage, limits, new RouterModelRepository(), audit),
    staffAuth,
    staffUsers: new StaffUserService(db, staffUsers, sessions, reference, audit),
    referenceAdmin: new ReferenceAdminService(db, new ReferenceAdminRepository(), new HolidayRepository(), reference, audit),
    staffComplaints: new StaffComplaintService(db, staffDb, reference, complaints, new StaffQueueRepository(), staffUsers, storage, duplicates, breachRisk),
    statistics: new StatisticsService(db, staffDb, reference, new StatisticsRepository()),
    analytics: new AnalyticsService(staffDb, reference, new AnalyticsRepository(), new HolidayRepository()),
    analyticsReports: new AnalyticsReportService(db, staffDb, reference, new StatisticsRepository(), new AnalyticsRepository()),
    spikeAlerts: new SpikeAlertService(db, staffDb, reference, new AnalyticsRepository(), spikeAlertRepository, new HolidayRepository(), audit),
    queueUpdates,
    contacts: new CitizenContactService(db, complaints, citizens, audit),
    pseudonyms: new PseudonymService(db, citizens),
    citizenAuth,
    citizenAccounts: new CitizenAccountService(db, citizenAccounts, reference),
    auditLog: new AuditLogService(db),
    whatsappInbound,
    smsInbound,
    smsGateway: new SmsGatewayInboundService(db, new InboundMessageRepository(cipher), smsInbound),
    filingBot,
    savedViews: new SavedViewService(db, new SavedViewRepository()),
    anchors: new AuditAnchorService(db, email && config.auditAnchorEmail ? { channel: email, to: config.auditAnchorEmail } : null),
  });
  app.addHook('onClose', async () => queueUpdates.close());
  await app.register(staffAuthPlugin, { auth: staffAuth, secureCookie: config.cookieSecure, maxAgeSeconds: config.sessionMaxHours * 3600 });
  await app.register(citizenAuthPlugin, { auth: citizenAuth, secureCookie: config.cookieSecure, maxAgeSeconds: config.citizenSessionMaxHours * 3600 });
  app.addHook('onClose', async () => live.close());
  app.addHook('onClose', async () => email?.close());

  // One log line per request (Fastify's own logging writes two); no headers or bodies, which hold personal data.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.routeOptions.url ?? request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  // The web app (citizen portal and staff console) at / and its own paths; API paths keep their JSON 404.
  await app.register(webAppPlugin, { root: options.webRoot ?? projectPath('dist/web') });

  await app.register(healthRoutes);
  if (config.whatsappWebhook) await app.register(whatsappWebhookRoutes, config.whatsappWebhook);
  if (config.sms && config.smsWebhook) await app.register(smsWebhookRoutes, { authToken: config.sms.authToken, publicUrl: config.publicUrl, processOnReceipt: config.smsWebhook.processOnReceipt });
  if (config.smsGateway && config.smsWebhook) await app.register(smsGatewayWebhookRoutes, { secret: config.smsGateway.secret, processOnReceipt: config.smsWebhook.processOnReceipt });
  await app.register(
    async (api) => {
      await api.register(categoryRoutes);
      await api.register(areaRoutes);
      await api.register(complaintRoutes);
      await api.register(liveRoutes);
      await api.register(duplicateRoutes);
      await api.register(authRoutes);
      await api.register(adminUserRoutes);
      await api.register(adminDepartmentRoutes);
      await api.register(adminOfficeRoutes);
      await api.register(adminCategoryRoutes);
      await api.register(adminCalendarRoutes);
      await api.register(adminModelRoutes);
      await api.register(staffComplaintRoutes);
      await api.register(statisticsRoutes);
      await api.register(analyticsRoutes);
      await api.register(staffQueueLiveRoutes);
      await api.register(abuseReviewRoutes);
      await api.register(moderationRoutes);
      await api.register(intakeDeskRoutes);
      await api.register(savedViewRoutes);
      await api.register(auditRoutes);
      await api.register(citizenRoutes);
      await api.register(citizenComplaintRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(open311Routes, { prefix: '/open311/v2', publicUrl: config.publicUrl });
  return app;
}

// The address part of EKHTYAR_MAIL_FROM ("Ekhtyar <no-reply@example.gov.pk>"): mail from it is our own, coming back.
function mailboxesIn(from: string): string[] {
  const address = addressIn(from);
  return address ? [address.toLowerCase()] : [];
}
