import { createHmac, randomBytes } from 'node:crypto';
import { startHttpFake, withSwitches, type FakeAnswer, type RecordedRequest } from './http-fake.js';

/** One message the fake gateway accepted. */
export interface GatewayMessage {
  id: string;
  to: string;
  from: string | null;
  text: string;
  messageId: string;
  encoding: 'gsm7' | 'ucs2';
  parts: number;
}

/** A stand-in for an operator's SMS gateway shim speaking the contract of docs/CHANNELS.md ("Generic SMS gateway"). */
export interface FakeSmsGateway {
  url: string;
  token: string;
  secret: string;
  calls: (RecordedRequest & { answer: FakeAnswer })[];
  messages: GatewayMessage[];
  /** Answer the next requests with this status (429, 500, 400…); null accepts. */
  failWith: number | null;
  delayMs: number;
  /** Signs a body as the gateway does for the inbound webhook: sha256=<hex HMAC-SHA256>. */
  sign(body: string | Buffer, secret?: string): string;
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. */
export async function startFakeSmsGateway(): Promise<FakeSmsGateway> {
  const token = randomBytes(16).toString('hex');
  const secret = randomBytes(20).toString('hex');
  const messages: GatewayMessage[] = [];
  const state = { failWith: null as number | null, delayMs: 0 };

  // The contract: POST /send, Bearer token, JSON {to (E.164), from, text, messageId, encoding, parts}, Idempotency-Key = messageId.
  const answer = (request: RecordedRequest): FakeAnswer => {
    if (request.method !== 'POST' || request.path !== '/send') return { status: 404, body: { error: 'not found' } };
    if (request.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: 'bad token' } };
    if (!request.headers['content-type']?.startsWith('application/json')) return { status: 415, body: { error: 'JSON only' } };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body);
    } catch {
      return { status: 400, body: { error: 'not JSON' } };
    }
    const { to, from, text, messageId, encoding, parts } = body;
    if (typeof to !== 'string' || !/^\+[1-9]\d{6,14}$/.test(to)) return { status: 400, body: { error: 'to must be E.164' } };
    if (typeof text !== 'string' || text.length === 0) return { status: 400, body: { error: 'text is required' } };
    if (typeof messageId !== 'string' || request.headers['idempotency-key'] !== messageId) return { status: 400, body: { error: 'messageId and Idempotency-Key must match' } };
    if ((encoding !== 'gsm7' && encoding !== 'ucs2') || typeof parts !== 'number' || parts < 1) return { status: 400, body: { error: 'encoding and parts are required' } };
    if (from !== null && typeof from !== 'string') return { status: 400, body: { error: 'from must be a string or null' } };
    if (state.failWith !== null) return { status: state.failWith, body: { error: 'refused' } };
    const id = `gw-${randomBytes(8).toString('hex')}`;
    messages.push({ id, to, from, text, messageId, encoding, parts });
    return { status: 202, body: { id } };
  };

  const server = await startHttpFake(answer, state);
  return withSwitches(
    {
      url: `${server.url}/send`,
      token,
      secret,
      calls: server.calls,
      messages,
      sign: (body: string | Buffer, key: string = secret) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`,
      env: () => ({ EKHTYAR_SMS_PROVIDER: 'gateway', EKHTYAR_SMS_GATEWAY_URL: `${server.url}/send`, EKHTYAR_SMS_GATEWAY_TOKEN: token, EKHTYAR_SMS_GATEWAY_SECRET: secret, EKHTYAR_SMS_FROM: 'EKHTYAR' }),
      close: server.close,
    },
    state,
  );
}
