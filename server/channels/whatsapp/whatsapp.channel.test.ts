import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWhatsAppGraph, type FakeWhatsAppGraph } from '../../../test/fakes/whatsapp-graph.fake.js';
import { WhatsAppChannel, type WhatsAppConfig } from './whatsapp.channel.js';

let graph: FakeWhatsAppGraph;
let config: WhatsAppConfig;
let whatsapp: WhatsAppChannel;

beforeAll(async () => {
  graph = await startFakeWhatsAppGraph();
  config = { graphUrl: graph.url, apiVersion: 'v21.0', phoneNumberId: graph.phoneNumberId, token: graph.token, codeTemplate: 'sign_in_code', updateTemplate: 'complaint_update', feedbackTemplate: 'complaint_resolved' };
  whatsapp = new WhatsAppChannel(config, 2000);
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.failWith = null;
  graph.delayMs = 0;
});

const message = (extra: { oneTimeCode?: string; language?: 'en' | 'ur' | 'ps' } = {}) => ({ to: '+447911123456', subject: '', text: 'Your complaint KP-7F3K-9QXA was resolved.', messageId: 'm-1', language: extra.language ?? ('en' as const), ...extra });

describe('WhatsApp through the Cloud API', () => {
  it('sends a sign-in code as the authentication template, the code in the body and the copy-code button, with a Bearer token', async () => {
    const result = await whatsapp.send(message({ oneTimeCode: '482913' }));
    expect(result).toEqual({ ok: true, providerId: expect.stringMatching(/^wamid\./) });
    const call = graph.calls.at(-1)!;
    expect(call.path).toBe(`/v21.0/${graph.phoneNumberId}/messages`);
    expect(call.headers.authorization).toBe(`Bearer ${graph.token}`);
    expect(JSON.parse(call.body)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '447911123456',
      type: 'template',
      template: {
        name: 'sign_in_code',
        language: { code: 'en' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
        ],
      },
    });
    expect(graph.messages.at(-1)).toMatchObject({ type: 'template', template: { name: 'sign_in_code', code: '482913' } });
  });

  it('asks for the Urdu template for Urdu and Pashto readers (WhatsApp has no Pashto templates)', async () => {
    await whatsapp.send(message({ oneTimeCode: '111111', language: 'ur' }));
    expect(graph.messages.at(-1)!.template!.language).toBe('ur');
    await whatsapp.send(message({ oneTimeCode: '222222', language: 'ps' }));
    expect(graph.messages.at(-1)!.template!.language).toBe('ur');
  });

  it('sends other messages as text', async () => {
    expect((await whatsapp.send(message())).ok).toBe(true);
    expect(graph.messages.at(-1)).toMatchObject({ type: 'text', text: 'Your complaint KP-7F3K-9QXA was resolved.' });
  });

  it('reports a bad token or an unapproved template as final, with only the Graph error code', async () => {
    const badToken = new WhatsAppChannel({ ...config, token: 'expired' }, 2000);
    expect(await badToken.send(message({ oneTimeCode: '123456' }))).toEqual({ ok: false, retryable: false, error: 'WhatsApp refused: HTTP 401, Graph error 190' });
    const unknownTemplate = new WhatsAppChannel({ ...config, codeTemplate: 'not_approved' }, 2000);
    expect(await unknownTemplate.send(message({ oneTimeCode: '123456' }))).toEqual({ ok: false, retryable: false, error: 'WhatsApp refused: HTTP 404, Graph error 132001' });
  });

  it('reports throttling, faults and a slow API as worth retrying', async () => {
    graph.failWith = 429;
    expect(await whatsapp.send(message({ oneTimeCode: '123456' }))).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('130429') });
    graph.failWith = 500;
    expect(await whatsapp.send(message({ oneTimeCode: '123456' }))).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('131000') });
    graph.failWith = null;
    graph.delayMs = 1500;
    const impatient = new WhatsAppChannel(config, 300);
    expect(await impatient.send(message({ oneTimeCode: '123456' }))).toEqual({ ok: false, retryable: true, error: 'WhatsApp no answer in time' });
  });

  it('sends a utility template with its body parameters and quick-reply payloads in the documented shape', async () => {
    const quickReplies = ['feedback:satisfied:KP-7F3K-9QXA', 'feedback:not_satisfied:KP-7F3K-9QXA'];
    const result = await whatsapp.send({ ...message({ language: 'ps' }), whatsapp: { kind: 'template', name: 'complaint_resolved', body: ['KP-7F3K-9QXA', 'A doctor is posted.'], quickReplies } });
    expect(result.ok).toBe(true);
    expect(JSON.parse(graph.calls.at(-1)!.body).template).toEqual({
      name: 'complaint_resolved',
      language: { code: 'ur' },
      components: [
        { type: 'body', parameters: [{ type: 'text', text: 'KP-7F3K-9QXA' }, { type: 'text', text: 'A doctor is posted.' }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: quickReplies[0] }] },
        { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: quickReplies[1] }] },
      ],
    });
    expect(graph.messages.at(-1)!.template).toEqual({ name: 'complaint_resolved', language: 'ur', parameters: ['KP-7F3K-9QXA', 'A doctor is posted.'], payloads: quickReplies });
    // The fake holds templates to their approved parameters: one too few is refused as Graph refuses it.
    expect(await whatsapp.send({ ...message(), whatsapp: { kind: 'template', name: 'complaint_update', body: ['KP-7F3K-9QXA'] } })).toMatchObject({ ok: false, retryable: false, error: 'WhatsApp refused: HTTP 400, Graph error 132000' });
  });

  it('sends reply buttons as an interactive message with the text as its body', async () => {
    const buttons = [{ id: 'feedback:satisfied:KP-7F3K-9QXA', title: 'Satisfied' }, { id: 'feedback:not_satisfied:KP-7F3K-9QXA', title: 'Not satisfied' }];
    expect((await whatsapp.send({ ...message(), whatsapp: { kind: 'buttons', buttons } })).ok).toBe(true);
    expect(JSON.parse(graph.calls.at(-1)!.body)).toMatchObject({
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Your complaint KP-7F3K-9QXA was resolved.' }, action: { buttons: buttons.map((reply) => ({ type: 'reply', reply })) } },
    });
    expect(graph.messages.at(-1)).toMatchObject({ type: 'interactive', buttons });
  });

  it("says when a free-form message was refused because the user's 24-hour window has closed", async () => {
    graph.openWindows = new Set();
    try {
      expect(await whatsapp.send(message())).toEqual({ ok: false, retryable: false, error: 'WhatsApp refused: HTTP 400, Graph error 131047', windowClosed: true });
      // Templates are what the window allows.
      expect((await whatsapp.send({ ...message(), whatsapp: { kind: 'template', name: 'complaint_update', body: ['KP-7F3K-9QXA', 'Update', 'https://x.pk/c'] } })).ok).toBe(true);
      graph.openWindows = new Set(['447911123456']);
      expect((await whatsapp.send(message())).ok).toBe(true);
    } finally {
      graph.openWindows = null;
    }
  });
});
