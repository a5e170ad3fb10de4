import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the real Cloud API webhook bodies are (pywa's test data; see shared/data/README.md). */
export const WHATSAPP_FIXTURES = path.resolve(import.meta.dirname, '../../../shared/data/fixtures/whatsapp_cloud_api_pywa');

/** One real webhook body of the fixtures, by file and case name, as parsed JSON (a fresh copy each time). */
export function whatsappFixture(file: string, name: string): unknown {
  const cases = JSON.parse(readFileSync(path.join(WHATSAPP_FIXTURES, file), 'utf8')) as Record<string, unknown>;
  if (!(name in cases)) throw new Error(`no case ${name} in ${file}`);
  return cases[name];
}

type Body = { entry: { changes: { value: { contacts?: { wa_id: string }[]; messages: Record<string, unknown>[] } }[] }[] };

/**
 * A real webhook body carrying one message, re-addressed and re-timed: from `from` (digits), with the id given,
 * sent at `at` (so inside the 24-hour window), its type-specific part changed by `change`. The bytes are what the
 * signed POST carries.
 */
export function webhookMessage(file: string, name: string, options: { id: string; from: string; at?: Date; change?: (message: Record<string, unknown>) => void }): string {
  const body = whatsappFixture(file, name) as Body;
  const value = body.entry[0]!.changes[0]!.value;
  if (value.contacts?.[0]) value.contacts[0].wa_id = options.from;
  const message = value.messages[0]!;
  Object.assign(message, { id: options.id, from: options.from, timestamp: String(Math.floor((options.at ?? new Date()).getTime() / 1000)) });
  // A forwarded or quoted message is not what a citizen answering the bot sends.
  delete message.context;
  options.change?.(message);
  return JSON.stringify(body);
}
