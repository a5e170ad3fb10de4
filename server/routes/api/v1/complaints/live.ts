import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { problemResponses } from '../common.schema.js';
import { presentEvent } from './presenter.js';
import { ComplaintsShowParams } from './schema.js';

const HEARTBEAT_MS = 25_000;

/**
 * GET /api/v1/complaints/{code}/live: the public timeline as Server-Sent Events. Each event carries its seq as
 * the SSE id, so a reconnecting browser (Last-Event-ID) or `?after=` resumes without gaps or repeats.
 */
const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Open streams never go idle, so the server would wait on them forever at shutdown: end them first.
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/complaints/:code/live',
    {
      schema: {
        tags: ['complaints'],
        summary: 'Follow a complaint live (Server-Sent Events of its public timeline)',
        params: ComplaintsShowParams,
        querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }),
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })) }),
        response: { 200: Type.String({ description: 'text/event-stream' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { complaint } = await app.services.complaints.view(request.params.code, null);
      let lastSent = Number(request.headers['last-event-id'] ?? request.query.after ?? 0);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      out.write('retry: 3000\n\n');
      // Reads are chained so two notices close together never send an event twice.
      let chain: Promise<void> = Promise.resolve();
      const sendNew = () => {
        chain = chain.then(async () => {
          const { events, ref } = await app.services.complaints.publicEventsAfter(complaint.id, lastSent);
          for (const event of events) {
            out.write(`id: ${event.seq}\nevent: timeline\ndata: ${JSON.stringify(presentEvent(event, false, ref))}\n\n`);
            lastSent = event.seq;
          }
        }).catch((error: unknown) => request.log.warn({ err: error }, 'live update failed'));
      };
      const unsubscribe = await app.services.live.subscribe(complaint.id, (seq) => seq > lastSent && sendNew());
      sendNew();
      const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        out.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );
};

export default liveRoutes;
