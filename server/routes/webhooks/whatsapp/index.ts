import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { tokensEqual, verifyWebhookSignature } from '../../../domain/whatsapp/signature.js';
import { jsonTooComplex, webhookSignatureInvalid, webhookSignatureMissing, webhookVerificationRefused } from '../../../errors.js';
import { REQUEST_JSON_LIMITS, exceededLimit, measureJson } from '../../../plugins/json-shape.js';
import { WhatsAppVerifyQuery, WhatsAppVerifyResponse, WhatsAppWebhookAck } from './schema.js';

const SIGNATURE_HEADER = 'X-Hub-Signature-256';
// Meta's webhook bodies are a few kilobytes (batches of up to a thousand updates stay well under this).
const BODY_LIMIT = 3 * 1024 * 1024;

/** Options of the WhatsApp webhook: the app secret that signs bodies, the verify token, and whether to process at once. */
export interface WhatsAppWebhookOptions {
  appSecret: string;
  verifyToken: string;
  processOnReceipt: boolean;
}

/**
 * Meta's WhatsApp Cloud API webhook. GET answers the subscription handshake; POST checks the signature over the raw
 * bytes before anything is parsed, stores every item, answers 200, and only then processes (a crash after the 200
 * leaves the stored items to the next processing round).
 */
const whatsappWebhookRoutes: FastifyPluginAsyncTypebox<WhatsAppWebhookOptions> = async (app, options) => {
  // In this plugin only: the body arrives as bytes, because the signature is over the bytes Meta sent, and is
  // parsed only once it is known to come from Meta.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (request, raw, done) => {
    const verdict = verifyWebhookSignature(raw as Buffer, request.headers['x-hub-signature-256'], options.appSecret);
    if (verdict === 'missing') return done(webhookSignatureMissing(SIGNATURE_HEADER), undefined);
    if (verdict === 'invalid') return done(webhookSignatureInvalid(SIGNATURE_HEADER), undefined);
    const text = (raw as Buffer).toString('utf8');
    const over = exceededLimit(measureJson(text, REQUEST_JSON_LIMITS), REQUEST_JSON_LIMITS);
    if (over) return done(jsonTooComplex(over, REQUEST_JSON_LIMITS[over]), undefined);
    return parseJson(request, text, done);
  });

  app.get('/webhooks/whatsapp', { schema: { tags: ['operations'], summary: 'WhatsApp webhook verification (Meta)', querystring: WhatsAppVerifyQuery, response: { 200: WhatsAppVerifyResponse } } }, async (request, reply) => {
    const q = request.query;
    if (q['hub.mode'] !== 'subscribe' || q['hub.verify_token'] === undefined || q['hub.challenge'] === undefined || !tokensEqual(q['hub.verify_token'], options.verifyToken)) {
      throw webhookVerificationRefused();
    }
    return reply.type('text/plain; charset=utf-8').send(q['hub.challenge']);
  });

  app.post('/webhooks/whatsapp', { config: { storableText: false }, schema: { tags: ['operations'], summary: 'WhatsApp webhook (Meta, signed)', response: { 200: WhatsAppWebhookAck } } }, async (request) => {
    const { items, stored } = await app.services.whatsappInbound.receive(request.body);
    if (options.processOnReceipt && stored > 0) setImmediate(() => app.services.whatsappInbound.kick());
    return { received: items, stored };
  });
};

export default whatsappWebhookRoutes;
