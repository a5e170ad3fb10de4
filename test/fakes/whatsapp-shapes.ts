/**
 * Meta's documented request shapes for the messages the filing bot sends (Cloud API "Interactive reply buttons
 * messages", "Interactive list messages", "Text messages"), checked as the Graph API would check them. Written
 * here on its own, from the documentation, so a mistake in the app's own limits is caught rather than repeated.
 * Each check returns the problem in Graph's words, or null when the message is acceptable.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
// Meta counts characters; counting UTF-16 units is the strictest reading.
const within = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;
const keysOnly = (o: Obj, allowed: string[]) => Object.keys(o).every((k) => allowed.includes(k));

/** A text message: text.body of 1 to 4,096 characters. */
export function checkText(body: Obj): string | null {
  const text = body.text;
  if (!isObj(text) || !within(text.body, 4096)) return 'text.body is required and must be at most 4096 characters';
  if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') return 'text.preview_url must be a boolean';
  return null;
}

/** An interactive message: a reply-buttons message or a list message. */
export function checkInteractive(body: Obj): string | null {
  const interactive = body.interactive;
  if (!isObj(interactive)) return 'interactive is required';
  if (!isObj(interactive.body) || typeof interactive.body.text !== 'string') return 'interactive.body.text is required';
  if (interactive.footer !== undefined && (!isObj(interactive.footer) || !within(interactive.footer.text, 60))) return 'interactive.footer.text must be at most 60 characters';
  if (interactive.header !== undefined && (!isObj(interactive.header) || interactive.header.type !== 'text' || !within(interactive.header.text, 60))) return 'interactive.header must be a text header of at most 60 characters';
  if (!isObj(interactive.action)) return 'interactive.action is required';
  if (interactive.type === 'button') return checkButtons(interactive.body.text, interactive.action);
  if (interactive.type === 'list') return checkList(interactive.body.text, interactive.action);
  return `interactive.type ${String(interactive.type)} is not supported here`;
}

function checkButtons(text: string, action: Obj): string | null {
  if (!within(text, 1024)) return 'interactive.body.text must be at most 1024 characters for reply buttons';
  const buttons = action.buttons;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'action.buttons must have 1 to 3 buttons';
  const ids = new Set<string>();
  const titles = new Set<string>();
  for (const button of buttons) {
    if (!isObj(button) || button.type !== 'reply' || !isObj(button.reply) || !keysOnly(button, ['type', 'reply'])) return 'each button is {type: "reply", reply: {id, title}}';
    const { id, title } = button.reply;
    if (!within(id, 256) || id !== id.trim()) return 'button reply id must be 1 to 256 characters, without leading or trailing spaces';
    if (!within(title, 20)) return 'button reply title must be 1 to 20 characters';
    if (ids.has(id) || titles.has(title)) return 'button ids and titles must be unique within the message';
    ids.add(id);
    titles.add(title);
  }
  return null;
}

function checkList(text: string, action: Obj): string | null {
  if (!within(text, 4096)) return 'interactive.body.text must be at most 4096 characters for a list';
  if (!within(action.button, 20)) return 'action.button must be 1 to 20 characters';
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return 'action.sections must have 1 to 10 sections';
  const ids = new Set<string>();
  let rows = 0;
  for (const section of sections) {
    if (!isObj(section) || !Array.isArray(section.rows) || section.rows.length < 1) return 'each section needs at least one row';
    // A title is required once there is more than one section.
    if ((sections.length > 1 || section.title !== undefined) && !within(section.title, 24)) return 'section title must be 1 to 24 characters';
    for (const row of section.rows) {
      rows += 1;
      if (!isObj(row) || !keysOnly(row, ['id', 'title', 'description'])) return 'each row is {id, title, description?}';
      if (!within(row.id, 200)) return 'row id must be 1 to 200 characters';
      if (!within(row.title, 24)) return 'row title must be 1 to 24 characters';
      if (row.description !== undefined && !within(row.description, 72)) return 'row description must be at most 72 characters';
      if (ids.has(row.id)) return 'row ids must be unique within the list';
      ids.add(row.id);
    }
  }
  return rows > 10 ? 'a list has at most 10 rows across its sections' : null;
}
