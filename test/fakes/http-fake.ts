import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake provider received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What a fake answers a request with: JSON, or (with `raw`) bytes of a content type, as a file download is. */
export interface FakeAnswer {
  status: number;
  body: unknown;
  raw?: { data: Buffer; contentType: string };
}

/** A local HTTP server that hands each request to `answer` and records it with the answer given. */
export async function startHttpFake(answer: (request: RecordedRequest) => FakeAnswer, state: { delayMs: number }): Promise<{ url: string; calls: (RecordedRequest & { answer: FakeAnswer })[]; close(): Promise<void> }> {
  const calls: (RecordedRequest & { answer: FakeAnswer })[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const reply = answer(recorded);
      calls.push({ ...recorded, answer: reply });
      setTimeout(() => {
        if (res.destroyed) return;
        if (reply.raw) {
          res.writeHead(reply.status, { 'content-type': reply.raw.contentType, 'content-length': reply.raw.data.length });
          res.end(reply.raw.data);
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fake's switches: answer with this status (null accepts), after this delay. */
export interface FakeSwitches {
  failWith: number | null;
  delayMs: number;
}

/** The fake with `failWith` and `delayMs` as properties that read and write its state (the server reads the same state). */
export function withSwitches<T extends object>(fake: T, state: FakeSwitches): T & FakeSwitches {
  return Object.defineProperties(fake, {
    failWith: { get: () => state.failWith, set: (status: number | null) => void (state.failWith = status), enumerable: true },
    delayMs: { get: () => state.delayMs, set: (ms: number) => void (state.delayMs = ms), enumerable: true },
  }) as T & FakeSwitches;
}
