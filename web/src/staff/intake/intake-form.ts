import type { Names } from '../../api.js';

// The intake desk's forms without React: the shapes the API answers, and the small rules the screens apply.

type Text3 = { en: string; ur: string; ps: string };

export interface AttributeDefinition {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  order: number;
  description: Text3;
  formatHint?: Text3;
  values?: { key: string; name: Text3 }[];
  maxLength?: number;
  min?: number;
  max?: number;
}

export interface Category {
  id: string;
  name: Names;
  keywords: string[];
  department: { id: string; name: Names };
  attributes: AttributeDefinition[];
}

export interface Area {
  id: string;
  parentId: string | null;
  level: string;
  name: Names;
}

/** A complaint in a caller's list or the agent's filings (IntakeCallersResponse). */
export interface ListedComplaint {
  code: string;
  category: { id: string; name: Names } | null;
  state: string;
  channel: string;
  submittedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export type Answers = Record<string, string | string[]>;

/** Today in Pakistan, YYYY-MM-DD (a letter cannot have been received after it). */
export function todayInKarachi(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Karachi', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A duration as m:ss (h:mm:ss past an hour). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A tracking code's groups, each spelled out character by character ("KP-7F3K" → ["K P", "7 F 3 K"]), for reading it back. */
export function spellCode(code: string): string[] {
  return code
    .toUpperCase()
    .split(/[-\s]+/)
    .filter((group) => group !== '')
    .map((group) => [...group].join(' '));
}

/** Matches a search against a category's names in all three languages and its keywords. */
export function categoryMatches(category: Category, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return true;
  const texts = [category.name.en, category.name.ur ?? '', category.name.ps ?? '', ...category.keywords];
  return texts.some((text) => text.toLocaleLowerCase().includes(q));
}

/** The answers as the JSON body sends them: numbers as numbers, lists as lists, blanks left out. */
export function answersForJson(attributes: AttributeDefinition[], answers: Answers): Record<string, string | number | string[]> | undefined {
  const out: Record<string, string | number | string[]> = {};
  for (const attribute of attributes) {
    const value = answers[attribute.code];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out[attribute.code] = value;
    } else if (value.trim() !== '') out[attribute.code] = attribute.datatype === 'number' && Number.isFinite(Number(value)) ? Number(value) : value.trim();
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The answers as form fields: attributes[code]=value, attributes[code][]=key for each key of a list. */
export function appendAnswers(form: FormData, attributes: AttributeDefinition[], answers: Answers): void {
  for (const attribute of attributes) {
    const value = answers[attribute.code];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const key of value) form.append(`attributes[${attribute.code}][]`, key);
    else if (value.trim() !== '') form.append(`attributes[${attribute.code}]`, value.trim());
  }
}
