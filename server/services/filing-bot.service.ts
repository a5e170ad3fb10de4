import { buildCatalogue, type Catalogue } from '../domain/filing-bot/catalogue.js';
import { step, wantsMedia, type BotAttachment, type BotContext, type BotEvent, type ChannelTraits, type ConfirmedComplaint, type Conversation, type Effect } from '../domain/filing-bot/conversation.js';
import type { Prompt } from '../domain/filing-bot/prompts.js';
import type { ComplaintState } from '../domain/lifecycle/states.js';
import { zoneForNumber } from '../domain/time/citizen-time.js';
import { AppError, RetryLaterError } from '../errors.js';
import type { BotChannel, BotConversationRepository } from '../store/bot-conversation.repository.js';
import type { Queryable } from '../store/db.js';
import type { ComplaintRepository } from '../store/complaint.repository.js';
import { preparePhotos, prepareVoiceNote } from './attachment.service.js';
import type { ComplaintIntakeService, SubmitComplaintInput } from './complaint-intake.service.js';
import type { ComplaintService } from './complaint.service.js';
import type { ReferenceData, ReferenceDataService } from './reference-data.service.js';
import { statusReply, unknownCodeReply } from './whatsapp-replies.js';

/** Who a turn is for: the sender's number (their contact on the complaint, and their proof for feedback) and where. */
export interface BotParty {
  channel: BotChannel;
  phone: string;
  conversationId: string;
  /** The provider's key of the message being answered: the filing's idempotency key, so a retried turn files once. */
  messageKey: string;
}

/** The outcome of a turn: the state to keep and the replies to send, in order. */
export interface BotTurnResult {
  conversation: Conversation;
  replies: Prompt[];
  /** What happened, in words without personal data. */
  what: string;
}

/** Settings of the bot: where to point citizens, file limits, how long a conversation may be left. */
export interface FilingBotOptions {
  publicUrl: string;
  helpline: string | null;
  maxAttachments: number;
  maxBytes: number;
  timeoutHours: number;
}

/** WhatsApp: lists of 9 rows and a paging row (Meta allows 10), files and shared locations, any message starts. */
const TRAITS: Record<BotChannel, ChannelTraits> = {
  whatsapp: { pageSize: 9, media: true, shareLocation: true, startOn: 'any', numbered: false, previewChars: 300 },
  // SMS: short numbered menus (every 67 Urdu characters is another part), help unless COMPLAINT/SHIKAYAT is sent.
  sms: { pageSize: 6, media: false, shareLocation: false, startOn: 'keyword', numbered: true, previewChars: 80 },
};

/**
 * Runs the filing conversation (domain/filing-bot) for the channels: gives it the catalogue and places, carries out
 * its effects (files the complaint through intake, records feedback through the citizen's own action path, looks up
 * a status) and feeds their results back. The conversation's storage and delivery are the caller's (bot-turns.ts).
 */
export class FilingBotService {
  private cached: { ref: ReferenceData; catalogue: Catalogue } | null = null;

  constructor(
    private readonly reference: ReferenceDataService,
    private readonly intake: ComplaintIntakeService,
    private readonly complaintActions: ComplaintService,
    private readonly complaints: ComplaintRepository,
    private readonly store: BotConversationRepository,
    private readonly options: FilingBotOptions,
  ) {}

  /** What the conversation knows of the world, for a channel (the catalogue is rebuilt when the reference data is). */
  async context(channel: BotChannel): Promise<BotContext> {
    const ref = await this.reference.current();
    if (this.cached?.ref !== ref) this.cached = { ref, catalogue: catalogueOf(ref) };
    const { publicUrl, helpline, maxAttachments, maxBytes, timeoutHours } = this.options;
    return {
      catalogue: this.cached.catalogue,
      traits: TRAITS[channel],
      locate: (latitude, longitude) => ref.locator.locate(latitude, longitude),
      matchArea: (text) => ref.addressMatcher.match(text),
      maxAttachments,
      maxMegabytes: Math.round((maxBytes / (1024 * 1024)) * 10) / 10,
      timeoutHours,
      publicUrl,
      helpline,
    };
  }

  /**
   * Deletes files kept by conversations abandoned longer than a conversation can last (a day to spare); a
   * conversation that comes back after that has timed out and let go of them anyway. Returns how many.
   */
  async pruneFiles(q: Queryable, now = new Date()): Promise<number> {
    return this.store.pruneMedia(q, new Date(now.getTime() - (this.options.timeoutHours + 24) * 3_600_000));
  }

  /** Whether a file sent now should be fetched (see domain wantsMedia). */
  async wantsMedia(conversation: Conversation, channel: BotChannel, now: Date): Promise<'yes' | 'too_many' | 'no'> {
    return wantsMedia(conversation, await this.context(channel), now);
  }

  /**
   * Checks a fetched file as a photo (re-encoded) or a voice note (Ogg Opus, comment header emptied) and keeps it for
   * the conversation; the event says it was kept, or why not.
   */
  async keepFile(q: Queryable, party: BotParty, kind: BotAttachment['kind'], data: Buffer, index: number, caption: string | null): Promise<BotEvent> {
    try {
      const file =
        kind === 'photo'
          ? (await preparePhotos([{ filename: `photo-${index + 1}`, data: data.toString('base64') }], '/media', this.options.maxBytes)).attachments[0]
          : await prepareVoiceNote(data, '/media', this.options.maxBytes, index);
      if (!file) return { type: 'media_refused', reason: 'unreadable' };
      return { type: 'media', attachment: await this.store.keepMedia(q, party.channel, party.conversationId, kind, file), caption };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { type: 'media_refused', reason: error.code === 'attachment_too_large' ? 'too_large' : error.code === 'attachment_unreadable' ? 'unreadable' : 'type' };
    }
  }

  /** Handles one event of a conversation and carries out what it asks for. */
  async turn(q: Queryable, conversation: Conversation, event: BotEvent, party: BotParty, now: Date): Promise<BotTurnResult> {
    const ctx = await this.context(party.channel);
    const first = step(conversation, event, ctx, now);
    await this.store.deleteMedia(q, party.conversationId, first.discard);
    if (!first.effect) return { conversation: first.conversation, replies: first.replies, what: `bot: ${first.what}` };
    if (first.effect.type === 'status') {
      const { text, what } = await this.status(q, first.effect.code, first.effect.language, party.phone);
      return { conversation: first.conversation, replies: [{ kind: 'text', text }, ...first.replies], what };
    }
    const result = await this.carryOut(q, first.effect, party, now);
    const second = step(first.conversation, result, ctx, now);
    await this.store.deleteMedia(q, party.conversationId, second.discard);
    return { conversation: second.conversation, replies: second.replies, what: `bot: ${first.what}, ${result.type.replace('_', ' ')}` };
  }

  private async carryOut(q: Queryable, effect: Exclude<Effect, { type: 'status' }>, party: BotParty, now: Date): Promise<BotEvent> {
    return effect.type === 'file' ? this.file(q, effect.complaint, party, now) : this.feedback(effect, party, now);
  }

  /** The public state of a complaint, its time in the asker's own zone (their number's country's; Pakistan time otherwise). */
  private async status(q: Queryable, code: string, language: Conversation['language'], asker: string): Promise<{ text: string; what: string }> {
    const complaint = await this.complaints.findByCode(q, code);
    if (!complaint) return { text: unknownCodeReply(language, code), what: 'status of an unknown code' };
    const trackingUrl = `${this.options.publicUrl}/api/v1/complaints/${complaint.code}`;
    return { text: statusReply(language, complaint.code, complaint.state as ComplaintState, complaint.updatedAt, trackingUrl, zoneForNumber(asker) ?? undefined), what: 'status' };
  }

  /**
   * Files the confirmed complaint through intake, as the web does, with the sender's number as its contact. The
   * message's key is the idempotency key: a turn retried after a crash finds the complaint it already filed.
   */
  private async file(q: Queryable, complaint: ConfirmedComplaint, party: BotParty, now: Date): Promise<BotEvent> {
    const { place } = complaint;
    const input: SubmitComplaintInput = {
      categoryId: complaint.categoryId,
      description: complaint.description,
      language: complaint.language,
      channel: party.channel,
      contact: { phone: party.phone },
      ...(place.kind === 'area' && {
        location: { areaId: place.areaId, ...(place.latitude !== null && place.longitude !== null && { latitude: place.latitude, longitude: place.longitude }), ...(place.address && { address: place.address }) },
      }),
    };
    const ids = complaint.attachments.map((a) => a.id);
    const files = await this.store.media(q, party.conversationId, ids);
    try {
      // The bot's own reply carries the tracking code, so the outbox does not send a second acknowledgement.
      const result = await this.intake.submit(input, `${party.channel}:${party.messageKey}`, now, null, files, party.channel);
      await this.store.deleteMedia(q, party.conversationId, ids);
      return { type: 'filed', code: result.code };
    } catch (error) {
      if (error instanceof RetryLaterError) return { type: 'filing_refused', reason: 'limit' };
      if (error instanceof AppError && error.status < 500) return { type: 'filing_refused', reason: 'invalid' };
      throw error;
    }
  }

  /** Records the citizen's answer through the same action the web uses; the sender's number is the proof. */
  private async feedback(effect: Extract<Effect, { type: 'feedback' }>, party: BotParty, now: Date): Promise<BotEvent> {
    const { code, satisfied, reason } = effect;
    try {
      await this.complaintActions.act(code, { sender: { channel: party.channel, phone: party.phone } }, { type: 'feedback', satisfied, ...(reason && { reason }) }, now);
      return { type: 'feedback_recorded', code, satisfied };
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      if (error.code === 'complaint_not_found') return { type: 'feedback_refused', code, reason: 'not_found' };
      if (error.code === 'complaint_not_yours') return { type: 'feedback_refused', code, reason: 'not_yours' };
      return { type: 'feedback_refused', code, reason: 'not_now' };
    }
  }
}

/** The bot's catalogue from a reference data snapshot. */
function catalogueOf(ref: ReferenceData): Catalogue {
  return buildCatalogue({
    categories: [...ref.categories.values()].map((c) => ({ id: c.id, departmentId: c.departmentId, group: c.group, name: c.name, keywords: c.keywords })),
    departments: [...ref.departments.values()].map((d) => ({ id: d.id, name: d.name })),
    areas: [...ref.areas.values()].map((a) => ({ id: a.id, name: a.name, level: a.level, parentId: a.parentId })),
  });
}
