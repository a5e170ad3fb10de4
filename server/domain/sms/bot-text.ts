import type { BotLanguage } from '../filing-bot/language.js';
import { preview, type Prompt } from '../filing-bot/prompts.js';
import { say } from '../filing-bot/strings.js';

// Every 67 characters of Urdu is another SMS part: an option's words are cut short, the full list is on the web.
const OPTION_CHARS = 28;

/**
 * A prompt as SMS text: the question, then its options numbered 1, 2, … (in the order the conversation reads a
 * number back: conversation.menu), then how to answer. Section titles are left out: they would only cost parts.
 */
export function smsText(prompt: Prompt, language: BotLanguage): string {
  if (prompt.kind === 'text') return prompt.text;
  const options = prompt.kind === 'buttons' ? prompt.options : prompt.sections.flatMap((s) => s.options);
  const lines = options.map((o, i) => `${i + 1}. ${preview(o.title, OPTION_CHARS)}`);
  return `${prompt.text}\n${lines.join('\n')}\n${say(language, 'reply_with_number')}`;
}
