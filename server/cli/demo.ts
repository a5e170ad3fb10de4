import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chainEvent } from '../domain/audit/event-hash.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import { decide, type LifecycleCommand, type LifecycleSnapshot } from '../domain/lifecycle/index.js';
import type { BusinessCalendar } from '../domain/sla/business-calendar.js';
import { startClock } from '../domain/sla/sla-clock.js';
import { slaColumns } from '../services/sla.service.js';
import { generateTrackingCode } from '../domain/tracking-code.js';
import { ReferenceDataService } from '../services/reference-data.service.js';
import { PostgresAttachmentStorage } from '../store/attachment.storage.js';
import { insertComplaints, type EventRow, type NewComplaint } from '../store/complaint-intake.repository.js';
import { sqlState, UNIQUE_VIOLATION, withTransaction, type Db } from '../store/db.js';

const DAY = 24 * 60 * 60 * 1000;
const BATCH = 500;

/**
 * Adds `count` synthetic complaints spread over the past year, each walked through the real lifecycle
 * (routing, acknowledgement, resolution, the citizen's answer) with hash-chained events, so dashboards
 * and reports have something to show. Demo rows carry channel 'web' and the description says they are demo data.
 */
export async function seedDemo(db: Db, cipher: FieldCipher, count: number, now = new Date(), random: () => number = Math.random): Promise<number> {
  const ref = await new ReferenceDataService(db).current();
  const categories = [...ref.categories.values()];
  const districts = [...ref.areas.values()].filter((a) => a.level === 'district');
  const tehsilsOf = new Map(districts.map((d) => [d.id, [...ref.areas.values()].filter((a) => a.parentId === d.id)]));
  const totalPopulation = districts.reduce((sum, d) => sum + (d.population2023 ?? 100_000), 0);
  const pickDistrict = () => {
    let r = random() * totalPopulation;
    for (const d of districts) if ((r -= d.population2023 ?? 100_000) <= 0) return d;
    return districts[districts.length - 1]!;
  };
  const storage = new PostgresAttachmentStorage();
  let written = 0;
  while (written < count) {
    const batch: NewComplaint[] = [];
    for (let i = 0; i < Math.min(BATCH, count - written); i++) {
      const category = categories[Math.floor(random() * categories.length)]!;
      const district = pickDistrict();
      const tehsils = tehsilsOf.get(district.id) ?? [];
      const area = tehsils.length > 0 && random() < 0.7 ? tehsils[Math.floor(random() * tehsils.length)]! : district;
      const createdAt = new Date(now.getTime() - random() * 365 * DAY);
      const office = ref.officeFinder.find(category.departmentId, area.id);
      batch.push(demoComplaint(category, area.id, office?.id ?? null, createdAt, now, random, ref.calendar));
    }
    await insertWithFreshCodes(db, batch, storage, cipher);
    written += batch.length;
  }
  // The planner's statistics of a table that just grew by a year of rows are stale until autovacuum comes round:
  // the dashboard's queries took 13.6 s instead of 0.3 s on a fresh year of demo data (bench/README.md).
  await db.query('analyze complaints, complaint_events');
  return written;
}

// Tracking codes are random: among hundreds of thousands of demo complaints a few draw a code already taken, which
// fails the batch; it is written again with new codes (as intake does for a single complaint).
async function insertWithFreshCodes(db: Db, batch: NewComplaint[], storage: PostgresAttachmentStorage, cipher: FieldCipher): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withTransaction(db, (tx) => insertComplaints(tx, batch, storage, cipher));
      return;
    } catch (error) {
      if (sqlState(error) !== UNIQUE_VIOLATION || (error as { constraint?: string }).constraint !== 'complaints_code_key' || attempt >= 5) throw error;
      for (const item of batch) item.complaint.code = generateTrackingCode();
    }
  }
}

function demoComplaint(
  category: { id: string; departmentId: string; slaDays: number; name: { en: string } },
  areaId: string,
  officeId: string | null,
  createdAt: Date,
  now: Date,
  random: () => number,
  calendar: BusinessCalendar,
): NewComplaint {
  const clock = startClock(calendar, createdAt, category.slaDays);
  const id = randomUUID();
  const events: EventRow[] = [];
  let snapshot: LifecycleSnapshot = { state: 'submitted', escalationLevel: 0 };
  let at = createdAt;
  let outcome: string | null = null;
  const record = (type: string, role: EventRow['actorRole'], visibility: EventRow['visibility'], payload: Record<string, unknown>) => {
    const last = events[events.length - 1];
    events.push(chainEvent({ complaintId: id, eventCount: events.length, lastEventHash: last?.hash ?? null }, { type, actorRole: role, actorId: role === 'system' ? 'demo' : null, visibility, payload, createdAt: at }));
  };
  const step = (command: LifecycleCommand, role: 'system' | 'officer' | 'citizen', afterDays: number, payload: Record<string, unknown> = {}): boolean => {
    const next = new Date(at.getTime() + afterDays * DAY);
    if (next > now) return false;
    const decision = decide(snapshot, command, { role });
    if (!decision.ok) return false;
    at = next;
    snapshot = { state: decision.state, escalationLevel: decision.escalationLevel };
    if (command.type === 'resolve') outcome = command.outcome;
    if (decision.reopened) outcome = null;
    record(decision.eventType, role, decision.visibility, payload);
    return true;
  };
  record('submitted', 'citizen', 'public', { channel: 'web', categoryId: category.id, attachments: 0 });
  if (officeId) step({ type: 'route', officeId }, 'system', 0, { officeId });
  else step({ type: 'send_to_triage', reason: 'no_office' }, 'system', 0, { reason: 'no_office' });
  const slow = category.slaDays * (0.3 + random() * 1.6);
  const resolution = random() < 0.75 ? 'full_relief' : 'partial_relief';
  if (step({ type: 'acknowledge' }, 'officer', random() * 2) && step({ type: 'resolve', outcome: resolution, reason: 'demo resolution' }, 'officer', slow, { outcome: resolution, reason: 'demo resolution' })) {
    const answer = random();
    if (answer < 0.7) step({ type: 'feedback', satisfied: true }, 'citizen', random() * 3, { satisfied: true });
    else if (answer < 0.85) step({ type: 'feedback', satisfied: false, reason: 'demo: not fixed' }, 'citizen', random() * 3, { satisfied: false });
    else step({ type: 'close_no_response' }, 'system', 7);
  }
  const secret = randomBytes(16);
  return {
    citizen: null,
    complaint: {
      id,
      code: generateTrackingCode(),
      state: snapshot.state,
      departmentId: category.departmentId,
      areaId,
      officeId,
      categoryId: category.id,
      citizenId: null,
      anonymous: true,
      channel: 'web',
      language: 'ur',
      description: `Demo complaint about ${category.name.en.toLowerCase()} (synthetic data for trying Ekhtyar).`,
      address: null,
      latitude: null,
      longitude: null,
      citizenSecretHash: createHash('sha256').update(secret).digest(),
      slaDays: category.slaDays,
      // Demo complaints carry their clock but raise no alarms: the sweep should not escalate a year of history at once.
      ...slaColumns(calendar, clock, snapshot.state, 0),
      slaAlarmAt: null,
      createdAt,
      eventCount: events.length,
      lastEventHash: events[events.length - 1]?.hash ?? null,
      escalationLevel: snapshot.escalationLevel,
      outcome,
      updatedAt: at,
      closedAt: ['closed', 'closed_no_response'].includes(snapshot.state) ? at : null,
    },
    events,
    attachments: [],
    outbox: [],
    idempotency: null,
  };
}
