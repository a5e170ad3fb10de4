import type { FastifyPluginAsync } from 'fastify';
import { parseInboundSms } from '../../../domain/sms/inbound-sms.js';
import { verifyTwilioSignature, type FormParams } from '../../../domain/sms/twilio-signature.js';
import { webhookSignatureInvalid, webhookSignatureRequired } from '../../../errors.js';

const SIGNATURE_HEADER = 'X-Twilio-Signature';
// An inbound message webhook is a few dozen short fields (a 1,600-character body at most); more is not one.
const BODY_LIMIT = 64 * 1024;
/** TwiML that asks Twilio to do nothing: the reply goes out through the Messages API once the message is processed. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** Options of the SMS webhook: the account's auth token that signs requests, our public base URL, whether to process at once. */
export interface SmsWebhookOptions {
  authToken: string;
  /** The base URL Twilio is given (EKHTYAR_PUBLIC_URL): the signature is over the URL exactly as Twilio called it. */
  publicUrl: string;
  processOnReceipt: boolean;
}

/**
 * Twilio's inbound message webhook (POST /webhooks/sms/twilio, form-encoded). The signature is checked over the
 * public URL and every POST parameter before anything is stored; the message is stored once per MessageSid, Twilio
 * gets an empty TwiML answer, and the reply is sent by processing afterwards.
 */
const smsWebhookRoutes: FastifyPluginAsync<SmsWebhookOptions> = async (app, options) => {
  // In this plugin only: the form is read as name/value pairs in order (repeats kept), as the signature covers them all.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, raw, done) => {
    done(null, [...new URLSearchParams(raw as string)]);
  });
  const paramsOf = (body: unknown): FormParams => (Array.isArray(body) ? (body as FormParams) : []);

  app.post(
    '/webhooks/sms/twilio',
    {
      bodyLimit: BODY_LIMIT,
      config: { storableText: false },
      schema: { tags: ['operations'], summary: 'Inbound SMS webhook (Twilio, signed)' },
      // Checked before the handler whatever the request carried (a bodiless request is checked over no parameters).
      preHandler: async (request) => {
        const verdict = verifyTwilioSignature(`${options.publicUrl}${request.url}`, paramsOf(request.body), request.headers['x-twilio-signature'], options.authToken);
        if (verdict === 'missing') throw webhookSignatureRequired(SIGNATURE_HEADER);
        if (verdict === 'invalid') throw webhookSignatureInvalid(SIGNATURE_HEADER);
      },
    },
    async (request, reply) => {
      const sms = parseInboundSms(paramsOf(request.body));
    if (!sms) {
      // Signed but not an inbound message (a status callback pointed here by mistake): acknowledged so Twilio stops retrying.
      request.log.warn('SMS webhook without a MessageSid acknowledged and not stored');
    } else if ((await app.services.smsInbound.receive(sms)) && options.processOnReceipt) {
      setImmediate(() => app.services.smsInbound.kick());
    }
      return reply.type('text/xml; charset=utf-8').send(EMPTY_TWIML);
    },
  );
};

export default smsWebhookRoutes;
