import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, chainEvent } from '../domain/audit/event-hash.js';
import { parseCnic, parsePhone, type ParsedPhone } from '../domain/contact.js';
import { parseTimeZone } from '../domain/time/citizen-time.js';
import { checkAttributeValues } from '../domain/intake/category-attributes.js';
import { decide, type LifecycleCommand } from '../domain/lifecycle/index.js';
import type { BusinessCalendar } from '../domain/sla/business-calendar.js';
import { startClock } from '../domain/sla/sla-clock.js';
import { generateTrackingCode } from '../domain/tracking-code.js';
import { randomBytesPooled } from '../random.js';
import type { GeoPoint } from '../domain/geo/photo-location.js';
import { idempotencyKeyReused, invalidFields, submissionRefused, type FieldProblem } from '../errors.js';
import type { AbuseService } from './abuse.service.js';
import type { Db } from '../store/db.js';
import type { Logger } from '../logger.js';
import { screen } from '../ai/abuse/screen.js';
import { IdempotencyKeyTaken, type CitizenRow, type EventRow, type IntakeWriter, type NewComplaint } from '../store/complaint-intake.repository.js';
import type { ComplaintRepository } from '../store/complaint.repository.js';
import type { CategoryRecord } from '../store/reference.repository.js';
import { preparePhotos, type PhotoInput, type PreparedAttachment } from './attachment.service.js';
import type { ComplaintView } from './complaint.service.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';
import { slaColumns } from './sla.service.js';
import { resolveArea } from './location.js';

/** What a citizen (or an agent on their behalf) submits; already schema-validated. */
export interface SubmitComplaintInput {
  categoryId: string;
  description: string;
  location?: { areaId?: string; latitude?: number; longitude?: number; address?: string };
  contact?: { name?: string; phone?: string; email?: string; cnic?: string };
  language?: 'en' | 'ur' | 'ps';
  /** The citizen's own time zone (IANA, e.g. Asia/Dubai), for the times in their messages; SLA deadlines stay in Pakistan time. */
  timeZone?: string;
  anonymous?: boolean;
  photos?: PhotoInput[];
  /** Keep the photos' GPS position (stripped by default), and locate the complaint by it when no place was given. */
  keepPhotoLocation?: boolean;
  /** How it arrived: the public API offers web and mobile; agents and channel adapters file with their own. */
  channel?: 'web' | 'mobile' | 'whatsapp' | 'sms' | 'email' | 'phone' | 'letter' | 'open311';
  /** The web form's honeypot: hidden from people, so only a bot fills it in (HONEYPOT_FIELD). */
  officeUse?: string;
  /** What a channel adapter knows of the submission (e.g. the Open311 client and its media_url), kept on the internal record of the submitted event. */
  channelDetails?: Record<string, string>;
  /** Answers to the category's extra fields, by field code (see domain/intake/category-attributes.ts); checked here. */
  attributes?: Record<string, unknown>;
}

/** The intake agent who took a complaint down for a caller or from a letter, and at which desk. */
export interface FiledBy {
  agentId: string;
  desk: 'helpline' | 'letter_diary';
}

/** How a complaint is prepared: the client's address (abuse limits), who filed it for the citizen, extra checked files. */
export interface PrepareOptions {
  clientIp?: string | null;
  filedBy?: FiledBy | null;
  /** Files already checked by the caller (a letter's scanned pages), attached to the submitted event like photos. */
  attachments?: PreparedAttachment[];
  /** A letter may come with only a name and a postal address: the office answers it by post, so no phone or e-mail is required. */
  contactOptional?: boolean;
  /** The submission limits were applied by the caller, or staff lifted them (a held e-mail released for filing). */
  limitsApplied?: boolean;
  /** Send to triage with this reason whatever the place (a channel's category guess a person should confirm). */
  triageReason?: string;
  /** Why the category was chosen (the routing model's version and confidence), kept on the internal routing event. */
  routingDetails?: Record<string, unknown>;
  /**
   * The channel answers the citizen itself (an e-mail reply in the citizen's thread, the bot's message with the code):
   * the outbox does not acknowledge again.
   */
  answeredOnChannel?: 'email' | 'whatsapp' | 'sms';
}

/**
 * Channels whose client shows the category's form, so its required extra fields must be answered: the web and mobile
 * apps, and Open311 clients (which read the service definition). A letter, a call, a chat message or an e-mail is
 * taken as it comes: what it gives is checked, what it lacks the office can ask for (request information).
 */
const FORM_CHANNELS = new Set<SubmitComplaintInput['channel']>(['web', 'mobile', 'open311']);

/** Name of the honeypot field of the submission form: hidden from people; a value in it means a bot. */
export const HONEYPOT_FIELD = 'officeUse';

/** The answer to a submission: the tracking code, the citizen's capability secret, and (when new) what was written. */
export interface SubmitResult {
  code: string;
  citizenSecret: string;
  replayed: boolean;
  /** The complaint as written, so the answer needs no second read; null for a replay. */
  view: ComplaintView | null;
}

type Routing = { command: LifecycleCommand; departmentId: string; areaId: string | null; officeId: string | null; details?: Record<string, unknown> };

/** Takes new complaints in: validates what the schema cannot, routes, and writes with group commit. */
export class ComplaintIntakeService {
  constructor(
    private readonly db: Db,
    private readonly reference: ReferenceDataService,
    private readonly complaints: ComplaintRepository,
    private readonly writer: IntakeWriter,
    private readonly limits: { attachmentMaxBytes: number },
    private readonly abuse: AbuseService,
    private readonly urgency: UrgencyGuesser | null = null,
    private readonly log: Logger | null = null,
  ) {}

  /**
   * Files a complaint; with an Idempotency-Key, a repeat of the same request returns the first complaint. `clientIp`
   * is the client's address when its network has not been counted yet (see AbuseService.checkSubmission).
   * `attachments` are files a channel has already checked (the WhatsApp bot's photos and voice notes).
   */
  async submit(
    input: SubmitComplaintInput,
    idempotencyKey: string | null,
    now = new Date(),
    clientIp: string | null = null,
    attachments: PreparedAttachment[] = [],
    answeredOnChannel?: PrepareOptions['answeredOnChannel'],
  ): Promise<SubmitResult> {
    // A bot: refused before anything is read or written, with an answer that does not say why.
    if (input.officeUse?.trim()) throw submissionRefused();
    const requestHash = idempotencyKey ? createHash('sha256').update(canonicalJson(input)).digest() : null;
    if (idempotencyKey && requestHash) {
      const earlier = await this.replay(idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    const { plan, citizenSecret, ref } = await this.prepare(input, { clientIp, attachments, ...(answeredOnChannel && { answeredOnChannel }) }, now);
    if (idempotencyKey && requestHash) plan.idempotency = { key: idempotencyKey, requestHash, citizenSecret };
    try {
      await this.writer.write(plan);
    } catch (error) {
      // A concurrent request with the same key won the race: answer with its complaint.
      if (error instanceof IdempotencyKeyTaken && idempotencyKey && requestHash) {
        const earlier = await this.replay(idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      throw error;
    }
    return this.resultOf(plan, citizenSecret, ref, now);
  }

  /**
   * Checks, routes and plans a complaint without writing it: for desks that write it together with their own rows in
   * one transaction (the letter diary, the helpline; see IntakeDeskService).
   */
  async prepare(input: SubmitComplaintInput, options: PrepareOptions, now: Date): Promise<{ plan: NewComplaint; citizenSecret: string; ref: ReferenceData }> {
    const { clientIp = null, filedBy = null, attachments = [], contactOptional = false, limitsApplied = false, triageReason, answeredOnChannel, routingDetails = {} } = options;
    if (input.officeUse?.trim()) throw submissionRefused();
    const ref = await this.reference.current();
    const category = ref.categories.get(input.categoryId);
    const problems: FieldProblem[] = [];
    if (!category) problems.push({ pointer: '/categoryId', detail: `unknown category "${input.categoryId}"; see GET /api/v1/categories` });
    if (input.description.trim().length < 10) problems.push({ pointer: '/description', detail: 'describe the problem in at least 10 characters' });
    const areaId = resolveArea(input.location, ref, problems);
    const contact = this.resolveContact(input, problems, contactOptional);
    const attributes = category ? checkAttributeValues(category.attributes, input.attributes, { requireAll: FORM_CHANNELS.has(input.channel ?? 'web') }) : null;
    if (attributes && !attributes.ok) problems.push(...attributes.problems.map(({ pointer, detail }) => ({ pointer, detail })));
    if (problems.length > 0 || !category || !attributes?.ok) throw invalidFields('The complaint cannot be accepted as sent.', problems);
    // Counted once the submission is known to be valid, before the costly part (photos) and the write. An agent's
    // filing is not counted: the limits and the daily cap are on online filing, and the helpline is where a citizen
    // refused by them is sent.
    if (!filedBy && !limitsApplied) await this.abuse.checkSubmission(this.abuse.identities(contact.phone?.e164 ?? null, contact.email), clientIp);
    const photos = await preparePhotos(input.photos ?? [], '/photos', this.limits.attachmentMaxBytes, input.keepPhotoLocation ?? false);
    const placed = placeFromPhoto(input, areaId, photos.location, ref);
    const citizenSecret = `cs_${randomBytesPooled(24).toString('base64url')}`;
    const routing = { ...(triageReason ? { command: { type: 'send_to_triage' as const, reason: triageReason }, departmentId: category.departmentId, areaId: placed.areaId, officeId: null } : route(category, placed.areaId, ref)), details: routingDetails };
    const plan = this.plan(placed.input, category, routing, contact, [...photos.attachments, ...attachments], citizenSecret, ref.calendar, now, filedBy);
    // The answers live on the complaint (sealed by the store, like the address), never in an event.
    plan.complaint.attributes = Object.keys(attributes.values).length > 0 ? attributes.values : null;
    Object.assign(plan.complaint, await this.urgencyColumns(plan.complaint.description));
    if (answeredOnChannel) for (const row of plan.outbox) row.payload = { ...row.payload, answeredOnChannel };
    return { plan, citizenSecret, ref };
  }

  /** The urgency model's guess for a description; nulls without a model, and when guessing fails (logged): intake goes on. */
  private async urgencyColumns(description: string): Promise<Pick<NewComplaint['complaint'], 'urgency' | 'urgencyConfidence'>> {
    if (!this.urgency) return { urgency: null, urgencyConfidence: null };
    try {
      const guess = await this.urgency.label(description);
      return guess ? { urgency: guess.label, urgencyConfidence: guess.confidence } : { urgency: null, urgencyConfidence: null };
    } catch (error) {
      this.log?.error({ err: error }, 'the urgency model could not guess; the complaint is filed without an urgency');
      return { urgency: null, urgencyConfidence: null };
    }
  }

  /** The answer to a submission once its plan is written. */
  resultOf(plan: NewComplaint, citizenSecret: string, ref: ReferenceData, now: Date): SubmitResult {
    const complaint = {
      ...plan.complaint,
      escalationLevel: 0,
      outcome: null,
      updatedAt: now,
      closedAt: null,
      masterComplaintId: null,
      slaBudgetMinutes: plan.complaint.slaBudgetMinutes ?? null,
      slaStartedAt: plan.complaint.slaStartedAt ?? null,
      slaConsumedMinutes: 0,
      slaPausedAt: null,
      slaAlarmAt: plan.complaint.slaAlarmAt ?? null,
      slaAlarmsSent: 0,
      resolvedAt: null,
      feedbackRating: null,
      assignedOfficerId: null,
      attributes: plan.complaint.attributes ?? null,
    };
    return { code: complaint.code, citizenSecret, replayed: false, view: { complaint, events: plan.events.filter((e) => e.visibility === 'public'), ref, owner: false } };
  }

  private async replay(key: string, requestHash: Buffer): Promise<SubmitResult | null> {
    const earlier = await this.complaints.findIdempotencyKey(this.db, key);
    if (!earlier) return null;
    if (!earlier.requestHash.equals(requestHash)) throw idempotencyKeyReused();
    return { code: earlier.code, citizenSecret: earlier.citizenSecret ?? '', replayed: true, view: null };
  }

  private resolveContact(input: SubmitComplaintInput, problems: FieldProblem[], contactOptional: boolean): Contact {
    const phone = input.contact?.phone ? parsePhone(input.contact.phone) : null;
    if (input.contact?.phone && !phone) problems.push({ pointer: '/contact/phone', detail: 'not a valid phone number; include the country code if outside Pakistan' });
    const email = input.contact?.email?.trim() || null;
    if (!input.anonymous && !contactOptional && !phone && !email && !input.contact?.phone) {
      problems.push({ pointer: '/contact', detail: 'give a phone number or an e-mail address so the office can reach you, or file anonymously' });
    }
    const cnic = input.contact?.cnic?.trim() ? parseCnic(input.contact.cnic) : null;
    if (input.contact?.cnic?.trim() && !cnic) problems.push({ pointer: '/contact/cnic', detail: 'not a CNIC; write its 13 digits, e.g. 17301-1234567-1' });
    const name = input.contact?.name?.trim() || null;
    const timeZone = input.timeZone === undefined ? null : parseTimeZone(input.timeZone);
    if (input.timeZone !== undefined && !timeZone) problems.push({ pointer: '/timeZone', detail: 'not a time zone; give an IANA name such as Asia/Dubai or Europe/London' });
    return { phone, email, name, cnic, timeZone };
  }

  private plan(
    input: PlacedInput,
    category: CategoryRecord,
    routing: Routing,
    contact: Contact,
    photos: PreparedAttachment[],
    citizenSecret: string,
    calendar: BusinessCalendar,
    now: Date,
    filedBy: FiledBy | null,
  ): NewComplaint {
    // The clock runs from filing, in triage too: the province answers for a complaint from the moment it arrives.
    const clock = startClock(calendar, now, category.slaDays);
    const id = randomUUID();
    const language = input.language ?? 'ur';
    const citizen = citizenRow(contact, language, now);
    const { state, events } = intakeEvents(id, citizen?.id ?? null, input, category, routing, photos.length, now, filedBy);
    return {
      citizen,
      complaint: {
        id,
        code: generateTrackingCode(randomBytesPooled),
        state,
        departmentId: routing.departmentId,
        areaId: routing.areaId,
        officeId: routing.officeId,
        categoryId: category.id,
        citizenId: citizen?.id ?? null,
        anonymous: input.anonymous ?? false,
        channel: input.channel ?? 'web',
        language,
        description: input.description.trim(),
        address: input.location?.address?.trim() || null,
        latitude: input.location?.latitude ?? null,
        longitude: input.location?.longitude ?? null,
        citizenSecretHash: createHash('sha256').update(citizenSecret).digest(),
        slaDays: category.slaDays,
        ...slaColumns(calendar, clock, state, 0),
        createdAt: now,
        eventCount: events.length,
        lastEventHash: events[events.length - 1]?.hash ?? null,
        ...moderationColumns(input.description),
      },
      events,
      attachments: photos.map((p) => ({ ...p, complaintId: id, eventSeq: 1, createdAt: now })),
      // One outbox row per change; the delivery job decides who hears of it (the citizen's acknowledgement, the office).
      outbox: [{ topic: 'complaint.submitted', complaintId: id, payload: { complaintId: id, seq: 1, notifyCitizen: citizen?.phone != null || citizen?.email != null } }],
      idempotency: null,
    };
  }
}

/**
 * The abuse screen's verdict on a description: a flagged complaint is stored, coded and routed like any other, and
 * waits in the moderation queue (GET /api/v1/staff/moderation) for a person to clear or uphold the flag.
 */
function moderationColumns(description: string): Pick<NewComplaint['complaint'], 'moderationStatus' | 'moderationReasons' | 'moderationScore' | 'moderationConfidence'> {
  const verdict = screen(description);
  return verdict.flagged
    ? { moderationStatus: 'pending', moderationReasons: verdict.reasons, moderationScore: verdict.score, moderationConfidence: verdict.confidence }
    : { moderationStatus: 'none', moderationReasons: [], moderationScore: null, moderationConfidence: null };
}

type Contact = { phone: ParsedPhone | null; email: string | null; name: string | null; cnic: string | null; timeZone: string | null };
/** The submission with the place it will be filed under (possibly the photo's position). */
/** What guesses a complaint's urgency at intake (RouterModelService for purpose 'urgency'). */
export interface UrgencyGuesser {
  label(text: string): Promise<{ label: string; confidence: number } | null>;
}

type PlacedInput = SubmitComplaintInput & { locationFromPhoto?: boolean };

/**
 * The citizens row for the contact given, or null when the citizen gave none (anonymous, no contact). Its lookup
 * values are the ones abuse flags find the citizen by (abuse.service.ts citizenIdentities): change both together.
 */
function citizenRow(contact: Contact, language: string, now: Date): CitizenRow | null {
  if (!contact.phone && !contact.email && !contact.name && !contact.cnic) return null;
  // Clear values here; the store seals them and computes their blind indexes as it writes.
  return {
    id: randomUUID(),
    name: contact.name,
    phone: contact.phone?.e164 ?? null,
    email: contact.email,
    cnic: contact.cnic,
    address: null,
    countryCode: contact.phone?.country ?? null,
    timeZone: contact.timeZone,
    language,
    createdAt: now,
  };
}

/** The first two events of a complaint (submitted, then routed or triaged, as the lifecycle decides), chained. */
function intakeEvents(id: string, citizenId: string | null, input: PlacedInput, category: CategoryRecord, routing: Routing, attachments: number, now: Date, filedBy: FiledBy | null) {
  const decision = decide({ state: 'submitted', escalationLevel: 0 }, routing.command, { role: 'system' });
  if (!decision.ok) throw new Error(`routing refused by the lifecycle: ${decision.message}`);
  const submitted = chainEvent(
    { complaintId: id, eventCount: 0, lastEventHash: null },
    {
      type: 'submitted',
      // Taken down by an agent: the event names the agent (the timeline then says the helpline or the diary took it).
      actorRole: filedBy ? 'intake_agent' : 'citizen',
      actorId: filedBy ? filedBy.agentId : citizenId,
      visibility: 'public',
      // channelDetails are never published: the presenter shows only the fields it lists for this event.
      payload: {
        ...input.channelDetails,
        channel: input.channel ?? 'web',
        categoryId: category.id,
        attachments,
        ...(input.locationFromPhoto && { locationFromPhoto: true }),
        ...(filedBy && { takenBy: filedBy.desk, ...(citizenId && { citizenId }) }),
      },
      createdAt: now,
    },
  );
  const routed = chainEvent(
    { complaintId: id, eventCount: 1, lastEventHash: submitted.hash },
    { type: decision.eventType, actorRole: 'system', actorId: 'intake', visibility: decision.visibility, payload: routingPayload(routing), createdAt: now },
  );
  return { state: decision.state, events: [submitted, routed] as EventRow[] };
}

/**
 * When the citizen shared the photos' location and gave no area or point, the first photo's GPS position becomes
 * the complaint's point, and its district the area unless the address already named one. A position outside the
 * province is ignored (the photo may have been taken elsewhere), never an error the citizen did not make.
 */
function placeFromPhoto(input: SubmitComplaintInput, areaId: string | null, point: GeoPoint | null, ref: ReferenceData): { input: PlacedInput; areaId: string | null } {
  const given = input.location?.areaId !== undefined || input.location?.latitude !== undefined;
  if (!point || given || !input.keepPhotoLocation) return { input, areaId };
  const located = ref.locator.locate(point.latitude, point.longitude);
  if (!located) return { input, areaId };
  return { input: { ...input, location: { ...input.location, ...point }, locationFromPhoto: true }, areaId: areaId ?? located };
}

/** Category → department; area → that department's office over the area; otherwise the triage queue. */
function route(category: CategoryRecord, areaId: string | null, ref: ReferenceData): Routing {
  const departmentId = category.departmentId;
  if (!areaId) return { command: { type: 'send_to_triage', reason: 'no_location' }, departmentId, areaId, officeId: null };
  const office = ref.officeFinder.find(departmentId, areaId);
  if (!office) return { command: { type: 'send_to_triage', reason: 'no_office' }, departmentId, areaId, officeId: null };
  return { command: { type: 'route', officeId: office.id }, departmentId, areaId, officeId: office.id };
}

function routingPayload(routing: Routing): Record<string, unknown> {
  return { ...(routing.command.type === 'route' ? { officeId: routing.officeId } : { reason: (routing.command as { reason: string }).reason }), ...routing.details };
}
