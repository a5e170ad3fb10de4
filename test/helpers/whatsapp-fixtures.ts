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
