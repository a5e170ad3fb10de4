import { nameIn, type Catalogue } from './catalogue.js';
import type { BotContext, Conversation, Place } from './conversation.js';
import { BOT_LANGUAGES, type BotLanguage } from './language.js';
import { groupName, say } from './strings.js';

/** One choice offered to the citizen: an id the bot reads back, a short title and an optional detail line. */
export interface Option {
  id: string;
  title: string;
  detail?: string;
}

/** A group of options under a title (the sections of a WhatsApp list). */
export interface OptionSection {
  title: string;
  options: Option[];
}

/**
 * What the bot says, independent of the channel: plain text, a question with up to three quick answers, or a
 * question with a list of at most ten options in sections. WhatsApp renders these as text, reply buttons and list
 * messages; SMS as text with numbered lines.
 */
export type Prompt =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; text: string; options: Option[] }
  | { kind: 'list'; text: string; button: string; footer: string; sections: OptionSection[] };

/** The ids of a prompt's options, in the order they are shown (SMS numbers them 1, 2, …). */
export function optionIds(prompt: Prompt | null): string[] {
  if (!prompt || prompt.kind === 'text') return [];
  return prompt.kind === 'buttons' ? prompt.options.map((o) => o.id) : prompt.sections.flatMap((s) => s.options.map((o) => o.id));
}

const LANGUAGE_NAMES: Record<BotLanguage, string> = { en: 'English', ur: 'اردو', ps: 'پښتو' };

/** A page of a longer list: the items on it, and which page it is of how many. */
export function pageOf<T>(items: readonly T[], page: number, perPage: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const at = Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1);
  return { items: items.slice(at * perPage, (at + 1) * perPage), page: at, pages };
}

/** The row that pages a list: the next page, or back to the first from the last. */
function pagingRow(page: number, pages: number, language: BotLanguage): Option[] {
  if (pages <= 1) return [];
  return page < pages - 1 ? [{ id: `page:${page + 1}`, title: say(language, 'row_more'), detail: say(language, 'row_more_detail') }] : [{ id: 'page:0', title: say(language, 'row_first') }];
}

/** Groups options into sections by a key, in the order the keys first appear, with the extra rows in their own section. */
function sectioned<T>(items: T[], key: (item: T) => string, title: (key: string) => string, option: (item: T) => Option, extra: Option[], language: BotLanguage): OptionSection[] {
  const sections: OptionSection[] = [];
  for (const item of items) {
    const k = title(key(item));
    const last = sections.at(-1);
    if (last && last.title === k) last.options.push(option(item));
    else sections.push({ title: k, options: [option(item)] });
  }
  if (extra.length > 0) sections.push({ title: say(language, 'section_more'), options: extra });
  return sections;
}

const list = (c: Conversation, text: string, sections: OptionSection[]): Prompt => ({ kind: 'list', text, button: say(c.language, 'list_button'), footer: say(c.language, 'footer'), sections });

/** The question of the conversation's current step; null when idle (nothing is being asked). */
export function promptFor(c: Conversation, ctx: BotContext): Prompt | null {
  const l = c.language;
  const { catalogue } = ctx;
  switch (c.step) {
    case 'idle':
      return null;
    case 'language':
      return { kind: 'buttons', text: say(l, 'language_question'), options: BOT_LANGUAGES.map((code) => ({ id: `lang:${code}`, title: LANGUAGE_NAMES[code] })) };
    case 'category':
      return categoryPrompt(c, catalogue);
    case 'departments':
      return departmentsPrompt(c, ctx);
    case 'categories':
      return categoriesPrompt(c, ctx);
    case 'description':
      return descriptionPrompt(c, catalogue);
    case 'location':
      return { kind: 'buttons', text: say(l, ctx.traits.shareLocation ? 'ask_location' : 'ask_location_text'), options: [{ id: 'districts', title: say(l, 'btn_districts') }, { id: 'skip', title: say(l, 'btn_skip') }] };
    case 'districts':
      return districtsPrompt(c, ctx);
    case 'media':
      return { kind: 'buttons', text: say(l, 'ask_media', { button: say(l, 'btn_continue') }), options: [{ id: 'continue', title: say(l, 'btn_continue') }] };
    case 'confirm':
      return { kind: 'buttons', text: confirmText(c, ctx), options: [{ id: 'submit', title: say(l, 'btn_submit') }, { id: 'restart', title: say(l, 'btn_restart') }, { id: 'cancel', title: say(l, 'btn_cancel') }] };
    case 'feedback_reason':
      return { kind: 'text', text: say(l, 'feedback_ask_reason', { code: c.feedbackCode ?? '' }) };
  }
}

function departmentsPrompt(c: Conversation, ctx: BotContext): Prompt {
  const l = c.language;
  const { items, page, pages } = pageOf(ctx.catalogue.departments, c.page, ctx.traits.pageSize);
  const rows = items.map((d) => ({ id: `dept:${d.id}`, title: nameIn(d.name, l), detail: nameIn(d.name, l) }));
  return list(c, say(l, 'choose_department'), [{ title: say(l, 'section_departments'), options: rows }, ...(pages > 1 ? [{ title: say(l, 'section_more'), options: pagingRow(page, pages, l) }] : [])]);
}

function categoriesPrompt(c: Conversation, ctx: BotContext): Prompt {
  const l = c.language;
  const department = ctx.catalogue.department.get(c.departmentId ?? '');
  const all = ctx.catalogue.categories.filter((k) => k.departmentId === c.departmentId).sort((a, b) => a.group.localeCompare(b.group));
  // One row goes back to the departments: a page holds one category fewer.
  const { items, page, pages } = pageOf(all, c.page, ctx.traits.pageSize - 1);
  const extra = [...pagingRow(page, pages, l), { id: 'browse', title: say(l, 'row_departments') }];
  const sections = sectioned(items, (k) => k.group, (g) => groupName(g, l), (k) => ({ id: `cat:${k.id}`, title: nameIn(k.name, l), detail: nameIn(k.name, l) }), extra, l);
  return list(c, say(l, 'choose_category', { department: department ? nameIn(department.name, l) : '' }), sections);
}

function districtsPrompt(c: Conversation, ctx: BotContext): Prompt {
  const l = c.language;
  // One row skips the question: a page holds one district fewer.
  const { items, page, pages } = pageOf(ctx.catalogue.districts, c.page, ctx.traits.pageSize - 1);
  const extra = [...pagingRow(page, pages, l), { id: 'skip', title: say(l, 'btn_skip') }];
  const division = (id: string) => {
    const area = ctx.catalogue.area.get(id);
    return area ? nameIn(area.name, l) : '—';
  };
  return list(c, say(l, 'choose_district'), sectioned(items, (d) => d.divisionId ?? '', division, (d) => ({ id: `area:${d.id}`, title: nameIn(d.name, l) }), extra, l));
}

function categoryPrompt(c: Conversation, catalogue: Catalogue): Prompt {
  const l = c.language;
  const browse = { id: 'browse', title: say(l, 'btn_browse') };
  const suggested = c.suggestions.map((id) => catalogue.category.get(id)).filter((k) => k !== undefined);
  if (suggested.length === 0) return { kind: 'buttons', text: say(l, 'ask_category', { browse: browse.title }), options: [browse] };
  // Button titles are cut to 20 characters, so the full names (and their departments) are in the text too.
  const lines = suggested.map((k, i) => `${i + 1}. ${nameIn(k.name, l)} (${nameIn(catalogue.department.get(k.departmentId)?.name ?? { en: '', ur: null, ps: null }, l)})`);
  return { kind: 'buttons', text: `${say(l, 'suggestions', { browse: browse.title })}\n${lines.join('\n')}`, options: [...suggested.map((k) => ({ id: `cat:${k.id}`, title: nameIn(k.name, l) })), browse] };
}

function descriptionPrompt(c: Conversation, catalogue: Catalogue): Prompt {
  const l = c.language;
  const category = catalogue.category.get(c.answers.categoryId ?? '');
  const text = say(l, 'ask_description', { category: category ? nameIn(category.name, l) : '' });
  const draft = c.answers.draft?.trim() ?? '';
  if (draft.length < 10) return { kind: 'text', text };
  const button = say(l, 'btn_use_draft');
  return { kind: 'buttons', text: `${text}\n${say(l, 'use_draft', { button, draft: preview(draft, 80) })}`, options: [{ id: 'use_draft', title: button }] };
}

/** The words of a place, as the summary and "place noted" say it. */
export function placeWords(place: Place | null, ctx: BotContext, language: BotLanguage): string {
  if (!place || place.kind === 'skipped') return say(language, 'place_not_given');
  const area = ctx.catalogue.area.get(place.areaId);
  return area ? nameIn(area.name, language) : place.areaId;
}

function confirmText(c: Conversation, ctx: BotContext): string {
  const l = c.language;
  const { answers } = c;
  const category = ctx.catalogue.category.get(answers.categoryId ?? '');
  const photos = answers.attachments.filter((a) => a.kind === 'photo').length;
  const files = answers.attachments.length === 0 ? say(l, 'files_none') : say(l, 'files_count', { photos, voice: answers.attachments.length - photos });
  return say(l, 'confirm', { category: category ? nameIn(category.name, l) : '', description: preview(answers.description ?? '', ctx.traits.previewChars), place: placeWords(answers.place, ctx, l), files });
}

/** The start of a text, cut at a word where it can be, with an ellipsis when cut. */
export function preview(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if ([...flat].length <= max) return flat;
  const cut = [...flat].slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
