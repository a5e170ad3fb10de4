import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { generateTrackingCode } from './domain/tracking-code.js';
import type { Logger } from './logger.js';
import { randomBytesPooled } from './random.js';
import problemPlugin from './plugins/problem.plugin.js';
import areaRoutes from './routes/api/v1/areas/index.js';
import categoryRoutes from './routes/api/v1/categories/index.js';
import { Problem } from './routes/api/v1/common.schema.js';
import complaintRoutes from './routes/api/v1/complaints/index.js';
import liveRoutes from './routes/api/v1/complaints/live.js';
import duplicateRoutes from './routes/api/v1/complaints/duplicates.js';
import { DuplicateService } from './services/duplicate.service.js';
import { StaffActionService } from './services/staff-action.service.js';
import { FollowerRepository } from './store/follower.repository.js';
import { LiveUpdatesService } from './services/live-updates.service.js';
import { ComplaintPublic } from './routes/api/v1/complaints/schema.js';
import healthRoutes from './routes/health.js';
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
import type { Db } from './store/db.js';

/** The services routes call; each built once per app. */
export interface AppServices {
  reference: ReferenceDataService;
  intake: ComplaintIntakeService;
  complaints: ComplaintService;
  sla: SlaService;
  notifications: NotificationService;
  live: LiveUpdatesService;
  duplicates: DuplicateService;
  staffActions: StaffActionService;
  anchors: AuditAnchorService;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    services: AppServices;
    limits: { attachmentMaxBytes: number };
  }
}

type AppConfig = Pick<Config, 'attachmentMaxBytes' | 'attachmentMaxCount' | 'intakeBatchMax' | 'intakeMaxInFlight' | 'dbPoolSize' | 'smtpUrl' | 'mailFrom' | 'publicUrl' | 'noResponseCloseDays' | 'officeWeek' | 'auditAnchorEmail'>;

/** Builds the Fastify app on an open database: plugins, then services, then routes. Tests call this too. */
export async function buildApp(options: { config: AppConfig; db: Db; logger?: Logger | false }): Promise<FastifyInstance> {
  const { config, db } = options;
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    // Photos travel as base64 inside JSON: room for the most photos at the largest size, plus the text.
    bodyLimit: Math.ceil((config.attachmentMaxCount * config.attachmentMaxBytes * 4) / 3) + 1024 * 1024,
    // Unknown fields are refused and named rather than silently dropped; every bad field is listed at once.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(problemPlugin);
  // Photos may also come as multipart/form-data (browsers, apps); each file is held to the photo size limit.
  await app.register(multipart, { limits: { fileSize: config.attachmentMaxBytes, files: config.attachmentMaxCount, fields: 40, fieldSize: 64 * 1024, parts: 60 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Ekhtyar API', version: '1', description: 'Citizen grievance redress: file, route, track and close complaints.' },
      tags: [{ name: 'complaints' }, { name: 'catalogue' }, { name: 'operations' }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.addSchema(Problem);
  app.addSchema(ComplaintPublic);

  const storage = new PostgresAttachmentStorage();
  const complaints = new ComplaintRepository();
  const reference = new ReferenceDataService(db, 30_000, config.officeWeek);
  const limits = { attachmentMaxBytes: config.attachmentMaxBytes };
  // Few large batches in flight (not one per pool connection): each costs PostgreSQL a commit, and the pool stays free for reads.
  const writer = new IntakeWriter(db, { maxBatch: config.intakeBatchMax, maxInFlight: Math.min(config.intakeMaxInFlight, config.dbPoolSize), regenerateCode: () => generateTrackingCode(randomBytesPooled), storage });
  const live = new LiveUpdatesService(db);
  const feedbackPolicy = { closeAfterDays: config.noResponseCloseDays };
  const email = config.smtpUrl ? new EmailChannel(config.smtpUrl, config.mailFrom, new URL(config.publicUrl).hostname) : null;
  app.decorate('db', db);
  app.decorate('limits', limits);
  app.decorate('services', {
    reference,
    intake: new ComplaintIntakeService(db, reference, complaints, writer, limits),
    complaints: new ComplaintService(db, reference, complaints, storage, limits, feedbackPolicy),
    sla: new SlaService(db, reference, complaints, feedbackPolicy),
    notifications: new NotificationService(db, new OutboxRepository(), reference, { email }, config.publicUrl),
    live,
    duplicates: new DuplicateService(db, reference, new FollowerRepository(), complaints),
    staffActions: new StaffActionService(db, reference, complaints, feedbackPolicy),
    anchors: new AuditAnchorService(db, email && config.auditAnchorEmail ? { channel: email, to: config.auditAnchorEmail } : null),
  });
  app.addHook('onClose', async () => live.close());
  app.addHook('onClose', async () => email?.close());

  // One log line per request (Fastify's own logging writes two); no headers or bodies, which hold personal data.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.routeOptions.url ?? request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  // Until the web app is served here, the root points people at the API description.
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/docs'));

  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(categoryRoutes);
      await api.register(areaRoutes);
      await api.register(complaintRoutes);
      await api.register(liveRoutes);
      await api.register(duplicateRoutes);
    },
    { prefix: '/api/v1' },
  );
  return app;
}
