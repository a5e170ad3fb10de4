import { suggestCategories, type Catalogue } from './catalogue.js';
import { keywordOf, parseFeedbackId, parseFeedbackWords, saysDone, saysYes, statusRequest } from './keywords.js';
import { scriptLanguage, storable, type BotLanguage } from './language.js';
import { optionIds, placeWords, promptFor, type Prompt } from './prompts.js';
import { say } from './strings.js';

/**
 * The filing conversation, the same on every channel: a state machine over (conversation, event) that answers with
 * prompts and, where the world must change, one effect (file the complaint, record feedback, look up a status) whose
 * result comes back as another event. Pure: no clock but the `now` given, no I/O.
 */

/** Where the conversation is. */
export type Step = 'idle' | 'language' | 'category' | 'departments' | 'categories' | 'description' | 'location' | 'districts' | 'media' | 'confirm' | 'feedback_reason';

/** Every step. */
export const STEPS: readonly Step[] = ['idle', 'language', 'category', 'departments', 'categories', 'description', 'location', 'districts', 'media', 'confirm', 'feedback_reason'];
/** Steps of filing a complaint (the ones a cancel or a time-out throws away). */
export const FILING_STEPS: readonly Step[] = ['category', 'departments', 'categories', 'description', 'location', 'districts', 'media', 'confirm'];

/** Where the problem is: a district or tehsil (with the shared point or the words that named it), or not given. */
export type Place = { kind: 'area'; areaId: string; latitude: number | null; longitude: number | null; address: string | null } | { kind: 'skipped' };

/** A photo or voice note the channel has already fetched, checked and kept for this conversation. */
export interface BotAttachment {
  id: string;
  kind: 'photo' | 'voice_note';
}

/** The answers so far. */
export interface Answers {
  categoryId: string | null;
  description: string | null;
  place: Place | null;
  attachments: BotAttachment[];
  /** True once the citizen said they have no more photos (or the most were sent). */
  mediaDone: boolean;
  /** The citizen's own words that the category was looked up by (offered as the description). */
  draft: string | null;
}

/** A conversation's state, as it is kept between messages. */
export interface Conversation {
  step: Step;
  language: BotLanguage;
  /** True once the citizen chose a language or wrote in a script that tells it. */
  languageChosen: boolean;
  answers: Answers;
  /** Categories suggested from the citizen's words (the category step offers them). */
  suggestions: string[];
  departmentId: string | null;
  /** Page of the list being browsed. */
  page: number;
  /** Ids of the options last offered, in order: a numbered SMS answer is read against these. */
  menu: string[];
  /** The step to go back to after choosing a language or giving a feedback reason. */
  resume: Step | null;
  /** The complaint whose "not satisfied" reason is awaited. */
  feedbackCode: string | null;
  /** When the last message was handled (ISO), for the time-out. */
  updatedAt: string | null;
}

/** Why a file the citizen sent was not kept. */
export type MediaProblem = 'type' | 'too_large' | 'unreadable' | 'unavailable' | 'too_many';

/** What happened: something the citizen sent, or the result of an effect. */
export type BotEvent =
  | { type: 'text'; text: string }
  | { type: 'choice'; id: string }
  | { type: 'location'; latitude: number; longitude: number; label: string | null }
  | { type: 'media'; attachment: BotAttachment; caption: string | null }
  | { type: 'media_refused'; reason: MediaProblem }
  | { type: 'unsupported' }
  | { type: 'filed'; code: string }
  | { type: 'filing_refused'; reason: 'limit' | 'invalid' }
  | { type: 'feedback_recorded'; code: string; satisfied: boolean }
  | { type: 'feedback_refused'; code: string; reason: 'not_yours' | 'not_found' | 'not_now' };

/** A complaint the citizen confirmed: everything the intake needs from the conversation. */
export interface ConfirmedComplaint {
  categoryId: string;
  description: string;
  place: Place;
  attachments: BotAttachment[];
  language: BotLanguage;
}

/** What the service must do for the conversation to go on; its result is fed back as an event (status excepted). */
export type Effect =
  | { type: 'status'; code: string; language: BotLanguage }
  | { type: 'file'; complaint: ConfirmedComplaint }
  | { type: 'feedback'; code: string; satisfied: boolean; reason: string | null };

/** How a channel differs: list page size, whether it carries files and shared locations, how filing starts. */
export interface ChannelTraits {
  /** Options per list page before the paging row (WhatsApp: 9, so a list never has more than 10 rows). */
  pageSize: number;
  media: boolean;
  shareLocation: boolean;
  /** 'any': any message starts filing (WhatsApp); 'keyword': only COMPLAINT/SHIKAYAT does (SMS, where help is the default). */
  startOn: 'any' | 'keyword';
  /** Options are answered by number (SMS). */
  numbered: boolean;
  /** Characters of the description shown in the summary. */
  previewChars: number;
}

/** What the conversation needs to know of the world: the catalogue, places, limits and where to send people. */
export interface BotContext {
  catalogue: Catalogue;
  traits: ChannelTraits;
  /** The district a point lies in, or null outside the province. */
  locate(latitude: number, longitude: number): string | null;
  /** The district or tehsil some words name, or null. */
  matchArea(text: string): string | null;
  maxAttachments: number;
  maxMegabytes: number;
  timeoutHours: number;
  publicUrl: string;
  helpline: string | null;
}

/** The answer to one event: the new state, what to say, and what the service must do. */
export interface Turn {
  conversation: Conversation;
  replies: Prompt[];
  effect: Effect | null;
  /** Kept files the conversation let go of (cancelled, timed out): the service deletes them. */
  discard: string[];
  /** What happened, in words without personal data (for the inbound message's outcome). */
  what: string;
}

const DESCRIPTION_MIN = 10;
const DESCRIPTION_MAX = 5000;
const ADDRESS_MAX = 500;
const REASON_MAX = 2000;
const SUGGESTIONS = 2;

const emptyAnswers = (): Answers => ({ categoryId: null, description: null, place: null, attachments: [], mediaDone: false, draft: null });

/** A conversation that has never been used. */
export function newConversation(language: BotLanguage = 'en', languageChosen = false): Conversation {
  return { step: 'idle', language, languageChosen, answers: emptyAnswers(), suggestions: [], departmentId: null, page: 0, menu: [], resume: null, feedbackCode: null, updatedAt: null };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length <= 300).slice(0, 40) : []);

function restorePlace(v: unknown): Place | null {
  if (!isObj(v)) return null;
  if (v.kind === 'skipped') return { kind: 'skipped' };
  const coordinate = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
  return v.kind === 'area' && typeof v.areaId === 'string' ? { kind: 'area', areaId: v.areaId, latitude: coordinate(v.latitude), longitude: coordinate(v.longitude), address: text(v.address, ADDRESS_MAX) } : null;
}

/**
 * A conversation as it was saved, read back field by field; anything missing or of another shape (a saved state
 * from an older version) falls back to a fresh start rather than failing the citizen's next message.
 */
export function restoreConversation(saved: unknown, language: BotLanguage): Conversation {
  if (!isObj(saved) || !STEPS.includes(saved.step as Step) || !isObj(saved.answers)) return newConversation(language, false);
  const a = saved.answers;
  const attachments = Array.isArray(a.attachments) ? a.attachments.filter((x): x is BotAttachment => isObj(x) && typeof x.id === 'string' && (x.kind === 'photo' || x.kind === 'voice_note')) : [];
  const lang = ['en', 'ur', 'ps'].includes(saved.language as string) ? (saved.language as BotLanguage) : language;
  return {
    step: saved.step as Step,
    language: lang,
    languageChosen: saved.languageChosen === true,
    answers: { categoryId: text(a.categoryId, 200), description: text(a.description, DESCRIPTION_MAX), place: restorePlace(a.place), attachments, mediaDone: a.mediaDone === true, draft: text(a.draft, DESCRIPTION_MAX) },
    suggestions: strings(saved.suggestions),
    departmentId: text(saved.departmentId, 200),
    page: typeof saved.page === 'number' && Number.isInteger(saved.page) && saved.page >= 0 ? saved.page : 0,
    menu: strings(saved.menu),
    resume: STEPS.includes(saved.resume as Step) ? (saved.resume as Step) : null,
    feedbackCode: text(saved.feedbackCode, 20),
    updatedAt: typeof saved.updatedAt === 'string' && !Number.isNaN(Date.parse(saved.updatedAt)) ? saved.updatedAt : null,
  };
}

/** Idle again, keeping only the citizen's language. */
const idle = (c: Conversation): Conversation => ({ ...newConversation(c.language, c.languageChosen), updatedAt: c.updatedAt });

/** What handling an event decided, before the prompt is added. */
interface Outcome {
  c: Conversation;
  notes: string[];
  effect?: Effect;
  discard?: string[];
}

const stay = (c: Conversation, ...notes: string[]): Outcome => ({ c, notes });
const isFiling = (step: Step) => FILING_STEPS.includes(step);
const isExpired = (c: Conversation, ctx: BotContext, now: Date) => c.step !== 'idle' && c.updatedAt !== null && now.getTime() - Date.parse(c.updatedAt) > ctx.timeoutHours * 3_600_000;

/**
 * Whether a file the citizen sends now would be kept: 'yes' fetches it, 'too_many' refuses it without fetching,
 * 'no' means the conversation has no place for it (the channel carries none, or a reason is awaited).
 */
export function wantsMedia(c: Conversation, ctx: BotContext, now: Date): 'yes' | 'too_many' | 'no' {
  const current = isExpired(c, ctx, now) ? idle(c) : c;
  if (!canKeepFiles(current, ctx)) return 'no';
  return current.answers.attachments.length >= ctx.maxAttachments ? 'too_many' : 'yes';
}

/** Handles one event: the next state, the replies, and at most one effect. */
export function step(previous: Conversation, event: BotEvent, ctx: BotContext, now: Date): Turn {
  const expired = isExpired(previous, ctx, now);
  const c = expired ? idle(previous) : previous;
  const outcome = handle(c, storableEvent(event), ctx);
  if (expired) {
    outcome.notes.unshift(say(c.language, 'expired', { hours: ctx.timeoutHours }));
    outcome.discard = [...previous.answers.attachments.map((a) => a.id), ...(outcome.discard ?? [])];
  }
  return finish(previous, outcome, ctx, now);
}

/** The event with the citizen's words made storable (they may end up in the complaint as they are). */
function storableEvent(event: BotEvent): BotEvent {
  if (event.type === 'text') return { ...event, text: storable(event.text) };
  if (event.type === 'media' && event.caption !== null) return { ...event, caption: storable(event.caption) };
  if (event.type === 'location' && event.label !== null) return { ...event, label: storable(event.label) };
  return event;
}

function finish(previous: Conversation, outcome: Outcome, ctx: BotContext, now: Date): Turn {
  const c = { ...outcome.c, updatedAt: now.toISOString() };
  const { effect = null } = outcome;
  const what = `${previous.step} → ${c.step}${effect ? ` (${effect.type})` : ''}`;
  // A filing or feedback effect answers through its result event; a status request is answered by the service first.
  if (effect && effect.type !== 'status') return { conversation: { ...c, menu: [] }, replies: [], effect, discard: outcome.discard ?? [], what };
  if (effect?.type === 'status') {
    const reminder = c.step === 'idle' ? [] : [{ kind: 'text' as const, text: [...outcome.notes, say(c.language, 'reminder')].join('\n\n') }];
    return { conversation: c, replies: reminder, effect, discard: outcome.discard ?? [], what };
  }
  const prompt = promptFor(c, ctx);
  const notes = outcome.notes.length > 0 || prompt ? outcome.notes : [say(c.language, ctx.traits.startOn === 'any' ? 'start_any' : 'start_keyword')];
  const text = [...notes, ...(prompt ? [prompt.text] : [])].join('\n\n');
  const reply: Prompt = prompt ? { ...prompt, text } : { kind: 'text', text };
  return { conversation: { ...c, menu: optionIds(prompt) }, replies: [reply], effect: null, discard: outcome.discard ?? [], what };
}

function handle(c: Conversation, event: BotEvent, ctx: BotContext): Outcome {
  switch (event.type) {
    case 'filed':
      return { c: idle(c), notes: [say(c.language, 'filed', { code: event.code, url: `${ctx.publicUrl}/api/v1/complaints/${event.code}` })] };
    case 'filing_refused':
      return filingRefused(c, event.reason, ctx);
    case 'feedback_recorded':
      return { c: afterFeedback(c), notes: [say(c.language, event.satisfied ? 'feedback_closed' : 'feedback_reopened', { code: event.code })] };
    case 'feedback_refused':
      return { c: afterFeedback(c), notes: [say(c.language, `feedback_${event.reason}`, { code: event.code })] };
    case 'choice':
      return globalChoice(c, event.id, ctx) ?? byStep(c, event, ctx);
    case 'text':
      return globalText(c, event.text, ctx) ?? byStep(c, event, ctx);
    case 'media':
      // A file the conversation has no place for (no files on this channel, a reason awaited) is let go of at once.
      if (!canKeepFiles(c, ctx)) return { ...byStep(c, { type: 'unsupported' }, ctx), discard: [event.attachment.id] };
      return byStep(c, event, ctx);
    default:
      return byStep(c, event, ctx);
  }
}

const canKeepFiles = (c: Conversation, ctx: BotContext) => ctx.traits.media && (c.step === 'idle' ? ctx.traits.startOn === 'any' : c.step === 'language' || isFiling(c.step));

function filingRefused(c: Conversation, reason: 'limit' | 'invalid', ctx: BotContext): Outcome {
  const discard = c.answers.attachments.map((a) => a.id);
  if (reason === 'invalid') return { c: startFiling(idle(c), ctx, null), notes: [say(c.language, 'filing_invalid')], discard };
  const call = ctx.helpline ? say(c.language, 'call_helpline', { helpline: ctx.helpline }) : '';
  return { c: idle(c), notes: [say(c.language, 'filing_limit', { call })], discard };
}

const afterFeedback = (c: Conversation): Conversation => (c.step === 'feedback_reason' ? { ...c, step: c.resume ?? 'idle', resume: null, feedbackCode: null } : c);

/** Choices that mean the same at every step: feedback buttons, language, cancel and start over. */
function globalChoice(c: Conversation, id: string, ctx: BotContext): Outcome | null {
  const feedback = parseFeedbackId(id);
  if (feedback) return feedbackGiven(c, feedback.code, feedback.satisfied, null);
  const language = /^lang:(en|ur|ps)$/.exec(id)?.[1] as BotLanguage | undefined;
  if (language) return chooseLanguage(c, language, ctx);
  if (id === 'cancel') return cancel(c);
  if (id === 'restart') return restart(c, ctx);
  return null;
}

/** Words that mean the same at every step: feedback, status, numbered answers, and the keywords. */
function globalText(c: Conversation, text: string, ctx: BotContext): Outcome | null {
  const feedback = parseFeedbackWords(text);
  if (feedback) {
    // Answered in the script the feedback was written in, unless a filing in a chosen language is under way.
    const script = scriptLanguage(text);
    const inLanguage = script && (c.step === 'idle' || !c.languageChosen) ? { ...c, language: script } : c;
    return feedbackGiven(inLanguage, feedback.code, feedback.satisfied, feedback.reason);
  }
  const status = statusRequest(text, c.step === 'description' || c.step === 'media' || c.step === 'feedback_reason');
  // The answer is in the script the question was written in (Urdu, Pashto); else in the language chosen; else English.
  if (status?.code) return { c, notes: [], effect: { type: 'status', code: status.code, language: scriptLanguage(text) ?? (c.languageChosen ? c.language : 'en') } };
  if (status) return stay(c, say(c.language, 'status_without_code'));
  const number = ctx.traits.numbered && c.menu.length > 0 ? /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text) : null;
  if (number) {
    const id = c.menu[Number(number[1]) - 1];
    return id ? (globalChoice(c, id, ctx) ?? byStep(c, { type: 'choice', id }, ctx)) : stay(c, say(c.language, 'choose_option'));
  }
  const keyword = keywordOf(text);
  if (!keyword) return null;
  switch (keyword.keyword) {
    case 'cancel':
      return cancel(c);
    case 'restart':
      return restart(c, ctx);
    case 'language': {
      // A reason being awaited is given up: the feedback buttons can be used again.
      const back = c.step === 'language' ? c.resume : resumable(c);
      return { c: { ...c, step: 'language', resume: back === 'language' ? null : back, feedbackCode: null }, notes: [] };
    }
    case 'help':
      return stay(c, help(c, ctx));
    case 'start': {
      if (c.step !== 'idle') return stay(c, say(c.language, 'already_filing'));
      const language = keyword.language ?? scriptLanguage(text);
      return begin(language ? { ...c, language, languageChosen: true } : c, ctx, null);
    }
  }
}

/** The step to come back to after an interruption (a language choice, a feedback reason). */
const resumable = (c: Conversation): Step | null => {
  if (c.step === 'feedback_reason') return c.resume;
  // A language question that started the filing is itself where to come back to.
  if (c.step === 'language') return c.resume ?? 'language';
  return c.step === 'idle' ? null : c.step;
};

function help(c: Conversation, ctx: BotContext): string {
  const call = ctx.helpline ? say(c.language, 'call_helpline', { helpline: ctx.helpline }) : '';
  return say(c.language, ctx.traits.startOn === 'keyword' && c.step === 'idle' ? 'sms_help' : 'help', { url: ctx.publicUrl, call });
}

function cancel(c: Conversation): Outcome {
  return { c: idle(c), notes: [say(c.language, 'cancelled')], discard: c.answers.attachments.map((a) => a.id) };
}

function restart(c: Conversation, ctx: BotContext): Outcome {
  return { c: begin(idle(c), ctx, null).c, notes: [say(c.language, 'restarted')], discard: c.answers.attachments.map((a) => a.id) };
}

function feedbackGiven(c: Conversation, code: string, satisfied: boolean, reason: string | null): Outcome {
  if (satisfied || reason) return { c, notes: [], effect: { type: 'feedback', code, satisfied, reason: satisfied ? null : (reason?.slice(0, REASON_MAX) ?? null) } };
  return { c: { ...c, step: 'feedback_reason', feedbackCode: code, resume: resumable(c) }, notes: [] };
}

function chooseLanguage(c: Conversation, language: BotLanguage, ctx: BotContext): Outcome {
  const chosen = { ...c, language, languageChosen: true };
  if (c.step !== 'language') return stay(chosen);
  if (c.resume) return stay({ ...chosen, step: c.resume, resume: null });
  return { c: startFiling(chosen, ctx, chosen.answers.draft), notes: welcome(language, ctx) };
}

/** The first filing step, with the citizen's first words (if any) looked up for categories. */
function startFiling(c: Conversation, ctx: BotContext, words: string | null): Conversation {
  const suggestions = words ? suggestCategories(words, ctx.catalogue, SUGGESTIONS) : [];
  return { ...c, step: 'category', resume: null, suggestions, answers: { ...c.answers, draft: words } };
}

// SMS goes without the greeting: every 67 Urdu characters is another part, and the menu says how to answer.
const welcome = (language: BotLanguage, ctx: BotContext): string[] => (ctx.traits.numbered ? [] : [say(language, 'welcome')]);

/** Starts filing from idle: the language question when the language is not known yet, else the category. */
function begin(c: Conversation, ctx: BotContext, words: string | null): Outcome {
  if (!c.languageChosen) return stay({ ...c, step: 'language', resume: null, answers: { ...c.answers, draft: words } });
  return { c: startFiling(c, ctx, words), notes: welcome(c.language, ctx) };
}

type CitizenEvent = Exclude<BotEvent, { type: 'filed' | 'filing_refused' | 'feedback_recorded' | 'feedback_refused' }>;

function byStep(c: Conversation, event: CitizenEvent, ctx: BotContext): Outcome {
  switch (c.step) {
    case 'idle':
      return fromIdle(c, event, ctx);
    case 'language':
      return languageStep(c, event, ctx);
    case 'feedback_reason':
      return reasonStep(c, event);
    default:
      return filingStep(c, event, ctx);
  }
}

function fromIdle(c: Conversation, event: CitizenEvent, ctx: BotContext): Outcome {
  const text = event.type === 'text' ? event.text : null;
  if (ctx.traits.startOn === 'keyword') {
    const language = text ? (scriptLanguage(text) ?? 'en') : c.language;
    return stay(c, help({ ...c, language }, ctx));
  }
  const detected = text ? scriptLanguage(text) : null;
  const started = detected ? { ...c, language: detected, languageChosen: true } : c;
  const begun = begin(started, ctx, text ? text.trim().slice(0, DESCRIPTION_MAX) : null);
  // A photo, voice note or location sent first is kept for the complaint being started.
  if (event.type === 'media' || event.type === 'location') return withFiling(begun, (f) => filingStep(f, event, ctx));
  return begun;
}

/** Applies a handler to a just-started conversation, keeping the welcome notes. */
function withFiling(started: Outcome, next: (c: Conversation) => Outcome): Outcome {
  const more = next(started.c);
  return { ...more, c: started.c.step === 'language' ? { ...more.c, step: 'language' } : more.c, notes: [...started.notes, ...more.notes] };
}

function languageStep(c: Conversation, event: CitizenEvent, ctx: BotContext): Outcome {
  if (event.type === 'text') {
    const named = /^\s*(english|angrezi|انگریزی)\s*$/i.test(event.text) ? 'en' : /^\s*(urdu|اردو)\s*$/i.test(event.text) ? 'ur' : /^\s*(pashto|pushto|پښتو|پشتو)\s*$/i.test(event.text) ? 'ps' : null;
    const language = named ?? scriptLanguage(event.text);
    if (language) return chooseLanguage(c, language, ctx);
  }
  if (event.type === 'media' || event.type === 'location') {
    const kept = filingStep({ ...c, step: 'category' }, event, ctx);
    return { ...kept, c: { ...kept.c, step: 'language' } };
  }
  return stay(c, say(c.language, 'choose_option'));
}

function reasonStep(c: Conversation, event: CitizenEvent): Outcome {
  const reason = event.type === 'text' ? event.text.trim() : '';
  if (reason.length >= 3 && c.feedbackCode) return { c, notes: [], effect: { type: 'feedback', code: c.feedbackCode, satisfied: false, reason: reason.slice(0, REASON_MAX) } };
  return stay(c, say(c.language, 'feedback_reason_short'));
}

/** The first unanswered question of filing. */
function next(c: Conversation, ctx: BotContext, ...notes: string[]): Outcome {
  const a = c.answers;
  const step: Step = !a.categoryId ? 'category' : !a.description ? 'description' : !a.place ? 'location' : ctx.traits.media && !a.mediaDone ? 'media' : 'confirm';
  return { c: { ...c, step, page: 0 }, notes };
}

const answer = (c: Conversation, change: Partial<Answers>): Conversation => ({ ...c, answers: { ...c.answers, ...change } });

function filingStep(c: Conversation, event: CitizenEvent, ctx: BotContext): Outcome {
  switch (event.type) {
    case 'location':
      return located(c, event, ctx);
    case 'media':
      return mediaKept(c, event, ctx);
    case 'media_refused':
      return stay(c, mediaProblem(c.language, event.reason, ctx));
    case 'unsupported':
      return stay(c, say(c.language, 'unsupported'));
    case 'text':
      return filingText(c, event.text, ctx);
    case 'choice':
      return filingChoice(c, event.id, ctx);
  }
}

function mediaProblem(language: BotLanguage, reason: MediaProblem, ctx: BotContext): string {
  return say(language, `media_${reason}`, { max: reason === 'too_many' ? ctx.maxAttachments : ctx.maxMegabytes });
}

function mediaKept(c: Conversation, event: Extract<BotEvent, { type: 'media' }>, ctx: BotContext): Outcome {
  // The same file twice (a message handled again) is kept once.
  if (c.answers.attachments.some((a) => a.id === event.attachment.id)) return stay(c, say(c.language, 'media_kept', { count: c.answers.attachments.length }));
  if (c.answers.attachments.length >= ctx.maxAttachments) return { ...stay(c, mediaProblem(c.language, 'too_many', ctx)), discard: [event.attachment.id] };
  const kept = answer(c, { attachments: [...c.answers.attachments, event.attachment] });
  const count = kept.answers.attachments.length;
  const caption = event.caption?.trim() ?? '';
  if (c.step === 'description' && !c.answers.description) {
    // A voice note can be the whole description (for those who do not write); a photo's caption can too.
    const description = event.attachment.kind === 'voice_note' ? say(c.language, 'voice_description') : caption.length >= DESCRIPTION_MIN ? caption.slice(0, DESCRIPTION_MAX) : null;
    if (description) return next(answer(kept, { description }), ctx, say(c.language, 'media_kept', { count }));
  }
  if (c.step === 'media') {
    if (count >= ctx.maxAttachments) return next(answer(kept, { mediaDone: true }), ctx, say(c.language, 'media_kept', { count }), mediaProblem(c.language, 'too_many', ctx));
    return stay(kept, say(c.language, 'media_received', { count, button: say(c.language, 'btn_continue') }));
  }
  return stay(kept, say(c.language, 'media_kept', { count }));
}

function located(c: Conversation, event: Extract<BotEvent, { type: 'location' }>, ctx: BotContext): Outcome {
  const areaId = ctx.locate(event.latitude, event.longitude);
  const asking = c.step === 'location' || c.step === 'districts';
  if (!areaId) return asking ? { c: { ...c, step: 'districts', page: 0 }, notes: [say(c.language, 'location_outside')] } : stay(c, say(c.language, 'location_outside'));
  const place: Place = { kind: 'area', areaId, latitude: event.latitude, longitude: event.longitude, address: event.label?.slice(0, ADDRESS_MAX) ?? null };
  return placed(c, place, ctx);
}

/** A place was given: noted, and the conversation moves on if it was the question (else it stays where it was). */
function placed(c: Conversation, place: Place, ctx: BotContext): Outcome {
  const withPlace = answer(c, { place });
  const note = place.kind === 'area' ? [say(c.language, 'location_noted', { place: placeWords(place, ctx, c.language) })] : [];
  return c.step === 'location' || c.step === 'districts' ? next(withPlace, ctx, ...note) : stay(withPlace, ...note);
}

function filingText(c: Conversation, text: string, ctx: BotContext): Outcome {
  const trimmed = text.trim();
  switch (c.step) {
    case 'category':
    case 'departments':
    case 'categories':
      return search(c, trimmed, ctx);
    case 'description':
      if (trimmed.length < DESCRIPTION_MIN) return stay(c, say(c.language, 'description_short'));
      return next(answer(c, { description: trimmed.slice(0, DESCRIPTION_MAX) }), ctx);
    case 'location':
    case 'districts': {
      if (saysDone(trimmed)) return placed(c, { kind: 'skipped' }, ctx);
      const areaId = ctx.matchArea(trimmed);
      if (areaId) return placed(c, { kind: 'area', areaId, latitude: null, longitude: null, address: trimmed.slice(0, ADDRESS_MAX) }, ctx);
      return { c: { ...c, step: 'districts', page: 0 }, notes: [say(c.language, 'area_not_found')] };
    }
    case 'media': {
      if (saysDone(trimmed)) return next(answer(c, { mediaDone: true }), ctx);
      // More words after the description belong to it.
      const description = `${c.answers.description ?? ''}\n${trimmed}`.slice(0, DESCRIPTION_MAX);
      return stay(answer(c, { description }), say(c.language, 'added_to_description'));
    }
    case 'confirm':
      return saysYes(trimmed) ? confirm(c, ctx) : stay(c, say(c.language, 'choose_option'));
    default:
      return stay(c, say(c.language, 'choose_option'));
  }
}

/** Looks the citizen's words up among the categories: suggestions when some fit, else the departments to browse. */
function search(c: Conversation, words: string, ctx: BotContext): Outcome {
  const suggestions = suggestCategories(words, ctx.catalogue, SUGGESTIONS);
  const withDraft = answer(c, { draft: words.slice(0, DESCRIPTION_MAX) });
  if (suggestions.length > 0) return stay({ ...withDraft, step: 'category', suggestions, page: 0 });
  return { c: { ...withDraft, step: 'departments', suggestions: [], page: 0 }, notes: [say(c.language, 'no_match')] };
}

function confirm(c: Conversation, ctx: BotContext): Outcome {
  const { categoryId, description, place, attachments } = c.answers;
  // Only a complete complaint is filed: anything missing sends the citizen back to that question.
  if (!categoryId || !description || !place || !ctx.catalogue.category.has(categoryId)) return next(answer(c, { categoryId: categoryId && ctx.catalogue.category.has(categoryId) ? categoryId : null }), ctx);
  return { c, notes: [], effect: { type: 'file', complaint: { categoryId, description, place, attachments, language: c.language } } };
}

function filingChoice(c: Conversation, id: string, ctx: BotContext): Outcome {
  const [kind, value = ''] = id.split(/:(.*)/s) as [string, string | undefined];
  const browsing = c.step === 'category' || c.step === 'departments' || c.step === 'categories';
  if (browsing && kind === 'cat' && ctx.catalogue.category.has(value)) return next(answer({ ...c, suggestions: [] }, { categoryId: value }), ctx);
  if (browsing && id === 'browse') return stay({ ...c, step: 'departments', page: 0 });
  if (browsing && kind === 'dept' && ctx.catalogue.department.has(value)) return stay({ ...c, step: 'categories', departmentId: value, page: 0 });
  if ((c.step === 'departments' || c.step === 'categories' || c.step === 'districts') && kind === 'page' && /^\d{1,3}$/.test(value)) return stay({ ...c, page: Number(value) });
  if (c.step === 'description' && id === 'use_draft' && (c.answers.draft?.trim().length ?? 0) >= DESCRIPTION_MIN) return next(answer(c, { description: (c.answers.draft ?? '').trim() }), ctx);
  if ((c.step === 'location' || c.step === 'districts') && id === 'skip') return placed(c, { kind: 'skipped' }, ctx);
  if (c.step === 'location' && id === 'districts') return stay({ ...c, step: 'districts', page: 0 });
  if ((c.step === 'location' || c.step === 'districts') && kind === 'area' && ctx.catalogue.area.has(value)) return placed(c, { kind: 'area', areaId: value, latitude: null, longitude: null, address: null }, ctx);
  if (c.step === 'media' && id === 'continue') return next(answer(c, { mediaDone: true }), ctx);
  if (c.step === 'confirm' && id === 'submit') return confirm(c, ctx);
  return stay(c, say(c.language, 'choose_option'));
}
