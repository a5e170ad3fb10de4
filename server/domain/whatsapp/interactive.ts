import type { Option, Prompt } from '../filing-bot/prompts.js';

/**
 * Meta's documented limits for messages sent in a conversation (Cloud API, "Interactive list messages", "Interactive
 * reply buttons messages", "Text messages"): lengths in characters.
 */
export const WHATSAPP_LIMITS = {
  textBody: 4096,
  buttonsBody: 1024,
  listBody: 4096,
  footer: 60,
  listButton: 20,
  sections: 10,
  /** Rows of all sections together. */
  rows: 10,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  buttons: 3,
  buttonId: 256,
  buttonTitle: 20,
} as const;

/**
 * Cuts text to `max` UTF-16 units (the strictest way a limit can be counted), never inside a surrogate pair, with
 * an ellipsis when cut.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

// Reply button titles must differ within a message; cutting two long names can make them equal.
function uniqueTitles(options: Option[]): string[] {
  const seen = new Set<string>();
  return options.map((o) => {
    let title = cut(o.title, WHATSAPP_LIMITS.buttonTitle);
    for (let n = 2; seen.has(title); n++) title = `${cut(o.title, WHATSAPP_LIMITS.buttonTitle - 2)} ${n}`;
    seen.add(title);
    return title;
  });
}

const row = (o: Option) => {
  const title = cut(o.title, WHATSAPP_LIMITS.rowTitle);
  // The description carries the whole name when the title had to be cut, and nothing that repeats the title.
  const detail = o.detail && o.detail !== title ? cut(o.detail, WHATSAPP_LIMITS.rowDescription) : null;
  return { id: o.id.slice(0, WHATSAPP_LIMITS.rowId), title, ...(detail && { description: detail }) };
};

/**
 * The Graph API message (the JSON posted to /{phone-number-id}/messages, less the recipient) for a prompt: text, an
 * interactive "button" message with reply buttons, or an interactive "list" message; every part held to Meta's limits.
 */
export function whatsappMessage(prompt: Prompt): Record<string, unknown> {
  switch (prompt.kind) {
    case 'text':
      return { type: 'text', text: { preview_url: false, body: cut(prompt.text, WHATSAPP_LIMITS.textBody) } };
    case 'buttons': {
      const options = prompt.options.slice(0, WHATSAPP_LIMITS.buttons);
      const titles = uniqueTitles(options);
      return {
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: cut(prompt.text, WHATSAPP_LIMITS.buttonsBody) },
          action: { buttons: options.map((o, i) => ({ type: 'reply', reply: { id: o.id.slice(0, WHATSAPP_LIMITS.buttonId), title: titles[i] } })) },
        },
      };
    }
    case 'list': {
      // Ten rows in all: sections are filled in order and stop when the rows run out.
      let room: number = WHATSAPP_LIMITS.rows;
      const sections = prompt.sections.slice(0, WHATSAPP_LIMITS.sections).flatMap((s) => {
        const rows = s.options.slice(0, room).map(row);
        room -= rows.length;
        return rows.length > 0 ? [{ title: cut(s.title, WHATSAPP_LIMITS.sectionTitle), rows }] : [];
      });
      return {
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: cut(prompt.text, WHATSAPP_LIMITS.listBody) },
          footer: { text: cut(prompt.footer, WHATSAPP_LIMITS.footer) },
          action: { button: cut(prompt.button, WHATSAPP_LIMITS.listButton), sections },
        },
      };
    }
  }
}
