import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LabelledText } from '../../server/ai/classifier/linear-model.js';

/** Real grievances (Sambodhan, shared/data/complaints_text) by department, mapped to one seeded category of each. */
const SAMBODHAN = path.resolve(import.meta.dirname, '../../../shared/data/complaints_text/sambodhan_grievances_train.csv');
export const DEPARTMENT_CATEGORY: Record<string, string> = {
  'Security & Law Enforcement': 'police-inaction',
  'Infrastructure, Utilities & Natural Resources': 'power-outage',
  'Education, Health & Social Welfare': 'teacher-absent',
  'Municipal Governance & Community Services': 'garbage-not-collected',
};

type SambodhanRow = { grievance: string; department: string; urgency: string };
let raw: SambodhanRow[] | null = null;
let rows: LabelledText[] | null = null;

/** The file's rows with a description of at least 10 characters (what intake accepts), in file order. */
function sambodhanRows(): SambodhanRow[] {
  raw ??= (parse(readFileSync(SAMBODHAN), { columns: true, bom: true }) as SambodhanRow[]).filter((r) => r.grievance.trim().length >= 10);
  return raw;
}

/** Every Sambodhan training grievance, labelled with the category id its department maps to, in file order. */
export function sambodhanExamples(): LabelledText[] {
  rows ??= sambodhanRows()
    .filter((r) => DEPARTMENT_CATEGORY[r.department] !== undefined)
    .map((r) => ({ text: r.grievance, label: DEPARTMENT_CATEGORY[r.department]! }));
  return rows;
}

/** `perLabel` grievances of each urgency level (NORMAL, URGENT, HIGHLY URGENT: the file's own words), after the first `skip` of each. */
export function urgencySlice(perLabel: number, skip = 0): LabelledText[] {
  return perLabelSlice(sambodhanRows().filter((r) => r.urgency.trim() !== '').map((r) => ({ text: r.grievance, label: r.urgency })), perLabel, skip);
}

/** `perLabel` examples of each category, starting after the first `skip` of each (so slices never overlap). */
export function slice(perLabel: number, skip = 0): LabelledText[] {
  return perLabelSlice(sambodhanExamples(), perLabel, skip);
}

function perLabelSlice(examples: LabelledText[], perLabel: number, skip: number): LabelledText[] {
  const seen = new Map<string, number>();
  return examples.filter((e) => {
    const n = seen.get(e.label) ?? 0;
    seen.set(e.label, n + 1);
    return n >= skip && n < skip + perLabel;
  });
}
