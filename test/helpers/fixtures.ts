import type { Db } from '../../server/store/db.js';

/** A valid 1×1 transparent PNG. */
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const TABLES = ['citizens', 'complaints', 'complaint_events', 'attachments', 'attachment_blobs', 'outbox', 'idempotency_keys', 'staff_users', 'intake_letters', 'intake_calls', 'routing_examples'] as const;

/** Row counts of every table intake and staff actions write, to prove a refused request wrote nothing. */
export async function tableCounts(db: Db): Promise<Record<(typeof TABLES)[number], number>> {
  const { rows } = await db.query(`select ${TABLES.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ')}`);
  return rows[0];
}
