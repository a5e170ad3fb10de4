import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eventStreams } from '../../../sse.js';
import { problemResponses } from '../common.schema.js';
import { presentEvent } from './presenter.js';
import { ComplaintsShowParams } from './schema.js';

/**
 * GET /api/v1/complaints/{code}/live: the public timeline as Server-Sent Events. Each event carries its seq as
 * the SSE id, so a reconnecting browser (Last-Event-ID) or `?after=` resumes without gaps or repeats.
 */
const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const openStream = eventStreams(app);

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
      const stream = openStream(request, reply);
      // Reads are chained so two notices close together never send an event twice.
      let chain: Promise<void> = Promise.resolve();
      const sendNew = () => {
        chain = chain.then(async () => {
          const { events, ref } = await app.services.complaints.publicEventsAfter(complaint.id, lastSent);
          for (const event of events) {
            stream.send('timeline', presentEvent(event, false, ref), event.seq);
            lastSent = event.seq;
          }
        }).catch((error: unknown) => request.log.warn({ err: error }, 'live update failed'));
      };
      stream.onEnd(await app.services.live.subscribe(complaint.id, (seq) => seq > lastSent && sendNew()));
      sendNew();
    },
  );
};

export default liveRoutes;
