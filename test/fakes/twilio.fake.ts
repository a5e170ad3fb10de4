import { randomBytes } from 'node:crypto';
import { startHttpFake, withSwitches, type FakeAnswer, type RecordedRequest } from './http-fake.js';

/** One message the fake accepted, as Twilio would have sent it. */
export interface TwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  /** How Twilio would encode and split it (as its num_segments reports): GSM-7 160/153 a part, UCS-2 70/67. */
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

// The GSM 03.38 alphabet, written out here on its own (not taken from the code under test); the extension characters cost two.
const GSM7 = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

/** Twilio's segment count for a body. */
function segmentsOf(body: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number } {
  const chars = [...body];
  if (chars.every((c) => GSM7.includes(c) || GSM7_EXTENSION.includes(c))) {
    const septets = chars.reduce((n, c) => n + (GSM7_EXTENSION.includes(c) ? 2 : 1), 0);
    return { encoding: 'GSM-7', segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  // UCS-2 counts UTF-16 code units.
  return { encoding: 'UCS-2', segments: body.length <= 70 ? 1 : Math.ceil(body.length / 67) };
}

/** A stand-in for Twilio's Messages API that checks each call against the documented request shape. */
export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  /** Every request received, with the answer given. */
  calls: (RecordedRequest & { answer: FakeAnswer })[];
  /** Messages accepted (201). */
  messages: TwilioMessage[];
  /** Answer the next requests with this HTTP status and Twilio's error body for it (429, 500, 503); null accepts. */
  failWith: number | null;
  /** Wait this long before answering (to test time-outs). */
  delayMs: number;
  /** The environment that points Ekhtyar at this fake. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const twilioError = (status: number, code: number, message: string): FakeAnswer => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/** Starts the fake on a free loopback port. */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const messages: TwilioMessage[] = [];
  const state = { failWith: null as number | null, delayMs: 0 };

  // Checks in the order Twilio documents its answers: resource, authentication, then parameters.
  const answer = (request: RecordedRequest): FakeAnswer => {
    if (request.method !== 'POST' || request.path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return twilioError(404, 20404, 'The requested resource was not found');
    if (request.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) return twilioError(401, 20003, 'Authenticate');
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return twilioError(400, 21604, "A 'To' phone number is required.");
    const form = new URLSearchParams(request.body);
    const to = form.get('To');
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    const body = form.get('Body');
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !service) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if ([...body].length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (state.failWith === 429) return twilioError(429, 20429, 'Too Many Requests');
    if (state.failWith !== null) return twilioError(state.failWith, 20500, 'Internal Server Error');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const { encoding, segments } = segmentsOf(body);
    messages.push({ sid, to, from, messagingServiceSid: service, body, encoding, segments });
    const now = new Date().toUTCString();
    return {
      status: 201,
      body: { sid, account_sid: accountSid, to, from, messaging_service_sid: service, body, status: 'queued', num_segments: String(segments), num_media: '0', direction: 'outbound-api', api_version: '2010-04-01', date_created: now, date_updated: now, date_sent: null, error_code: null, error_message: null, price: null, price_unit: 'USD', uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json` },
    };
  };

  const server = await startHttpFake(answer, state);
  return withSwitches(
    {
      url: server.url,
      accountSid,
      authToken,
      calls: server.calls,
      messages,
      env: () => ({ EKHTYAR_SMS_API_URL: server.url, EKHTYAR_SMS_ACCOUNT_SID: accountSid, EKHTYAR_SMS_AUTH_TOKEN: authToken, EKHTYAR_SMS_FROM: '+15005550006' }),
      close: server.close,
    },
    state,
  );
}
