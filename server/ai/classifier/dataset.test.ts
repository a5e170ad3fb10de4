import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, DatasetError, formatOf, parseDataset, requireColumn } from './dataset.js';

describe('parseDataset', () => {
  it('reads RFC 4180 CSV with quoted commas, quotes and line breaks, and a byte-order mark', () => {
    const data = parseDataset('\ufefftext,label\r\n"pani nahi, bilkul","water"\r\n"line one\nline ""two""",other\r\n', 'csv');
    expect(data.columns).toEqual(['text', 'label']);
    expect(data.rows).toEqual([
      { text: 'pani nahi, bilkul', label: 'water' },
      { text: 'line one\nline "two"', label: 'other' },
    ]);
  });

  it('reads TSV with quoting off, JSON Lines and a JSON array', () => {
    expect(parseDataset('text\tlabel\n"quoted text\t1\n', 'tsv').rows).toEqual([{ text: '"quoted text', label: '1' }]);
    expect(parseDataset('{"t":"a","l":1}\n\n{"t":"b","l":2,"x":true}\n', 'jsonl')).toEqual({ rows: [{ t: 'a', l: 1 }, { t: 'b', l: 2, x: true }], columns: ['t', 'l', 'x'] });
    expect(parseDataset('[{"input":"a","output":"b"}]', 'json').columns).toEqual(['input', 'output']);
  });

  it('names what is wrong with a file', () => {
    expect(() => parseDataset('{"t":1}\nnot json\n', 'jsonl', 'in.jsonl')).toThrow(new DatasetError('in.jsonl, line 2, is not JSON'));
    expect(() => parseDataset('{"t":1}', 'json', 'in.json')).toThrow(/not a JSON array/);
    expect(() => parseDataset('[1]', 'json', 'in.json')).toThrow(/item 1, is not an object/);
    expect(() => parseDataset('a,b\n"open', 'csv', 'in.csv')).toThrow(/in.csv is not valid CSV/);
    const data = parseDataset('text,label\n', 'csv');
    expect(data.columns).toEqual(['text', 'label']);
    expect(() => requireColumn(data, 'grievance', 'in.csv')).toThrow(new DatasetError('in.csv has no column "grievance" (its columns: "text", "label")'));
  });

  it('reads back any table of text written as RFC 4180 CSV', () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 10 }), (rows) => {
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = `a,b\r\n${rows.map(([a, b]) => `${quote(a)},${quote(b)}`).join('\r\n')}\r\n`;
        expect(parseDataset(text, 'csv').rows).toEqual(rows.map(([a, b]) => ({ a, b })));
      }),
    );
  });

  it('tells the format by the file name', () => {
    expect(['a.csv', 'a.TSV', 'a.jsonl', 'a.ndjson', 'a.json', 'a.txt'].map(formatOf)).toEqual(['csv', 'tsv', 'jsonl', 'jsonl', 'json', 'csv']);
    expect([cellText('x'), cellText(2), cellText(null), cellText({ a: 1 }), cellText(undefined)]).toEqual(['x', '2', '', '', '']);
  });
});
