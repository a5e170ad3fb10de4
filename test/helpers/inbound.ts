import type { FastifyInstance } from 'fastify';
import type { Db } from '../../server/store/db.js';

/**
 * Waits for the rounds a WhatsApp webhook starts, until no stored item that is due is left unprocessed. Gives up
 * loudly after 20 s: on a machine busy with other test files a round can take seconds.
 */
export async function whatsappSettled(target: FastifyInstance, db: Db): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await new Promise((resolve) => setTimeout(resolve, i === 0 ? 0 : 50));
    await target.services.whatsappInbound.idle();
    const { rows } = await db.query(`select count(*)::int as n from inbound_messages where channel = 'whatsapp' and processed_at is null and available_at <= now()`);
    if (rows[0].n === 0) return;
  }
  throw new Error('WhatsApp messages were still waiting after 20 s of rounds');
}
