import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { canWorkOn } from '../../../../../domain/permissions/jurisdiction.js';
import type { QueueNotice } from '../../../../../services/queue-updates.service.js';

const HEARTBEAT_MS = 25_000;

/**
 * GET /api/v1/staff/queue/live: Server-Sent Events telling a console which complaints of its jurisdiction changed
 * (filed, acted on, transferred in or out, escalated), so it re-reads them instead of polling. Notices outside the
 * staff member's jurisdiction are never sent. The session is checked again at every heartbeat: a signed-out or
 * disabled account's stream ends within half a minute.
 */
const staffQueueLiveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get(
    '/staff/queue/live',
    {
      preHandler: app.requireStaff(['officer', 'head_of_office', 'department_monitor', 'provincial_monitor']),
      schema: { tags: ['staff'], summary: 'Your queue live: Server-Sent Events naming the complaints that changed', response: { 200: Type.String({ description: 'text/event-stream' }), 401: Type.Ref('Problem'), 403: Type.Ref('Problem') } },
    },
    async (request, reply) => {
      const session = request.staffSession!;
      const actor = session.actor;
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      out.write('retry: 3000\n\n');
      const onNotice = (notice: QueueNotice | null) => {
        // After a lost connection nobody knows what changed: the console re-reads its queue.
        if (notice === null) return void out.write('event: resync\ndata: {}\n\n');
        if (!canWorkOn(actor, notice)) return;
        out.write(`event: queue\ndata: ${JSON.stringify({ officeId: notice.officeId, codes: notice.codes })}\n\n`);
      };
      const unsubscribe = await app.services.queueUpdates.subscribe(onNotice);
      const heartbeat = setInterval(() => {
        app.services.staffAuth.authenticate(session.token, new Date(), false).then(
          (still) => (still?.stage === 'active' ? out.write(': keep-alive\n\n') : end()),
          () => out.write(': keep-alive\n\n'),
        );
      }, HEARTBEAT_MS);
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

export default staffQueueLiveRoutes;
