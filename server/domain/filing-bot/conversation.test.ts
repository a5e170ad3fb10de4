import { describe, expect, it } from 'vitest';
import { PESHAWAR, SMS_TRAITS, seedBotContext } from '../../../test/helpers/bot-context.js';
import { newConversation, step, wantsMedia, type BotContext, type BotEvent, type Conversation, type Turn } from './conversation.js';
import type { Prompt } from './prompts.js';

const T0 = new Date('2025-03-01T09:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ctx = seedBotContext();
const text = (t: string): BotEvent => ({ type: 'text', text: t });
const choose = (id: string): BotEvent => ({ type: 'choice', id });
const photo = (id: string): BotEvent => ({ type: 'media', attachment: { id, kind: 'photo' }, caption: null });

/** Plays events in order (a minute apart), returning every turn. */
function play(events: BotEvent[], context: BotContext = ctx, start: Conversation = newConversation()): Turn[] {
  const turns: Turn[] = [];
  let c = start;
  events.forEach((event, i) => {
    const turn = step(c, event, context, later(i));
    turns.push(turn);
    c = turn.conversation;
  });
  return turns;
}
const last = (turns: Turn[]) => turns[turns.length - 1] as Turn;
const only = (turn: Turn): Prompt => {
  expect(turn.replies).toHaveLength(1);
  return turn.replies[0] as Prompt;
};
const ids = (prompt: Prompt) => (prompt.kind === 'buttons' ? prompt.options.map((o) => o.id) : prompt.kind === 'list' ? prompt.sections.flatMap((s) => s.options.map((o) => o.id)) : []);

/** An English conversation at the description step for "garbage not collected". */
const toDescription = () => play([text('hi'), choose('lang:en'), choose('cat:garbage-not-collected')]);

describe('starting', () => {
  it('asks for the language in all three when the first message is in Latin letters, keeping the words', () => {
    const turn = last(play([text('Garbage has not been collected in our street')]));
    expect(turn.conversation.step).toBe('language');
    const prompt = only(turn);
    expect(prompt.kind).toBe('buttons');
    expect(ids(prompt)).toEqual(['lang:en', 'lang:ur', 'lang:ps']);
    expect(prompt.text).toContain('اپنی زبان منتخب کریں');
    expect(prompt.text).toContain('خپله ژبه وټاکئ');
    // After the choice, the first words are looked up: the category is suggested straight away.
    const chosen = step(turn.conversation, choose('lang:en'), ctx, later(1));
    expect(chosen.conversation.step).toBe('category');
    expect(ids(only(chosen))).toEqual(['cat:garbage-not-collected', expect.stringMatching(/^cat:/), 'browse']);
  });

  it('takes Urdu from Urdu script and Pashto from its own letters, and asks nothing about language', () => {
    const urdu = last(play([text('ہماری گلی میں کوڑا نہیں اٹھایا گیا')]));
    expect(urdu.conversation).toMatchObject({ step: 'category', language: 'ur', languageChosen: true });
    expect(only(urdu).text).toContain('السلام علیکم');
    expect(ids(only(urdu))[0]).toBe('cat:garbage-not-collected');
    const pashto = last(play([text('زموږ په کوڅه کې خځلې نه دي راټولې شوې')]));
    expect(pashto.conversation).toMatchObject({ step: 'category', language: 'ps' });
    expect(only(pashto).text).toContain('ایا دا له دې څخه یو دی');
  });

  it('keeps a photo or a location sent before anything else for the complaint it starts', () => {
    const turns = play([photo('p1'), { type: 'location', ...PESHAWAR, label: 'Qissa Khwani' }, choose('lang:en')]);
    expect(last(turns).conversation.answers.attachments).toEqual([{ id: 'p1', kind: 'photo' }]);
    expect(last(turns).conversation.answers.place).toMatchObject({ kind: 'area', areaId: 'kp.peshawar.peshawar', address: 'Qissa Khwani' });
    expect(last(turns).conversation.step).toBe('category');
  });
});

describe('choosing the category', () => {
  it('offers the departments in lists of at most ten rows, paged, then the department’s categories grouped', () => {
    const turns = play([text('hi'), choose('lang:en'), choose('browse')]);
    const first = only(last(turns));
    expect(first.kind).toBe('list');
    expect(ids(first)).toHaveLength(10);
    expect(ids(first).at(-1)).toBe('page:1');
    // Page on until the last page offers the way back to the first.
    const seen = [...ids(first)];
    let at = last(turns);
    for (let page = 1; !ids(only(at)).includes('page:0'); page++) {
      at = step(at.conversation, choose(`page:${page}`), ctx, later(5 + page));
      expect(ids(only(at)).length).toBeLessThanOrEqual(10);
      seen.push(...ids(only(at)));
    }
    expect(new Set(seen.filter((id) => id.startsWith('dept:'))).size).toBe(ctx.catalogue.departments.length);
    const department = step(at.conversation, choose('dept:water-sanitation'), ctx, later(20));
    const list = only(department);
    expect(list.kind === 'list' && list.sections.map((s) => s.title)).toEqual(['Sewerage & drains', 'Drinking water', 'Water bills', 'More']);
    expect(ids(list).at(-1)).toBe('browse');
    const chosen = step(department.conversation, choose('cat:sewage-overflow'), ctx, later(21));
    expect(chosen.conversation).toMatchObject({ step: 'description', answers: { categoryId: 'sewage-overflow' } });
  });

  it('sends words that match no category to the department list, saying so', () => {
    const turn = last(play([text('hi'), choose('lang:en'), text('qwxz zzkj')]));
    expect(turn.conversation.step).toBe('departments');
    expect(only(turn).text).toContain('could not tell the category');
  });

  it('answers a tap on something that is not an option with the question again', () => {
    const turn = last(play([text('hi'), choose('lang:en'), choose('cat:no-such-category')]));
    expect(turn.conversation.step).toBe('category');
    expect(only(turn).text).toContain('Please choose one of the options');
  });
});

describe('describing, placing and attaching', () => {
  it('asks for more than a few letters, and offers the words the category was found by', () => {
    const turns = play([text('hi'), choose('lang:en'), text('the garbage is piling up near the mosque'), choose('cat:garbage-not-collected'), text('bad')]);
    expect(ids(only(turns[3] as Turn))).toEqual(['use_draft']);
    expect(only(last(turns)).text).toContain('at least 10 letters');
    const used = step(last(turns).conversation, choose('use_draft'), ctx, later(9));
    expect(used.conversation.answers.description).toBe('the garbage is piling up near the mosque');
    expect(used.conversation.step).toBe('location');
  });

  it('takes a voice note as the whole description', () => {
    const turns = toDescription();
    const turn = step(last(turns).conversation, { type: 'media', attachment: { id: 'v1', kind: 'voice_note' }, caption: null }, ctx, later(9));
    expect(turn.conversation.step).toBe('location');
    expect(turn.conversation.answers.description).toContain('voice note');
  });

  it('places a shared location in its district, and a point outside the province is refused for the district list', () => {
    const turns = play([text('hi'), choose('lang:en'), choose('cat:garbage-not-collected'), text('Garbage everywhere on the main road.')]);
    expect(last(turns).conversation.step).toBe('location');
    const inside = step(last(turns).conversation, { type: 'location', ...PESHAWAR, label: null }, ctx, later(9));
    expect(inside.conversation.answers.place).toEqual({ kind: 'area', areaId: 'kp.peshawar.peshawar', latitude: PESHAWAR.latitude, longitude: PESHAWAR.longitude, address: null });
    expect(only(inside).text).toContain('Place noted: Peshawar');
    expect(inside.conversation.step).toBe('media');
    // Menlo Park (the real fixture's "chosen location").
    const outside = step(last(turns).conversation, { type: 'location', latitude: 37.4611978, longitude: -122.2164385, label: 'Facebook HQ' }, ctx, later(9));
    expect(outside.conversation).toMatchObject({ step: 'districts', answers: { place: null } });
    expect(only(outside).text).toContain('outside Khyber Pakhtunkhwa');
  });

  it('lists the districts by division, nine and a paging row per page, with a row to skip', () => {
    const turns = play([text('hi'), choose('lang:en'), choose('cat:garbage-not-collected'), text('Garbage everywhere on the main road.'), choose('districts')]);
    const pages: string[][] = [];
    let c = last(turns).conversation;
    for (let page = 0; page < 10; page++) {
      const prompt = only(page === 0 ? last(turns) : step(c, choose(`page:${page}`), ctx, later(10 + page)));
      expect(ids(prompt).length).toBeLessThanOrEqual(10);
      expect(ids(prompt)).toContain('skip');
      if (prompt.kind === 'list') for (const s of prompt.sections) expect(s.title).not.toBe('');
      pages.push(ids(prompt).filter((id) => id.startsWith('area:')));
      if (ids(prompt).includes('page:0')) break;
      c = step(c, choose(`page:${page + 1}`), ctx, later(10 + page)).conversation;
    }
    expect(new Set(pages.flat()).size).toBe(ctx.catalogue.districts.length);
    const chosen = step(c, choose('area:kp.mardan.swabi'), ctx, later(30));
    expect(chosen.conversation.answers.place).toMatchObject({ kind: 'area', areaId: 'kp.mardan.swabi' });
  });

  it('reads a district written in words, and skips the place when asked', () => {
    const turns = play([text('hi'), choose('lang:en'), choose('cat:garbage-not-collected'), text('Garbage everywhere on the main road.')]);
    const named = step(last(turns).conversation, text('Mohalla Qazi Khel, Charsadda'), ctx, later(9));
    expect(named.conversation.answers.place).toMatchObject({ kind: 'area', areaId: expect.stringMatching(/^kp\.peshawar\.charsadda/), address: 'Mohalla Qazi Khel, Charsadda' });
    const skipped = step(last(turns).conversation, choose('skip'), ctx, later(9));
    expect(skipped.conversation.answers.place).toEqual({ kind: 'skipped' });
  });

  it('takes several photos up to the limit, then moves on to the summary', () => {
    const small = seedBotContext(undefined, { maxAttachments: 2 });
    const turns = play([text('hi'), choose('lang:en'), choose('cat:garbage-not-collected'), text('Garbage everywhere on the main road.'), choose('skip'), photo('a')], small);
    expect(last(turns).conversation.step).toBe('media');
    expect(only(last(turns)).text).toContain('Received (1 attached)');
    expect(wantsMedia(last(turns).conversation, small, later(9))).toBe('yes');
    const full = step(last(turns).conversation, photo('b'), small, later(9));
    expect(full.conversation.step).toBe('confirm');
    expect(wantsMedia(full.conversation, small, later(10))).toBe('too_many');
    expect(only(full).text).toContain('Files: 2 photo(s), 0 voice note(s)');
  });
});

describe('confirming', () => {
  const ready = () => play([text('hi'), choose('lang:en'), choose('cat:garbage-not-collected'), text('Garbage everywhere on the main road.'), { type: 'location', ...PESHAWAR, label: null }, photo('p1'), choose('continue')]);

  it('summarises and files the complaint with everything answered, then gives the tracking code', () => {
    const turns = ready();
    const summary = only(last(turns));
    expect(summary.text).toContain('Category: Garbage not collected');
    expect(summary.text).toContain('Place: Peshawar');
    expect(ids(summary)).toEqual(['submit', 'restart', 'cancel']);
    const submitted = step(last(turns).conversation, choose('submit'), ctx, later(20));
    expect(submitted.replies).toEqual([]);
    expect(submitted.effect).toEqual({
      type: 'file',
      complaint: { categoryId: 'garbage-not-collected', description: 'Garbage everywhere on the main road.', place: { kind: 'area', areaId: 'kp.peshawar.peshawar', latitude: PESHAWAR.latitude, longitude: PESHAWAR.longitude, address: null }, attachments: [{ id: 'p1', kind: 'photo' }], language: 'en' },
    });
    const filed = step(submitted.conversation, { type: 'filed', code: 'KP-ZF32-57RC' }, ctx, later(20));
    expect(filed.conversation.step).toBe('idle');
    expect(filed.conversation.answers.attachments).toEqual([]);
    expect(only(filed).text).toContain('Tracking code: KP-ZF32-57RC');
  });

  it('cancels at any step, letting go of the files; starting over keeps the language', () => {
    const turns = ready();
    const cancelled = step(last(turns).conversation, choose('cancel'), ctx, later(20));
    expect(cancelled.conversation).toMatchObject({ step: 'idle', answers: { attachments: [], categoryId: null } });
    expect(cancelled.discard).toEqual(['p1']);
    expect(cancelled.effect).toBeNull();
    const restarted = step(last(turns).conversation, text('restart'), ctx, later(20));
    expect(restarted.conversation).toMatchObject({ step: 'category', language: 'en', answers: { description: null } });
    expect(restarted.discard).toEqual(['p1']);
  });

  it('starts over after 24 hours away, saying so and letting go of the files', () => {
    const turns = ready();
    const back = step(last(turns).conversation, choose('submit'), ctx, new Date(later(10).getTime() + 25 * 3_600_000));
    expect(back.effect).toBeNull();
    expect(back.discard).toEqual(['p1']);
    expect(back.conversation.step).toBe('category');
    expect(only(back).text).toContain('discarded after 24 hours');
  });

  it('tells a citizen over the limit to try later or call the helpline, and starts over on an invalid filing', () => {
    const submitted = step(last(ready()).conversation, choose('submit'), ctx, later(20));
    const limited = step(submitted.conversation, { type: 'filing_refused', reason: 'limit' }, ctx, later(20));
    expect(limited.conversation.step).toBe('idle');
    expect(only(limited).text).toContain('call 1800-00-0000');
    const invalid = step(submitted.conversation, { type: 'filing_refused', reason: 'invalid' }, ctx, later(20));
    expect(invalid.conversation.step).toBe('category');
    expect(invalid.discard).toEqual(['p1']);
  });
});

describe('status and feedback at any step', () => {
  it('answers "status <code>" in the middle of filing and keeps the answers, but reads a code inside a description as words', () => {
    const turns = toDescription();
    const status = step(last(turns).conversation, text('status KP-BPGT-FC6A'), ctx, later(9));
    expect(status.effect).toEqual({ type: 'status', code: 'KP-BPGT-FC6A', language: 'en' });
    expect(status.conversation.step).toBe('description');
    expect(only(status).text).toContain('answer the last question');
    const described = step(last(turns).conversation, text('Same problem as my old complaint KP-BPGT-FC6A, nothing done.'), ctx, later(9));
    expect(described.effect).toBeNull();
    expect(described.conversation.step).toBe('location');
  });

  it('closes on "satisfied" and asks a reason for "not satisfied", then goes back to the filing step it interrupted', () => {
    const turns = toDescription();
    const satisfied = step(last(turns).conversation, choose('feedback:satisfied:KP-BPGT-FC6A'), ctx, later(9));
    expect(satisfied.effect).toEqual({ type: 'feedback', code: 'KP-BPGT-FC6A', satisfied: true, reason: null });
    const unhappy = step(last(turns).conversation, choose('feedback:not_satisfied:KP-BPGT-FC6A'), ctx, later(9));
    expect(unhappy.conversation).toMatchObject({ step: 'feedback_reason', feedbackCode: 'KP-BPGT-FC6A', resume: 'description' });
    expect(only(unhappy).text).toContain('what is still wrong');
    const reason = step(unhappy.conversation, text('The drain is still blocked.'), ctx, later(10));
    expect(reason.effect).toEqual({ type: 'feedback', code: 'KP-BPGT-FC6A', satisfied: false, reason: 'The drain is still blocked.' });
    const done = step(reason.conversation, { type: 'feedback_recorded', code: 'KP-BPGT-FC6A', satisfied: false }, ctx, later(10));
    expect(done.conversation.step).toBe('description');
    expect(only(done).text).toContain('reopened');
  });

  it('reads the keyword forms YES <code> and NO <code> <reason>, in Urdu too', () => {
    const idle = newConversation('ur', true);
    expect(step(idle, text('YES kp-bpgt-fc6a'), ctx, T0).effect).toEqual({ type: 'feedback', code: 'KP-BPGT-FC6A', satisfied: true, reason: null });
    expect(step(idle, text('نہیں KP-BPGT-FC6A پانی اب بھی گندا ہے'), ctx, T0).effect).toEqual({ type: 'feedback', code: 'KP-BPGT-FC6A', satisfied: false, reason: 'پانی اب بھی گندا ہے' });
    expect(step(idle, text('NO KP-BPGT-FC6A'), ctx, T0).conversation.step).toBe('feedback_reason');
  });
});

describe('SMS (keyword form)', () => {
  const sms = seedBotContext(SMS_TRAITS);

  it('answers anything but a start keyword with help, and starts on COMPLAINT or SHIKAYAT in that language', () => {
    const hello = step(newConversation(), text('hello'), sms, T0);
    expect(hello.conversation.step).toBe('idle');
    expect(only(hello).text).toContain('send COMPLAINT to file one');
    const english = step(newConversation(), text('COMPLAINT'), sms, T0);
    expect(english.conversation).toMatchObject({ step: 'category', language: 'en' });
    const urdu = step(newConversation(), text('shikayat'), sms, T0);
    expect(urdu.conversation).toMatchObject({ step: 'category', language: 'ur' });
  });

  it('reads a number as the option it stands for, and refuses a number that is not on the menu', () => {
    const turns = play([text('complaint'), text('1')], sms);
    expect(last(turns).conversation.step).toBe('departments');
    expect(last(turns).conversation.menu).toHaveLength(7);
    const department = step(last(turns).conversation, text('2'), sms, later(5));
    expect(department.conversation.step).toBe('categories');
    expect(step(last(turns).conversation, text('42'), sms, later(5)).replies[0]?.text).toContain('Please choose one of the options');
  });

  it('never asks for photos: after the place comes the summary', () => {
    const turns = play([text('complaint'), text('garbage not collected'), text('1'), text('Garbage everywhere on the main road.'), text('Peshawar')], sms);
    expect(last(turns).conversation.step).toBe('confirm');
    expect(wantsMedia(last(turns).conversation, sms, later(9))).toBe('no');
  });
});
