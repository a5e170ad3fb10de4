import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PESHAWAR, SMS_TRAITS, WHATSAPP_TRAITS, seedBotContext } from '../../../test/helpers/bot-context.js';
import { FILING_STEPS, STEPS, newConversation, restoreConversation, step, type BotContext, type BotEvent, type Conversation, type Turn } from './conversation.js';
import { optionIds, type Prompt } from './prompts.js';

const contexts = { whatsapp: seedBotContext(WHATSAPP_TRAITS, { maxAttachments: 3 }), sms: seedBotContext(SMS_TRAITS) };
const CODES = ['KP-BPGT-FC6A', 'KP-ZF32-57RC'];

/** What a sane conversation never is; empty when it is fine. */
function problems(c: Conversation, ctx: BotContext): string[] {
  const found: string[] = [];
  const a = c.answers;
  const check = (ok: boolean, what: string) => ok || found.push(what);
  check(STEPS.includes(c.step), `unknown step ${c.step}`);
  check(['en', 'ur', 'ps'].includes(c.language), 'unknown language');
  if (c.step === 'idle') check(a.categoryId === null && a.description === null && a.place === null && a.attachments.length === 0 && c.feedbackCode === null, 'idle with answers');
  const after = (s: string) => FILING_STEPS.indexOf(c.step) >= FILING_STEPS.indexOf(s as never);
  if (after('description')) check(a.categoryId !== null && ctx.catalogue.category.has(a.categoryId), 'past the category without one');
  if (after('location')) check(a.description !== null && a.description.trim().length >= 10 && a.description.length <= 5000, 'past the description without one');
  if (after('media')) check(a.place !== null, 'past the place without one');
  if (c.step === 'confirm' && ctx.traits.media) check(a.mediaDone, 'at the summary before the files');
  if (c.step === 'categories') check(ctx.catalogue.department.has(c.departmentId ?? ''), 'browsing no department');
  if (c.step === 'feedback_reason') check(c.feedbackCode !== null, 'a reason for no complaint');
  if (c.resume !== null) check(c.resume !== 'feedback_reason' && c.resume !== 'idle' && (c.resume !== 'language' || c.step === 'feedback_reason'), `resumes ${c.resume} from ${c.step}`);
  if (a.place?.kind === 'area') check(ctx.catalogue.area.has(a.place.areaId), 'an unknown place');
  check(a.attachments.length <= ctx.maxAttachments, 'too many files');
  check(new Set(a.attachments.map((x) => x.id)).size === a.attachments.length, 'a file twice');
  check(!ctx.traits.media ? a.attachments.length === 0 : true, 'files on a channel without them');
  return found;
}

/** What a prompt never is, on any channel: more than WhatsApp can show, or options that cannot be told apart. */
function promptProblems(prompt: Prompt): string[] {
  const ids = optionIds(prompt);
  const found: string[] = [];
  if (prompt.text.trim() === '') found.push('says nothing');
  if (new Set(ids).size !== ids.length) found.push('an option twice');
  if (prompt.kind === 'buttons' && (ids.length < 1 || ids.length > 3)) found.push(`${ids.length} buttons`);
  if (prompt.kind === 'list') {
    if (ids.length < 1 || ids.length > 10) found.push(`${ids.length} rows`);
    if (prompt.sections.length > 10 || prompt.sections.some((s) => s.title.trim() === '' || s.options.length === 0)) found.push('a bad section');
  }
  return found;
}

/** An event the citizen might send, drawn partly from what they were just offered. */
const citizenEvent = (menu: string[]) =>
  fc.oneof(
    { weight: 5, arbitrary: menu.length > 0 ? fc.constantFrom(...menu).map((id): BotEvent => ({ type: 'choice', id })) : fc.constant<BotEvent>({ type: 'text', text: 'hello' }) },
    { weight: 2, arbitrary: fc.nat({ max: 12 }).map((n): BotEvent => ({ type: 'text', text: String(n) })) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          'hi',
          'garbage not collected',
          'the street light is broken since last week',
          'ہماری گلی میں کوڑا نہیں اٹھایا گیا',
          'زموږ په کوڅه کې اوبه نشته',
          'Peshawar',
          'nowhere land',
          'cancel',
          'restart',
          'help',
          'language',
          'complaint',
          'done',
          'yes',
          'skip',
          `status ${CODES[0]}`,
          'status',
          `NO ${CODES[1]}`,
          `YES ${CODES[0]}`,
          `no ${CODES[1]} still broken`,
          'ok',
        )
        .map((text): BotEvent => ({ type: 'text', text })),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((text): BotEvent => ({ type: 'text', text })) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('browse', 'skip', 'continue', 'submit', 'cancel', 'restart', 'use_draft', 'districts', 'lang:ur', 'page:1', 'page:7', 'cat:garbage-not-collected', 'dept:health', 'area:kp.mardan.swabi', `feedback:satisfied:${CODES[0]}`, `feedback:not_satisfied:${CODES[1]}`, 'callback_data')
        .map((id): BotEvent => ({ type: 'choice', id })),
    },
    { weight: 1, arbitrary: fc.constantFrom(PESHAWAR, { latitude: 37.46, longitude: -122.21 }).map((p): BotEvent => ({ type: 'location', ...p, label: null })) },
    { weight: 2, arbitrary: fc.tuple(fc.uuid(), fc.constantFrom('photo' as const, 'voice_note' as const), fc.option(fc.string({ maxLength: 30 }))).map(([id, kind, caption]): BotEvent => ({ type: 'media', attachment: { id, kind }, caption })) },
    { weight: 1, arbitrary: fc.constantFrom<BotEvent>({ type: 'media_refused', reason: 'type' }, { type: 'media_refused', reason: 'too_large' }, { type: 'unsupported' }) },
  );

/** The result the service could give an effect. */
function resultOf(turn: Turn, pick: number): BotEvent | null {
  const effect = turn.effect;
  if (!effect || effect.type === 'status') return null;
  if (effect.type === 'file') return [{ type: 'filed', code: CODES[0] } as const, { type: 'filing_refused', reason: 'limit' } as const, { type: 'filing_refused', reason: 'invalid' } as const][pick % 3] as BotEvent;
  const refusals = ['not_yours', 'not_found', 'not_now'] as const;
  return pick % 2 === 0 ? { type: 'feedback_recorded', code: effect.code, satisfied: effect.satisfied } : { type: 'feedback_refused', code: effect.code, reason: refusals[pick % 3] as (typeof refusals)[number] };
}

/** A scripted run: each step an event chosen against the current menu, a gap in minutes, and an effect result pick. */
const script = fc.array(fc.tuple(fc.nat({ max: 10_000 }), fc.constantFrom(1, 1, 1, 5, 60, 1500), fc.nat({ max: 5 }), fc.integer()), { minLength: 1, maxLength: 40 });

/**
 * Plays a script on a channel, checking every turn with `check`. Events are drawn from a seeded stream so they
 * can depend on the menu of the moment.
 */
function run(channel: 'whatsapp' | 'sms', steps: [number, number, number, number][], check: (before: Conversation, event: BotEvent, turn: Turn, ctx: BotContext, gapMinutes: number) => void): void {
  const ctx = contexts[channel];
  let c = newConversation();
  let now = Date.parse('2025-03-01T09:00:00Z');
  for (const [, gap, pick, seed] of steps) {
    now += gap * 60_000;
    const [event] = fc.sample(citizenEvent(c.menu), { seed, numRuns: 1 }) as [BotEvent];
    const turn = step(c, event, ctx, new Date(now));
    check(c, event, turn, ctx, gap);
    c = turn.conversation;
    const result = resultOf(turn, pick);
    if (result) {
      const settled = step(c, result, ctx, new Date(now));
      check(c, result, settled, ctx, 0);
      c = settled.conversation;
    }
  }
}

describe('the filing conversation, whatever is sent in whatever order', () => {
  for (const channel of ['whatsapp', 'sms'] as const) {
    it(`never reaches an invalid state, answers every message, and offers only what ${channel} can show (${channel})`, () => {
      fc.assert(
        fc.property(script, (steps) =>
          run(channel, steps, (_before, _event, turn, ctx) => {
            expect(problems(turn.conversation, ctx)).toEqual([]);
            // Every message gets an answer, now or through its effect's result.
            expect(turn.replies.length > 0 || turn.effect !== null).toBe(true);
            for (const reply of turn.replies) expect(promptProblems(reply)).toEqual([]);
            if (!turn.effect) expect(turn.conversation.menu).toEqual(optionIds(turn.replies[0] ?? null));
          }),
        ),
        { numRuns: 300 },
      );
    });
  }

  it('keeps only words PostgreSQL can store, whatever was written', () => {
    const ctx = contexts.whatsapp;
    const start = step(step(newConversation(), { type: 'text', text: 'hi' }, ctx, new Date()).conversation, { type: 'choice', id: 'lang:en' }, ctx, new Date());
    const atDescription = step(start.conversation, { type: 'choice', id: 'cat:garbage-not-collected' }, ctx, new Date()).conversation;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 12, maxLength: 80 }), (words) => {
        const turn = step(atDescription, { type: 'text', text: `${words} and more words` }, ctx, new Date());
        const kept = turn.conversation.answers.description ?? '';
        expect(kept.includes(String.fromCharCode(0))).toBe(false);
        // Well formed: it survives a round trip through UTF-8 unchanged.
        expect(Buffer.from(kept, 'utf8').toString('utf8')).toBe(kept);
      }),
    );
  });

  it('files only a complete complaint: a known category, a real description, a place answered, files within the limit', () => {
    fc.assert(
      fc.property(script, (steps) =>
        run('whatsapp', steps, (before, _event, turn, ctx) => {
          if (turn.effect?.type !== 'file') return;
          expect(before.step).toBe('confirm');
          const { complaint } = turn.effect;
          expect(ctx.catalogue.category.has(complaint.categoryId)).toBe(true);
          expect(complaint.description.trim().length).toBeGreaterThanOrEqual(10);
          expect(complaint.description.length).toBeLessThanOrEqual(5000);
          expect(complaint.place.kind === 'skipped' || ctx.catalogue.area.has(complaint.place.areaId)).toBe(true);
          expect(complaint.attachments.length).toBeLessThanOrEqual(ctx.maxAttachments);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('never forgets a kept file: each one leaves the conversation only to be filed or discarded', () => {
    fc.assert(
      fc.property(script, (steps) => {
        let filing: string[] = [];
        run('whatsapp', steps, (before, event, turn) => {
          const kept = new Set(turn.conversation.answers.attachments.map((a) => a.id));
          if (turn.effect?.type === 'file') filing = turn.effect.complaint.attachments.map((a) => a.id);
          const gone = before.answers.attachments.map((a) => a.id).filter((id) => !kept.has(id));
          const accounted = new Set([...turn.discard, ...(event.type === 'filed' ? filing : [])]);
          for (const id of gone) expect(accounted.has(id)).toBe(true);
          // A file refused for being one too many is let go of at once.
          if (event.type === 'media' && !kept.has(event.attachment.id)) expect(turn.discard).toContain(event.attachment.id);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('cancel and restart always work, from wherever the conversation is', () => {
    fc.assert(
      fc.property(script, fc.constantFrom('whatsapp' as const, 'sms' as const), fc.constantFrom('cancel', 'CANCEL', 'منسوخ', 'restart'), fc.boolean(), (steps, channel, word, asChoice) => {
        run(channel, steps, (_before, _event, turn, ctx) => {
          const c = turn.conversation;
          const event: BotEvent = asChoice ? { type: 'choice', id: word === 'restart' ? 'restart' : 'cancel' } : { type: 'text', text: word };
          const after = step(c, event, ctx, new Date(Date.parse(c.updatedAt ?? '2025-03-01T09:00:00Z') + 60_000));
          expect(after.effect).toBeNull();
          expect(after.discard.sort()).toEqual(c.answers.attachments.map((a) => a.id).sort());
          expect(after.conversation.answers).toMatchObject({ categoryId: null, description: null, place: null, attachments: [] });
          if (word === 'restart') expect(['category', 'language']).toContain(after.conversation.step);
          else expect(after.conversation.step).toBe('idle');
        });
      }),
      { numRuns: 100 },
    );
  });

  it('starts over after a day away: nothing from before is filed', () => {
    fc.assert(
      fc.property(script, (steps) =>
        run('whatsapp', steps, (before, event, turn, ctx, gap) => {
          if (gap <= ctx.timeoutHours * 60 || before.step === "idle") return;
          expect(turn.effect?.type === 'file').toBe(false);
          if (event.type !== 'media') expect(turn.conversation.answers.attachments).toEqual([]);
          expect(turn.discard).toEqual(expect.arrayContaining(before.answers.attachments.map((a) => a.id)));
        }),
      ),
      { numRuns: 200 },
    );
  });
});

describe('a saved conversation read back', () => {
  it('is always a conversation the bot can go on with, whatever was stored', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('en' as const, 'ur' as const, 'ps' as const), (saved, language) => {
        const c = restoreConversation(saved, language);
        expect(STEPS).toContain(c.step);
        expect(() => step(c, { type: 'text', text: 'hello' }, contexts.whatsapp, new Date())).not.toThrow();
      }),
    );
  });

  it('reads back exactly what was saved', () => {
    fc.assert(
      fc.property(script, (steps) =>
        run('whatsapp', steps, (_before, _event, turn) => {
          expect(restoreConversation(JSON.parse(JSON.stringify(turn.conversation)), 'en')).toEqual(turn.conversation);
        }),
      ),
      { numRuns: 100 },
    );
  });
});
