import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** An open Server-Sent Events stream. */
export interface EventStream {
  /** Sends one event (with an id, when the client should resume from it). */
  send(event: string, data: unknown, id?: number): void;
  /** Sends a comment line (a heartbeat proxies and browsers ignore). */
  comment(text: string): void;
  /** Ends the stream and runs its clean-ups. */
  end(): void;
  /** Runs `fn` when the stream ends, whoever ends it (client, server shutdown, `end`). */
  onEnd(fn: () => void): void;
}

/**
 * Opens SSE streams for a route plugin. Open streams never go idle, so the server would wait on them forever at
 * shutdown: the plugin's preClose ends them first. Each stream sends a heartbeat comment every `heartbeatMs`.
 */
export function eventStreams(app: FastifyInstance, heartbeatMs = 25_000): (request: FastifyRequest, reply: FastifyReply) => EventStream {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });
  return (request, reply) => {
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    out.write('retry: 3000\n\n');
    const cleanups: (() => void)[] = [];
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      open.delete(end);
      for (const fn of cleanups) fn();
      out.end();
    };
    const stream: EventStream = {
      send: (event, data, id) => void (ended || out.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
      comment: (text) => void (ended || out.write(`: ${text}\n\n`)),
      end,
      onEnd: (fn) => void cleanups.push(fn),
    };
    const heartbeat = setInterval(() => stream.comment('keep-alive'), heartbeatMs);
    open.add(end);
    request.raw.on('close', end);
    return stream;
  };
}
