import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { verifyWebhookSignature } from '../../../domain/whatsapp/signature.js';
import { webhookSignatureMissing, webhookSignatureRejected } from '../../../errors.js';

const SIGNATURE_HEADER = 'X-Ekhtyar-Signature';
// An inbound SMS is a few short fields (1,600 characters of text at most); more is not one.
const BODY_LIMIT = 64 * 1024;

/** Options of the gateway webhook: the shared secret that signs bodies, and whether to process at once. */
export interface SmsGatewayWebhookOptions {
  secret: string;
  processOnReceipt: boolean;
}

/** The answer to a gateway: always 200 once the body is stored (or was stored before). */
const SmsGatewayAck = Type.Object({
  received: Type.Literal(true),
  stored: Type.Boolean({ description: 'false when this message id (or this exact body) was stored before: a redelivery' }),
});

const SmsGatewayHeaders = Type.Object({
  'x-ekhtyar-signature': Type.Optional(Type.String({ description: 'sha256=<hex HMAC-SHA256 of the raw body under EKHTYAR_SMS_GATEWAY_SECRET>' })),
});

const DESCRIPTION = `A generic SMS gateway's inbound message (docs/CHANNELS.md). Body: JSON or application/x-www-form-urlencoded with
\`id\` (or \`messageId\`), \`from\`, \`to\`, \`text\` and optionally \`timestamp\`. Signed: ${SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256
of the raw body bytes under the shared secret>, compared in constant time. No or a wrong signature: 401, nothing stored.
A signed message is stored once per id and answered later by SMS; a signed body that is not a message is kept as it
came and acknowledged the same way. Only there when EKHTYAR_SMS_PROVIDER=gateway.`;

/**
 * A generic SMS gateway's inbound webhook (POST /webhooks/sms/gateway). The body is read as bytes, whatever its type,
 * because the signature is over the bytes; it is checked before anything is parsed or stored.
 */
const smsGatewayWebhookRoutes: FastifyPluginAsyncTypebox<SmsGatewayWebhookOptions> = async (app, options) => {
  // In this plugin only: every body arrives as bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, raw, done) => done(null, raw));

  app.post(
    '/webhooks/sms/gateway',
    {
      bodyLimit: BODY_LIMIT,
      config: { storableText: false },
      schema: { tags: ['operations'], summary: 'Inbound SMS webhook (generic gateway, signed)', description: DESCRIPTION, headers: SmsGatewayHeaders, response: { 200: SmsGatewayAck } },
      preHandler: async (request) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const verdict = verifyWebhookSignature(raw, request.headers['x-ekhtyar-signature'], options.secret);
        if (verdict === 'missing') throw webhookSignatureMissing(SIGNATURE_HEADER);
        if (verdict === 'invalid') throw webhookSignatureRejected(SIGNATURE_HEADER);
      },
    },
    async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const { stored, message } = await app.services.smsGateway.receive(raw, request.headers['content-type']);
      // Signed but not a message: kept for a person to look at; the log line holds no part of it.
      if (!message) request.log.warn('SMS gateway webhook body that is not a message kept and acknowledged');
      if (stored && options.processOnReceipt) setImmediate(() => app.services.smsInbound.kick());
      return { received: true as const, stored };
    },
  );
};

export default smsGatewayWebhookRoutes;
