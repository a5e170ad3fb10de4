import { Type, type Static } from 'typebox';

/** Meta's verification request: GET with hub.mode=subscribe, the verify token we gave, and a challenge to echo. */
export const WhatsAppVerifyQuery = Type.Object({
  'hub.mode': Type.Optional(Type.String({ maxLength: 32 })),
  'hub.verify_token': Type.Optional(Type.String({ maxLength: 512 })),
  'hub.challenge': Type.Optional(Type.String({ maxLength: 512 })),
});
/** The verification request's query, as a type. */
export type WhatsAppVerifyQuery = Static<typeof WhatsAppVerifyQuery>;

/** The challenge, echoed as text/plain. */
export const WhatsAppVerifyResponse = Type.String();

/** The acknowledgement of a webhook: how many items it carried and how many were new (a redelivery stores none). */
export const WhatsAppWebhookAck = Type.Object({ received: Type.Integer(), stored: Type.Integer() });
