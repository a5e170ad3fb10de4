import { createHash, randomBytes } from 'node:crypto';
import { startHttpFake, withSwitches, type FakeAnswer, type RecordedRequest } from './http-fake.js';
import { checkInteractive, checkText } from './whatsapp-shapes.js';

/**
 * One message the fake accepted: the template (name, language, and the code of an authentication template or the body
 * parameters and quick-reply payloads of a utility one), the text, or the interactive part as sent (with the body and
 * buttons of a reply-button message read out).
 */
export interface GraphMessage {
  id: string;
  to: string;
  type: 'template' | 'text' | 'interactive';
  template?: { name: string; language: string; code?: string; parameters?: string[]; payloads?: string[] };
  text?: string;
  interactive?: Record<string, unknown>;
  buttons?: { id: string; title: string }[];
}

/** An approved template as the fake knows it: authentication (copy-code) or utility (body parameters, quick replies). */
export type FakeTemplate = { kind: 'authentication' } | { kind: 'utility'; bodyParameters: number; quickReplies: number };

/** A stand-in for the WhatsApp Cloud API's messages endpoint that checks each call against the documented shape. */
export interface FakeWhatsAppGraph {
  url: string;
  phoneNumberId: string;
  token: string;
  /** Templates the fake treats as approved (in en and ur), by name: the defaults of the code, update and feedback templates. */
  templates: Map<string, FakeTemplate>;
  /**
   * Numbers (international digits, no plus) whose 24-hour window is open. Null (the default) does not check; a set
   * makes free-form messages (text, interactive) to any other number fail as Graph does, with error 131047.
   */
  openWindows: Set<string> | null;
  calls: (RecordedRequest & { answer: FakeAnswer })[];
  messages: GraphMessage[];
  /** Answer the next requests with this HTTP status and Graph's error body for it; null accepts. */
  failWith: number | null;
  delayMs: number;
  /**
   * Holds a file as if a citizen had sent it (Meta keeps what users send and gives it a media id); returns its id,
   * served at GET /{version}/{media-id} (its URL, type, sha256 and size) and at that URL (the bytes).
   */
  addMedia(data: Buffer, mimeType: string): { id: string; sha256: string };
  /** Answer media requests with this HTTP status (Graph's error body); null serves them. */
  mediaFailWith: number | null;
  env(): Record<string, string>;
  close(): Promise<void>;
}

const graphError = (status: number, code: number, message: string, details?: string): FakeAnswer => ({
  status,
  body: { error: { message, type: 'OAuthException', code, ...(details && { error_data: { messaging_product: 'whatsapp', details } }), fbtrace_id: randomBytes(8).toString('base64url') } },
});

type Parameter = { type?: unknown; text?: unknown; payload?: unknown };
type Component = { type?: unknown; sub_type?: unknown; index?: unknown; parameters?: Parameter[] };

/** Starts the fake on a free loopback port. */
export async function startFakeWhatsAppGraph(): Promise<FakeWhatsAppGraph> {
  const phoneNumberId = String(100_000_000_000_000 + Math.floor(Math.random() * 1e9));
  const token = `EAAG${randomBytes(24).toString('hex')}`;
  const templates = new Map<string, FakeTemplate>([
    ['sign_in_code', { kind: 'authentication' }],
    ['complaint_update', { kind: 'utility', bodyParameters: 3, quickReplies: 0 }],
    ['complaint_resolved', { kind: 'utility', bodyParameters: 2, quickReplies: 2 }],
  ]);
  const messages: GraphMessage[] = [];
  const state = { failWith: null as number | null, delayMs: 0, openWindows: null as Set<string> | null, mediaFailWith: null as number | null };
  const media = new Map<string, { data: Buffer; mimeType: string; sha256: string }>();
  let base = '';

  // GET /{version}/{media-id}: the media's short-lived URL; GET that URL: the bytes. Both need the Bearer token.
  const mediaAnswer = (request: RecordedRequest): FakeAnswer => {
    if (request.headers.authorization !== `Bearer ${token}`) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (state.mediaFailWith !== null) return graphError(state.mediaFailWith, 131000, '(#131000) Something went wrong', 'Something went wrong');
    const url = new URL(request.path, 'http://fake');
    const download = url.pathname === '/whatsapp_business/attachments/';
    const id = download ? url.searchParams.get('mid') : /^\/v\d+\.\d+\/([0-9A-Za-z_.-]+)$/.exec(url.pathname)?.[1];
    const file = id ? media.get(id) : undefined;
    if (!id || !file) return graphError(400, 100, `(#100) Unsupported get request. Object with ID '${id ?? ''}' does not exist`);
    if (download) return { status: 200, body: null, raw: { data: file.data, contentType: file.mimeType } };
    const owner = url.searchParams.get('phone_number_id');
    if (owner !== null && owner !== phoneNumberId) return graphError(400, 100, '(#100) The media does not belong to this phone number');
    return { status: 200, body: { messaging_product: 'whatsapp', url: `${base}/whatsapp_business/attachments/?mid=${id}&ext=${Date.now()}`, mime_type: file.mimeType, sha256: file.sha256, file_size: file.data.length, id } };
  };


  const answer = (request: RecordedRequest): FakeAnswer => {
    if (request.method === 'GET') return mediaAnswer(request);
    const match = /^\/(v\d+\.\d+)\/(\d+)\/messages$/.exec(request.path);
    if (request.method !== 'POST' || !match || match[2] !== phoneNumberId) return graphError(400, 100, `Unsupported post request. Object with ID '${match?.[2] ?? ''}' does not exist`);
    if (request.headers.authorization !== `Bearer ${token}`) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (request.headers['content-type'] !== 'application/json') return graphError(400, 100, '(#100) The parameter messaging_product is required.');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body);
    } catch {
      return graphError(400, 100, '(#100) Invalid parameter');
    }
    if (body.messaging_product !== 'whatsapp') return graphError(400, 100, '(#100) The parameter messaging_product is required.');
    if (typeof body.to !== 'string' || !/^\+?\d{7,15}$/.test(body.to)) return graphError(400, 100, '(#100) Invalid parameter', 'to must be a phone number');
    if (state.failWith === 429) return graphError(429, 130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.');
    if (state.failWith !== null) return graphError(state.failWith, 131000, '(#131000) Something went wrong', 'Something went wrong');
    const to = body.to;
    const id = `wamid.${randomBytes(18).toString('base64url')}`;
    const accepted = { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id }] } };
    // Free-form messages reach only users who wrote in the last 24 hours (the customer-service window).
    if ((body.type === 'text' || body.type === 'interactive') && state.openWindows && !state.openWindows.has(to.replace(/^\+/, ''))) {
      return graphError(400, 131047, '(#131047) Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
    }
    if (body.type === 'text') {
      const problem = checkText(body);
      if (problem) return graphError(400, 131008, '(#131008) Required parameter is missing', problem);
      messages.push({ id, to, type: 'text', text: (body.text as { body: string }).body });
      return accepted;
    }
    if (body.type === 'interactive') {
      const problem = checkInteractive(body);
      if (problem) return graphError(400, 131009, '(#131009) Parameter value is not valid', problem);
      const interactive = body.interactive as Record<string, unknown>;
      const buttons = readReplyButtons(interactive);
      messages.push({ id, to, type: 'interactive', interactive, ...buttons });
      return accepted;
    }
    if (body.type !== 'template') return graphError(400, 131009, '(#131009) Parameter value is not valid', 'type');
    const template = body.template as { name?: unknown; language?: { code?: unknown }; components?: Component[] } | undefined;
    if (typeof template?.name !== 'string' || typeof template.language?.code !== 'string') return graphError(400, 131008, '(#131008) Required parameter is missing', 'template.name and template.language.code are required');
    const spec = templates.get(template.name);
    // Approved in English and Urdu only (WhatsApp has no Pashto).
    if (!spec || !['en', 'ur'].includes(template.language.code)) return graphError(404, 132001, '(#132001) Template name does not exist in the translation', `template name (${template.name}) does not exist in ${template.language.code}`);
    if (spec.kind === 'utility') {
      const checked = checkUtilityTemplate(template.components ?? [], spec);
      if (typeof checked === 'string') return graphError(400, 132000, '(#132000) Number of parameters does not match the expected number of params', checked);
      messages.push({ id, to, type: 'template', template: { name: template.name, language: template.language.code, ...checked } });
      return accepted;
    }
    // An authentication template with a copy-code button takes the code twice: in the body and in the button (index "0").
    const components = template.components ?? [];
    const bodyPart = components.find((c) => c.type === 'body');
    const button = components.find((c) => c.type === 'button');
    const code = bodyPart?.parameters?.[0]?.text;
    const ok =
      components.length === 2 &&
      bodyPart?.parameters?.length === 1 && bodyPart.parameters[0]?.type === 'text' && typeof code === 'string' && code.length >= 1 && code.length <= 15 &&
      button?.sub_type === 'url' && button.index === '0' && button.parameters?.length === 1 && button.parameters[0]?.type === 'text' && button.parameters[0]?.text === code;
    if (!ok) return graphError(400, 131008, '(#131008) Required parameter is missing', 'authentication templates take the code as a body parameter and as the url button parameter');
    messages.push({ id, to, type: 'template', template: { name: template.name, language: template.language.code, code } });
    return accepted;
  };

  const server = await startHttpFake(answer, state);
  base = server.url;
  return withSwitches(
    {
      url: server.url,
      phoneNumberId,
      token,
      templates,
      get openWindows() {
        return state.openWindows;
      },
      set openWindows(numbers: Set<string> | null) {
        state.openWindows = numbers;
      },
      calls: server.calls,
      messages,
      addMedia: (data: Buffer, mimeType: string) => {
        const id = String(7_000_000_000_000 + media.size);
        const sha256 = createHash('sha256').update(data).digest('base64');
        media.set(id, { data, mimeType, sha256 });
        return { id, sha256 };
      },
      get mediaFailWith() {
        return state.mediaFailWith;
      },
      set mediaFailWith(status: number | null) {
        state.mediaFailWith = status;
      },
      env: () => ({ EKHTYAR_WHATSAPP_GRAPH_URL: server.url, EKHTYAR_WHATSAPP_PHONE_NUMBER_ID: phoneNumberId, EKHTYAR_WHATSAPP_TOKEN: token, EKHTYAR_WHATSAPP_API_VERSION: 'v21.0' }),
      close: server.close,
    },
    state,
  );
}

// Graph's limits on a text parameter: not empty, no line breaks or tabs, no more than four spaces in a row.
const badParameterText = (text: unknown) => typeof text !== 'string' || text.trim() === '' || /[\n\t]| {5}/.test(text) || text.length > 1024;

/**
 * A utility template's components as documented: one body component with exactly the template's number of text
 * parameters, then one quick_reply button component per button, index "0", "1"… as strings, each with one payload.
 */
function checkUtilityTemplate(components: Component[], spec: { bodyParameters: number; quickReplies: number }): { parameters: string[]; payloads: string[] } | string {
  const bodies = components.filter((c) => c.type === 'body');
  const buttons = components.filter((c) => c.type === 'button');
  if (bodies.length !== 1 || components.length !== 1 + buttons.length) return 'components must be one body and the buttons';
  const parameters = bodies[0]!.parameters ?? [];
  if (parameters.length !== spec.bodyParameters) return `body expects ${spec.bodyParameters} parameters, got ${parameters.length}`;
  if (parameters.some((p) => p.type !== 'text' || badParameterText(p.text))) return 'body parameters must be {type: "text", text} on one line';
  if (buttons.length !== spec.quickReplies) return `template has ${spec.quickReplies} quick-reply buttons, got ${buttons.length}`;
  const payloads: string[] = [];
  for (const [i, button] of buttons.entries()) {
    const parameter = button.parameters?.[0];
    if (button.sub_type !== 'quick_reply' || button.index !== String(i) || button.parameters?.length !== 1 || parameter?.type !== 'payload') return `button ${i} must be {type: "button", sub_type: "quick_reply", index: "${i}", parameters: [{type: "payload", payload}]}`;
    if (typeof parameter.payload !== 'string' || parameter.payload.length === 0 || parameter.payload.length > 256) return `button ${i} payload must be 1 to 256 characters`;
    payloads.push(parameter.payload);
  }
  return { parameters: parameters.map((p) => p.text as string), payloads };
}

/** The body and buttons of a reply-button message (its shape is checked by checkInteractive first); nothing for a list. */
function readReplyButtons(interactive: Record<string, unknown>): { text?: string; buttons?: { id: string; title: string }[] } {
  const i = interactive as { type?: unknown; body?: { text?: string }; action?: { buttons?: { reply: { id: string; title: string } }[] } };
  if (i.type !== 'button') return {};
  return { text: i.body?.text ?? '', buttons: (i.action?.buttons ?? []).map((b) => ({ id: b.reply.id, title: b.reply.title })) };
}
