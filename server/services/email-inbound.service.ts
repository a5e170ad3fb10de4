import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { OutboundChannel } from '../channels/channel.js';
import { parseMail, type InboundMail } from '../channels/email/inbound-mail.js';
import { startSmtpIntake, type SmtpIntake, type SmtpIntakeOptions } from '../channels/email/smtp-intake.js';
import type { RateLimit } from '../domain/abuse/rate-limit.js';
import { emailLookupKey } from '../domain/contact.js';
import { classifyMail } from '../domain/email/mail-kind.js';
import { chooseCategory, choiceDetails } from '../domain/intake/category-choice.js';
import { addressIn, rawHeader } from '../domain/email/raw-head.js';
import { codeInSubject, normaliseMessageId, stripQuotedReply } from '../domain/email/threading.js';
import { canReviewAbuse } from '../domain/permissions/abuse.js';
import type { StaffActor } from '../domain/permissions/jurisdiction.js';
import type { FieldCipher } from '../domain/privacy/field-cipher.js';
import { replyLanguage } from '../domain/whatsapp/bot-command.js';
import { AppError, abuseReviewForbidden, heldMailNotFound } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AttachmentStorage } from '../store/attachment.storage.js';
import { insertComplaints } from '../store/complaint-intake.repository.js';
import type { ComplaintRepository } from '../store/complaint.repository.js';
import type { Db } from '../store/db.js';
import type { EmailInboundRepository, HeldMailRecord, PendingMail, StoredMail } from '../store/email-inbound.repository.js';
import type { AbuseService } from './abuse.service.js';
import { BackgroundRounds, workThrough, type InboundRound } from './background-rounds.js';
import type { ComplaintIntakeService, SubmitComplaintInput } from './complaint-intake.service.js';
import type { ComplaintService } from './complaint.service.js';
import { keptAttachments } from './email-attachments.js';
import { addedAnswer, answerSubject, closedAnswer, filedAnswer, tooShortAnswer } from './email-replies.js';
import { trackingUrl } from './intake-desk.service.js';
import type { ReferenceDataService } from './reference-data.service.js';
import type { RouterModelService } from './router-model.service.js';

/** Minutes before each retry of an answer the SMTP relay did not take; after the last, the mail is settled without one. */
const BACKOFF_MINUTES = [1, 5, 30, 120, 720];
/** The rate counter scope of mails per sender (rate_counters.scope). */
const SENDER_SCOPE = 'email_sender';
/** Longest description or added information taken from a mail (the web form's limit). */
const TEXT_MAX = 5000;
const HELD_OVER_LIMIT = 'held for review: sender over the limit';

/** How the e-mail intake behaves (from configuration). */
export interface EmailIntakeSettings {
  /** Addresses of ours (the complaints addresses, the From of our answers): mail from them is a loop, never filed. */
  ownAddresses: string[];
  senderLimit: RateLimit | null;
  fallbackCategory: string;
  publicUrl: string;
  helpline: string | null;
  attachmentMaxBytes: number;
  attachmentMaxCount: number;
  /** Least confidence at which the routing model's category is used (EKHTYAR_ROUTING_MIN_CONFIDENCE). */
  routingMinConfidence: number;
}

/** What the intake needs besides its own repository. */
export interface EmailIntakeDeps {
  mail: EmailInboundRepository;
  intake: ComplaintIntakeService;
  complaints: ComplaintService;
  complaintRecords: ComplaintRepository;
  reference: ReferenceDataService;
  /** The routing classifier's active model, if any (without one, categories come from keywords as before). */
  routerModels: RouterModelService;
  abuse: AbuseService;
  storage: AttachmentStorage;
  cipher: FieldCipher;
}

type Tx = pg.PoolClient;
type Answer = { complaintId: string | null; code: string | null; outcome: string; text: string };

/**
 * Complaints by e-mail. `receive` stores what the SMTP server took (once per Message-ID) before the server says 250;
 * `processPending` handles what is stored, each mail locked, handled and settled in one transaction: machine mail
 * (bounces, reports, auto-replies, spam) is kept with an outcome; a person's new mail files a complaint and is answered
 * with the tracking code in their thread; a reply from the complaint's own citizen adds to it; mail over the per-sender
 * limit is held for staff. A complaint is filed in the same transaction that settles its mail, so it is filed once.
 */
export class EmailInboundService {
  private readonly rounds = new BackgroundRounds(() => this.processPending(), (error: unknown) => this.log?.error({ err: error }, 'e-mail inbound processing failed'));

  constructor(
    private readonly db: Db,
    private readonly deps: EmailIntakeDeps,
    private readonly channel: OutboundChannel | null,
    private readonly settings: EmailIntakeSettings,
    private readonly log: Logger | null,
  ) {}

  /** Stores a received mail unless its Message-ID (or, without one, its bytes) is already stored; true when it was new. */
  async receive(mail: StoredMail): Promise<boolean> {
    const messageId = normaliseMessageId(rawHeader(mail.raw, 'message-id'));
    const providerKey = messageId ?? `sha256:${createHash('sha256').update(mail.raw).digest('hex')}`;
    const sender = addressIn(rawHeader(mail.raw, 'from')) ?? (mail.envelopeFrom || null);
    return this.deps.mail.insert(this.db, providerKey, sender, mail);
  }

  /**
   * Starts the SMTP server that feeds this intake: each accepted mail is stored before the 250, then (with
   * `processOnReceipt`) handled at once in the background; otherwise the job loop picks it up.
   */
  async listen(options: SmtpIntakeOptions & { processOnReceipt: boolean }): Promise<SmtpIntake> {
    return startSmtpIntake(options, async (mail) => {
      const stored = await this.receive(mail);
      if (stored && options.processOnReceipt) this.kick();
      return stored;
    }, this.log);
  }

  /** Starts a processing round in the background (after a mail is stored). */
  kick(): void {
    this.rounds.kick();
  }

  /** Resolves when the background round has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.rounds.idle();
  }

  /** Handles what is stored and due, up to `limit` mails. */
  async processPending(now = new Date(), limit = 100): Promise<InboundRound> {
    const round: InboundRound = { processed: 0, retried: 0 };
    return workThrough(this.db, limit, round, (tx) => this.deps.mail.lockNextPending(tx, now), (tx, item) => this.handle(tx, item, now));
  }

  /** Mail held for review (over the per-sender limit), oldest first. */
  async listHeld(actor: StaffActor, limit = 100): Promise<HeldMailRecord[]> {
    this.authorise(actor);
    return this.deps.mail.listHeld(this.db, Math.min(Math.max(limit, 1), 500));
  }

  /** Lets a held mail through: it is handled at once as if just received, without the per-sender limit. */
  async release(actor: StaffActor, id: string, now = new Date()): Promise<void> {
    this.authorise(actor);
    if (!/^\d{1,18}$/.test(id) || !(await this.deps.mail.release(this.db, id, actor.id, now))) throw heldMailNotFound(id);
    this.kick();
  }

  /** Keeps a held mail as it is, never to be filed. */
  async discard(actor: StaffActor, id: string, now = new Date()): Promise<void> {
    this.authorise(actor);
    if (!/^\d{1,18}$/.test(id) || !(await this.deps.mail.discard(this.db, id, actor.id, now))) throw heldMailNotFound(id);
  }

  private async handle(tx: Tx, item: PendingMail, now: Date): Promise<keyof InboundRound> {
    let mail: InboundMail;
    try {
      mail = await parseMail(item.mail.raw, item.mail.envelopeFrom);
    } catch (error) {
      // Malformed: acknowledged (the sender's server must not retry for ever) and kept, never filed.
      this.log?.warn({ inboundId: item.id, err: { message: error instanceof Error ? error.message : String(error) } }, 'an inbound mail could not be parsed');
      return this.settle(tx, item, 'not filed: the message could not be parsed', null, null, now);
    }
    // Filed or added already, only the answer failed: send it again, do nothing twice.
    if (item.complaintId && item.outcome?.endsWith('answer pending')) return this.answerAgain(tx, item, mail, now);
    const verdict = classifyMail(mail.facts, this.settings.ownAddresses);
    if (verdict.kind !== 'person') return this.settle(tx, item, `not filed: ${verdict.kind.replace('_', ' ')} (${verdict.reason})`, null, null, now);
    if (!mail.from) return this.settle(tx, item, 'not filed: no From address to answer', null, null, now);
    const limit = this.settings.senderLimit;
    if (item.reviewStatus !== 'released' && limit && !(await this.deps.abuse.countSender(SENDER_SCOPE, mail.from, limit))) {
      await this.deps.mail.hold(tx, item.id, HELD_OVER_LIMIT, now);
      return 'processed';
    }
    const target = await this.complaintAnswered(tx, mail);
    return target ? this.addInformation(tx, item, mail, target, now) : this.file(tx, item, mail, now);
  }

  // The complaint a mail answers: a KP code in its subject, else a message of ours it replies to.
  private async complaintAnswered(tx: Tx, mail: InboundMail): Promise<{ id: string; code: string } | null> {
    const code = codeInSubject(mail.subject);
    const byCode = code ? await this.deps.complaintRecords.findByCode(tx, code) : null;
    if (byCode) return { id: byCode.id, code: byCode.code };
    const id = await this.deps.mail.complaintAnswered(tx, mail.replyTo);
    const found = id ? await this.deps.mail.complaintCode(tx, id) : null;
    return id && found ? { id, code: found } : null;
  }

  private async file(tx: Tx, item: PendingMail, mail: InboundMail, now: Date): Promise<keyof InboundRound> {
    const language = languageOf(mail);
    if (mail.text.trim().length < 10) {
      return this.answer(tx, item, mail, { complaintId: null, code: null, outcome: 'not filed: too short to be a complaint', text: tooShortAnswer(language, this.settings.publicUrl, this.settings.helpline) }, now);
    }
    const ref = await this.deps.reference.current();
    const words = `${mail.subject}\n${mail.text}`;
    const model = await this.deps.routerModels.guess(words.slice(0, TEXT_MAX), (id) => ref.categories.has(id));
    const choice = chooseCategory(model, ref.categoryMatcher.match(words), this.settings.routingMinConfidence, this.settings.fallbackCategory);
    const { categoryId } = choice;
    if (!ref.categories.has(categoryId)) {
      // A configuration mistake, not the citizen's: the mail waits, kept, until the category exists.
      this.log?.error({ category: categoryId }, 'EKHTYAR_EMAIL_FALLBACK_CATEGORY names no category; e-mail waits');
      await this.deps.mail.retryLater(tx, item.id, null, null, 'EKHTYAR_EMAIL_FALLBACK_CATEGORY names no category', new Date(now.getTime() + 3_600_000));
      return 'retried';
    }
    const files = await keptAttachments(mail.attachments, this.settings.attachmentMaxBytes, this.settings.attachmentMaxCount);
    let plan;
    try {
      plan = (await this.deps.intake.prepare(submission(item, mail, categoryId, ref.addressMatcher.match(words), choice.keywords, language), {
        attachments: files.kept,
        limitsApplied: item.reviewStatus === 'released',
        answeredOnChannel: 'email',
        ...(choice.triageReason && { triageReason: choice.triageReason }),
        routingDetails: choiceDetails(choice),
      }, now)).plan;
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      // Over the citizen limits or the daily cap (the web answers 429): kept and held for a person, never lost.
      if (error.status !== 429) return this.settle(tx, item, `not filed: ${error.code.replace(/_/g, ' ')}`, null, null, now);
      await this.deps.mail.hold(tx, item.id, `held for review: ${error.code.replace(/_/g, ' ')}`, now);
      return 'processed';
    }
    await insertComplaints(tx, [plan], this.deps.storage, this.deps.cipher);
    const { id, code } = plan.complaint;
    const placed = choice.triageReason === 'low_confidence' ? ' in triage (the routing model was not sure and no category keyword matched)' : choice.triageReason ? ' in triage (no category keyword matched)' : '';
    return this.answer(tx, item, mail, { complaintId: id, code, outcome: `filed ${code}${placed}${files.summary}`, text: filedAnswer(language, code, trackingUrl(this.settings.publicUrl, code), files.notes(language)) }, now);
  }

  private async addInformation(tx: Tx, item: PendingMail, mail: InboundMail, target: { id: string; code: string }, now: Date): Promise<keyof InboundRound> {
    const language = languageOf(mail);
    const files = await keptAttachments(mail.attachments, this.settings.attachmentMaxBytes, this.settings.attachmentMaxCount);
    const written = stripQuotedReply(mail.text).slice(0, TEXT_MAX).trim();
    const text = written || (files.kept.length > 0 ? `(${files.kept.length} file(s) sent by e-mail)` : '');
    if (text === '') return this.settle(tx, item, `not added to ${target.code}: the reply is empty`, null, null, now);
    const proof = { contacts: { phone: null, email: emailLookupKey(mail.from!) } };
    try {
      await this.deps.complaints.applyAction(tx, target.code, proof, { type: 'provide_information', text }, files.kept, now);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      // Only the citizen who filed may add to a complaint; anyone else's mail is kept and the complaint left alone.
      if (error.code === 'complaint_not_yours') return this.settle(tx, item, `not added to ${target.code}: the sender is not the complaint's citizen`, null, null, now);
      const url = trackingUrl(this.settings.publicUrl, target.code);
      return this.answer(tx, item, mail, { complaintId: null, code: target.code, outcome: `not added to ${target.code}: ${error.code.replace(/_/g, ' ')}`, text: closedAnswer(language, target.code, url) }, now);
    }
    const url = trackingUrl(this.settings.publicUrl, target.code);
    return this.answer(tx, item, mail, { complaintId: target.id, code: target.code, outcome: `added to ${target.code}${files.summary}`, text: addedAnswer(language, target.code, url, files.notes(language)) }, now);
  }

  // The answer to a mail whose complaint is written but whose answer did not go out last time.
  private async answerAgain(tx: Tx, item: PendingMail, mail: InboundMail, now: Date): Promise<keyof InboundRound> {
    const code = await this.deps.mail.complaintCode(tx, item.complaintId!);
    const outcome = item.outcome!.replace(/; answer pending$/, '');
    if (!code || !mail.from) return this.settle(tx, item, `${outcome}; not answered`, null, null, now);
    const language = languageOf(mail);
    const url = trackingUrl(this.settings.publicUrl, code);
    const text = outcome.startsWith('added') ? addedAnswer(language, code, url, []) : filedAnswer(language, code, url, []);
    return this.answer(tx, item, mail, { complaintId: item.complaintId, code, outcome, text }, now);
  }

  // Sends the answer in the citizen's thread and settles the mail; an answer the relay did not take is tried again later.
  private async answer(tx: Tx, item: PendingMail, mail: InboundMail, answer: Answer, now: Date): Promise<keyof InboundRound> {
    if (!this.channel || !mail.from) return this.settle(tx, item, `${answer.outcome}; not answered: e-mail sending is not configured (SMTP_URL)`, answer.complaintId, null, now);
    const language = languageOf(mail);
    const result = await this.channel.send({
      to: mail.from,
      subject: answerSubject(mail.subject, answer.code, language),
      text: answer.text,
      messageId: `inbound-${item.id}`,
      language,
      ...(mail.messageId && { inReplyTo: mail.messageId, references: mail.replyTo.slice(0, 20).reverse() }),
    });
    if (result.ok) return this.settle(tx, item, `${answer.outcome}; answered`, answer.complaintId, result.providerId, now);
    const wait = BACKOFF_MINUTES[item.attempts];
    if (result.retryable && wait !== undefined) {
      await this.deps.mail.retryLater(tx, item.id, answer.complaintId, `${answer.outcome}; answer pending`, withoutAddresses(result.error), new Date(now.getTime() + wait * 60_000));
      return 'retried';
    }
    return this.settle(tx, item, `${answer.outcome}; answer failed: ${withoutAddresses(result.error)}`, answer.complaintId, null, now);
  }

  private async settle(tx: Tx, item: PendingMail, outcome: string, complaintId: string | null, replyId: string | null, now: Date): Promise<'processed'> {
    await this.deps.mail.settle(tx, item.id, outcome.slice(0, 500), complaintId, replyId, now);
    return 'processed';
  }

  private authorise(actor: StaffActor): void {
    if (!canReviewAbuse(actor)) throw abuseReviewForbidden();
  }
}

// What a mail files: subject and text as the description, its sender as the contact, the district it names if any.
function submission(item: PendingMail, mail: InboundMail, categoryId: string, areaId: string | null, keywords: string[] | null, language: 'en' | 'ur'): SubmitComplaintInput {
  return {
    categoryId,
    description: [mail.subject, mail.text.trim()].filter((part) => part !== '').join('\n\n').slice(0, TEXT_MAX),
    contact: { email: mail.from!, ...(mail.fromName && { name: mail.fromName.slice(0, 200) }) },
    language,
    channel: 'email',
    ...(areaId && { location: { areaId } }),
    channelDetails: { inboundMessageId: item.id, categoryKeywords: keywords ? keywords.slice(0, 5).join(', ') : 'none' },
  };
}

// Mail in Arabic script is answered in Urdu (Pashto readers get Urdu until the answers speak Pashto); else English.
function languageOf(mail: InboundMail): 'en' | 'ur' {
  return replyLanguage(`${mail.subject}\n${mail.text}`.slice(0, 5000), 'en') === 'en' ? 'en' : 'ur';
}

// SMTP errors quote the recipient; outcomes and logs hold no addresses.
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'()]+@[^\s<>"'()]+/g, '<address>').slice(0, 300);
}
