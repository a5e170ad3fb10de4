import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { signWebhookBody } from '../../server/domain/whatsapp/signature.js';
import { complaintDescription } from './complaint-text.js';
import { countStatuses } from './intake-load.js';

/** What one load phase measured: accepted requests, failures, and latency. */
export interface LoadResult {
  accepted: number;
  otherStatuses: Record<string, number>;
  errors: number;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

type Webhook = { entry?: { changes?: { value?: { messages?: { id?: string; timestamp?: string }[]; statuses?: { id?: string; timestamp?: string }[] } }[] }[] };

/**
 * The real WhatsApp Cloud API webhook bodies of shared/data/fixtures/whatsapp_cloud_api_pywa (messages of every type,
 * delivery statuses), for the load to pick from.
 */
export function loadWhatsAppBodies(fixturesDir: string): Webhook[] {
  const bodies: Webhook[] = [];
  for (const file of ['message.json', 'message_status.json']) {
    const cases = JSON.parse(fs.readFileSync(path.join(fixturesDir, file), 'utf8')) as Record<string, Webhook>;
    bodies.push(...Object.values(cases));
  }
  return bodies;
}

/** A fixture body with fresh message and status ids (each request is a new delivery, not a duplicate) and today's time. */
export function freshWebhookBody(bodies: Webhook[]): string {
  const body = structuredClone(bodies[randomInt(bodies.length)]!);
  const now = String(Math.floor(Date.now() / 1000));
  for (const entry of body.entry ?? []) {
    for (const change of entry.changes ?? []) {
      for (const item of [...(change.value?.messages ?? []), ...(change.value?.statuses ?? [])]) {
        item.id = `wamid.bench.${randomUUID()}`;
        item.timestamp = now;
      }
    }
  }
  return JSON.stringify(body);
}

/** POSTs signed webhook bodies from `connections` connections for `seconds` (as Meta would, with X-Hub-Signature-256). */
export async function runWhatsAppLoad(baseUrl: string, bodies: Webhook[], appSecret: string, options: { connections: number; seconds: number }): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/whatsapp',
        setupRequest: (request) => {
          const body = freshWebhookBody(bodies);
          return { ...request, body, headers: { ...request.headers, 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, appSecret) } };
        },
      },
    ],
  });
  const { succeeded: accepted, otherStatuses } = countStatuses(result, '200');
  return { accepted, otherStatuses, errors: result.errors, seconds: result.duration, latencyP50Ms: result.latency.p50, latencyP99Ms: result.latency.p99 };
}

/** A mail as a citizen's client writes it: distinct sender, Message-ID and text every time. */
export function citizenMail(to: string, n: number): { envelope: { from: string; to: string[] }; raw: string } {
  const from = `citizen-${n}-${randomInt(1e9)}@bench.example.pk`;
  const messageId = `<${randomUUID()}@bench.example.pk>`;
  const text = complaintDescription();
  const raw = [
    `From: Bench Citizen <${from}>`,
    `To: ${to}`,
    `Subject: Complaint ${n}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
    '',
  ].join('\r\n');
  return { envelope: { from, to: [to] }, raw };
}

/**
 * Sends distinct mails to the intake's SMTP server over `connections` pooled SMTP connections for `seconds`, each
 * connection one message at a time (as a sending MTA does); counts 250s and measures each message's SMTP time.
 */
export async function runSmtpLoad(port: number, to: string, options: { connections: number; seconds: number }): Promise<LoadResult> {
  const transport = nodemailer.createTransport({ pool: true, host: '127.0.0.1', port, secure: false, ignoreTLS: true, maxConnections: options.connections, maxMessages: Infinity });
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const message = citizenMail(to, n++);
      const at = performance.now();
      try {
        await transport.sendMail(message);
        latencies.push(performance.now() - at);
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (code) failures[String(code)] = (failures[String(code)] ?? 0) + 1;
        else errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { accepted: latencies.length, otherStatuses: failures, errors, seconds, latencyP50Ms: at(0.5), latencyP99Ms: at(0.99) };
}

/** The relay the server answers citizens through (SMTP_URL): accepts and throws away, counting. */
export async function startSinkSmtp(): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
