import { createHash } from 'node:crypto';
import { parseGatewaySms } from '../domain/sms/gateway-inbound.js';
import type { Db } from '../store/db.js';
import type { InboundMessageRepository } from '../store/inbound-message.repository.js';
import type { SmsInboundService } from './sms-inbound.service.js';

// Bodies kept whole when they cannot be read as a message; a webhook body over this was refused before (413).
const MAX_KEPT = 64 * 1024;

/**
 * What a generic SMS gateway posts (its signature already checked): a readable message goes into the same store and
 * processing as Twilio's (SmsInboundService: once per message id, answered afterwards); anything else is kept as it
 * came, sealed, keyed by its hash (a redelivery stores nothing), so nothing acknowledged is lost. Kept bodies are
 * settled by SMS processing without a reply, as they name no sender.
 */
export class SmsGatewayInboundService {
  constructor(
    private readonly db: Db,
    private readonly inbound: InboundMessageRepository,
    private readonly sms: SmsInboundService,
  ) {}

  /** Stores what arrived; `stored` is false for a redelivery, `message` false for a body that is not a message. */
  async receive(raw: Buffer, contentType: string | undefined): Promise<{ stored: boolean; message: boolean }> {
    const sms = parseGatewaySms(raw, contentType);
    // Namespaced, so a gateway's id can never collide with a Twilio MessageSid.
    if (sms) return { stored: await this.sms.receive({ messageSid: `gateway:${sms.id}`, from: sms.from, to: sms.to, body: sms.text, numMedia: 0 }), message: true };
    const text = raw.subarray(0, MAX_KEPT).toString('utf8');
    const providerKey = `gateway-unreadable:${createHash('sha256').update(raw).digest('hex')}`;
    // The shape SMS processing reads (no sender: no reply), with what came kept beside it.
    const body = { from: null, to: '', body: '', numMedia: 0, unreadable: { contentType: (contentType ?? '').slice(0, 200), text } };
    const stored = await this.inbound.insertMany(this.db, [{ channel: 'sms', providerKey, kind: 'other', subtype: 'unreadable', number: null, body, providerAt: null }]);
    return { stored: stored > 0, message: false };
  }
}
