import { createHash, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { chainEvent } from '../domain/audit/event-hash.js';
import type { LifecycleCommand } from '../domain/lifecycle/index.js';
import type { FeedbackPolicy } from '../domain/sla/feedback.js';
import { clockAfter } from '../domain/sla/sla-clock.js';
import { parseTrackingCode } from '../domain/tracking-code.js';
import { attachmentNotFound, citizenSecretInvalid, citizenSecretRequired, complaintNotFound, complaintNotYours, invalidFields, invalidTrackingCode } from '../errors.js';
import type { AttachmentStorage } from '../store/attachment.storage.js';
import { withTransaction, type Db, type Queryable } from '../store/db.js';
import { insertAttachments, insertOutbox, type EventRow } from '../store/complaint-intake.repository.js';
import type { AttachmentRecord, ComplaintRecord, ComplaintRepository } from '../store/complaint.repository.js';
import { preparePhotos, type PhotoInput, type PreparedAttachment } from './attachment.service.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';
import { decideOrThrow } from './lifecycle.js';
import { DEFAULT_SLA_DAYS, slaColumns, storedClock } from './sla.service.js';

/** A complaint with its events and the configuration needed to name its category, office and area. */
export interface ComplaintView {
  complaint: ComplaintRecord;
  events: EventRow[];
  ref: ReferenceData;
  /** True when the caller proved they are the citizen (the secret matched, or their verified contact filed it): they may see their own text. */
  owner: boolean;
  /** The complaint's attachments; loaded for the owner only. */
  attachments?: AttachmentRecord[];
}

/**
 * How a citizen proves a complaint is theirs: the secret they got when filing, a sign-in whose verified phone
 * number or e-mail address the complaint was filed with, or a message from the number it was filed with (WhatsApp
 * and SMS: the provider vouches for the sender, and its webhook is signed). A bare string is the secret.
 */
export type CitizenProof = string | { secret: string } | { contacts: { phone: string | null; email: string | null } } | { sender: { channel: 'whatsapp' | 'sms'; phone: string } };

/** What a citizen can do with their complaint once they have proved it is theirs. */
export type CitizenAction =
  | { type: 'provide_information'; text: string; photos?: PhotoInput[]; keepPhotoLocation?: boolean }
  | { type: 'withdraw'; reason?: string }
  | { type: 'feedback'; satisfied: boolean; reason?: string; rating?: number; comment?: string }
  | { type: 'contest'; reason: string };

/** Reads complaints for tracking and applies the citizen's own actions. */
export class ComplaintService {
  constructor(
    private readonly db: Db,
    private readonly reference: ReferenceDataService,
    private readonly complaints: ComplaintRepository,
    private readonly storage: AttachmentStorage,
    private readonly limits: { attachmentMaxBytes: number },
    private readonly feedbackPolicy: FeedbackPolicy = { closeAfterDays: 10 },
  ) {}

  /** The complaint for a tracking code as typed by a person; the proof, if given, must show it is the caller's. */
  async view(codeInput: string, proof: CitizenProof | null): Promise<ComplaintView> {
    const code = canonicalCode(codeInput);
    const complaint = await this.complaints.findByCode(this.db, code);
    if (!complaint) throw complaintNotFound(code);
    if (proof !== null) await this.assertOwner(this.db, complaint, proof);
    const owner = proof !== null;
    const [events, ref, attachments] = await Promise.all([
      this.complaints.events(this.db, complaint.id, false),
      this.reference.current(),
      owner ? this.complaints.attachments(this.db, complaint.id) : undefined,
    ]);
    return { complaint, events, ref, owner, ...(attachments && { attachments }) };
  }

  /** Public events of a complaint after a seq, for live updates. */
  async publicEventsAfter(complaintId: string, afterSeq: number): Promise<{ events: EventRow[]; ref: ReferenceData }> {
    const [events, ref] = await Promise.all([this.complaints.events(this.db, complaintId, false, afterSeq), this.reference.current()]);
    return { events, ref };
  }

  /** One of the complaint's photos, for the citizen who filed it (proof required). */
  async attachment(codeInput: string, proof: CitizenProof | null, attachmentId: string): Promise<{ meta: AttachmentRecord; data: Buffer }> {
    if (proof === null) throw citizenSecretRequired();
    const view = await this.view(codeInput, proof);
    const meta = view.attachments?.find((a) => a.id === attachmentId);
    const data = meta ? await this.storage.get(this.db, meta.storageKey) : null;
    if (!meta || !data) throw attachmentNotFound(attachmentId);
    return { meta, data };
  }

  /** Applies a citizen's action (checked by the lifecycle) and records it as an event, in one transaction. */
  async act(codeInput: string, proof: CitizenProof | null, action: CitizenAction, now = new Date()): Promise<ComplaintView> {
    const code = canonicalCode(codeInput);
    if (proof === null) throw citizenSecretRequired();
    const blank = blankField(action);
    if (blank) throw invalidFields('Some fields cannot be accepted.', [{ pointer: `/${blank}`, detail: 'must not be blank' }]);
    const photos = action.type === 'provide_information' ? (await preparePhotos(action.photos ?? [], '/photos', this.limits.attachmentMaxBytes, action.keepPhotoLocation ?? false)).attachments : [];
    await withTransaction(this.db, (tx) => this.applyAction(tx, code, proof, action, photos, now));
    return this.view(code, proof);
  }

  /**
   * The citizen's action inside the caller's transaction, with files already checked: for channel adapters that settle
   * their own record of the message in the same transaction (e-mail replies), so a retry never adds the text twice.
   * Returns the event's seq.
   */
  async applyAction(tx: pg.PoolClient, codeInput: string, proof: CitizenProof, action: CitizenAction, attachments: PreparedAttachment[], now: Date): Promise<number> {
    const code = canonicalCode(codeInput);
    const blank = blankField(action);
    if (blank) throw invalidFields('Some fields cannot be accepted.', [{ pointer: `/${blank}`, detail: 'must not be blank' }]);
    const complaint = await this.complaints.lockByCode(tx, code);
    if (!complaint) throw complaintNotFound(code);
    await this.assertOwner(tx, complaint, proof);
    const decision = decideOrThrow(complaint, toCommand(action), 'citizen');
    const ref = await this.reference.current();
    const clock = clockAfter(ref.calendar, storedClock(complaint), decision, complaint.slaDays ?? DEFAULT_SLA_DAYS, now);
    const event = chainEvent({ complaintId: complaint.id, eventCount: complaint.eventCount, lastEventHash: complaint.lastEventHash }, {
      type: decision.eventType,
      actorRole: 'citizen',
      actorId: complaint.citizenId,
      visibility: decision.visibility,
      payload: eventPayload(action, attachments.length),
      createdAt: now,
    });
    await this.complaints.applyTransition(
      tx,
      complaint.id,
      {
        state: decision.state,
        escalationLevel: decision.escalationLevel,
        outcome: decision.reopened ? null : complaint.outcome,
        closedAt: decision.closes ? now : decision.reopened ? null : complaint.closedAt,
        updatedAt: now,
        eventCount: event.seq,
        lastEventHash: event.hash,
        resolvedAt: decision.reopened ? null : complaint.resolvedAt,
        feedbackRating: action.type === 'feedback' ? (action.rating ?? null) : complaint.feedbackRating,
        // A reopened complaint starts a fresh clock, so its reminders start over too.
        ...slaColumns(ref.calendar, clock, decision.state, decision.reopened ? 0 : complaint.slaAlarmsSent, {
          resolvedAt: complaint.resolvedAt,
          policy: this.feedbackPolicy,
        }),
      },
      event,
    );
    if (attachments.length > 0) await insertAttachments(tx, attachments.map((p) => ({ ...p, complaintId: complaint.id, eventSeq: event.seq, createdAt: now })), this.storage);
    // The office hears of every citizen action; notification delivery is the outbox job's work.
    await insertOutbox(tx, [{ topic: `complaint.${decision.eventType}`, complaintId: complaint.id, payload: { complaintId: complaint.id, seq: event.seq } }]);
    return event.seq;
  }

  private async assertOwner(db: Queryable, complaint: ComplaintRecord, proof: CitizenProof): Promise<void> {
    if (typeof proof === 'string' || 'secret' in proof) {
      if (!secretMatches(complaint, typeof proof === 'string' ? proof : proof.secret)) throw citizenSecretInvalid();
      return;
    }
    // The number is compared through its blind index: another number can never answer for someone's complaint.
    const contacts = 'sender' in proof ? { phone: proof.sender.phone, email: null } : proof.contacts;
    if (!(await this.complaints.citizenMatches(db, complaint.citizenId, contacts))) throw complaintNotYours();
  }
}

// Whitespace passes a JSON schema's minLength; an answer of only spaces says nothing, so refuse it.
function blankField(action: CitizenAction): string | null {
  if (action.type === 'provide_information' && action.text.trim() === '') return 'text';
  if (action.type === 'contest' && action.reason.trim() === '') return 'reason';
  return null;
}

function canonicalCode(input: string): string {
  const code = parseTrackingCode(input);
  if (!code) throw invalidTrackingCode(input);
  return code;
}

// The secret is compared by hash in constant time, so response timing reveals nothing about it.
function secretMatches(complaint: ComplaintRecord, secret: string): boolean {
  const hash = createHash('sha256').update(secret).digest();
  return hash.length === complaint.citizenSecretHash.length && timingSafeEqual(hash, complaint.citizenSecretHash);
}

function toCommand(action: CitizenAction): LifecycleCommand {
  switch (action.type) {
    case 'provide_information':
      return { type: 'provide_information' };
    case 'withdraw':
      return { type: 'withdraw', ...(action.reason !== undefined && { reason: action.reason }) };
    case 'feedback':
      return { type: 'feedback', satisfied: action.satisfied, ...(action.reason !== undefined && { reason: action.reason }) };
    case 'contest':
      return { type: 'contest', reason: action.reason };
  }
}

function eventPayload(action: CitizenAction, attachments: number): Record<string, unknown> {
  switch (action.type) {
    case 'provide_information':
      return { text: action.text.trim(), attachments };
    case 'withdraw':
      return action.reason ? { reason: action.reason.trim() } : {};
    case 'feedback':
      return {
        satisfied: action.satisfied,
        ...(action.reason ? { reason: action.reason.trim() } : {}),
        ...(action.rating !== undefined ? { rating: action.rating } : {}),
        ...(action.comment ? { comment: action.comment.trim() } : {}),
      };
    case 'contest':
      return { reason: action.reason.trim() };
  }
}
