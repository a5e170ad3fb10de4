import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eventStreams } from '../../../../sse.js';
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
  const openStream = eventStreams(app, HEARTBEAT_MS);

  app.get(
    '/staff/queue/live',
    {
      preHandler: app.requireStaff(['officer', 'head_of_office', 'department_monitor', 'provincial_monitor']),
      schema: { tags: ['staff'], summary: 'Your queue live: Server-Sent Events naming the complaints that changed', response: { 200: Type.String({ description: 'text/event-stream' }), 401: Type.Ref('Problem'), 403: Type.Ref('Problem') } },
    },
    async (request, reply) => {
      const session = request.staffSession!;
      const stream = openStream(request, reply);
      stream.onEnd(
        await app.services.queueUpdates.subscribe((notice: QueueNotice | null) => {
          // After a lost connection nobody knows what changed: the console re-reads its queue.
          if (notice === null) stream.send('resync', {});
          else if (canWorkOn(session.actor, notice)) stream.send('queue', { officeId: notice.officeId, codes: notice.codes });
        }),
      );
      const recheck = setInterval(() => {
        app.services.staffAuth.authenticate(session.token, new Date(), false).then(
          (still) => still?.stage === 'active' || stream.end(),
          () => undefined,
        );
      }, HEARTBEAT_MS);
      stream.onEnd(() => clearInterval(recheck));
    },
  );
};

export default staffQueueLiveRoutes;
