import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';

/** A file of rows the classifier commands read: CSV (RFC 4180, quoted multi-line fields), TSV, JSON Lines or a JSON array. */
export type DatasetFormat = 'csv' | 'tsv' | 'jsonl' | 'json';

/** Why a data file cannot be used: reported to the user as it is. */
export class DatasetError extends Error {}

export interface Dataset {
  rows: Array<Record<string, unknown>>;
  /** Column names: the CSV header, or every key any JSON row has. */
  columns: string[];
}

/** The format a file name says (.csv, .tsv, .jsonl/.ndjson, .json); CSV for anything else. */
export function formatOf(path: string): DatasetFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  return 'csv';
}

function objectRows(values: unknown[], where: (i: number) => string): Array<Record<string, unknown>> {
  return values.map((value, i) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DatasetError(`${where(i)} is not an object with named fields`);
    return value as Record<string, unknown>;
  });
}

/** Parses the text of a data file. TSV is read with quoting off (as tab-separated exports write it). */
export function parseDataset(text: string, format: DatasetFormat, name = 'the input'): Dataset {
  let rows: Array<Record<string, unknown>>;
  if (format === 'csv' || format === 'tsv') {
    try {
      rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, delimiter: format === 'tsv' ? '\t' : ',', quote: format === 'tsv' ? false : '"' }) as Array<Record<string, unknown>>;
    } catch (error) {
      throw new DatasetError(`${name} is not valid ${format.toUpperCase()}: ${(error as Error).message}`);
    }
    const header = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
    const columns = rows.length > 0 ? Object.keys(rows[0] as object) : header === '' ? [] : (parse(header, { delimiter: format === 'tsv' ? '\t' : ',', quote: format === 'tsv' ? false : '"' }) as string[][])[0] ?? [];
    return { rows, columns };
  }
  if (format === 'jsonl') {
    const values: unknown[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push(JSON.parse(line));
      } catch {
        throw new DatasetError(`${name}, line ${i + 1}, is not JSON`);
      }
    });
    rows = objectRows(values, (i) => `${name}, row ${i + 1},`);
  } else {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new DatasetError(`${name} is not JSON`);
    }
    if (!Array.isArray(value)) throw new DatasetError(`${name} is not a JSON array of rows`);
    rows = objectRows(value, (i) => `${name}, item ${i + 1},`);
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { rows, columns };
}

/** Reads and parses a data file. */
export async function readDataset(path: string, format: DatasetFormat = formatOf(path)): Promise<Dataset> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DatasetError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parseDataset(text, format, path);
}

/** Fails unless the data has the column. */
export function requireColumn(data: Dataset, column: string, path: string): void {
  if (!data.columns.includes(column)) {
    throw new DatasetError(`${path} has no column "${column}"${data.columns.length > 0 ? ` (its columns: ${data.columns.map((c) => JSON.stringify(c)).join(', ')})` : ' (it has no rows)'}`);
  }
}

/** A cell as text: strings as they are, numbers and booleans written out, anything else (missing, null, objects) empty. */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
