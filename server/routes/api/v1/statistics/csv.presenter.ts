import { stringify } from 'csv-stringify/sync';
import type { PublicStatistics } from '../../../../services/statistics.service.js';

/** The columns of the open-data CSV, in order (docs/STATISTICS.md defines each figure). */
export const CSV_COLUMNS = ['period_from', 'period_to', 'level', 'id', 'name_en', 'name_ur', 'name_ps', 'rank', 'suppressed', 'received', 'resolved', 'satisfied_closure_rate', 'reopen_rate', 'sla_compliance', 'median_hours_to_resolve', 'open'] as const;

/**
 * The public figures as one CSV table: a row for the province, one per department (with its rank) and one per
 * district. Withheld figures are empty cells, as in the JSON they are null; names come from the reference data, never
 * from a person. csv-stringify quotes every field that needs it, and a cell that begins with = + - @ is not possible:
 * ids are lowercase slugs and every figure is a number.
 */
export function publicStatisticsCsv(figures: PublicStatistics): string {
  const { from, to } = figures.period;
  const t = figures.totals;
  const openNow = Object.values(figures.open.ageing).reduce((a, b) => a + b, 0);
  const rows: unknown[][] = [[from, to, 'province', 'kp', 'Khyber Pakhtunkhwa', 'خیبر پختونخوا', 'خیبر پښتونخوا', null, false, t.received, t.resolved, t.satisfiedClosureRate, t.reopenRate, t.slaCompliance, t.medianHoursToResolve, openNow]];
  const cell = (level: string, c: PublicStatistics['districts'][number], rank: number | null) => [from, to, level, c.id, c.name?.en ?? null, c.name?.ur ?? null, c.name?.ps ?? null, rank, c.suppressed, c.received, c.resolved, c.satisfiedClosureRate, c.reopenRate, c.slaCompliance, c.medianHoursToResolve, c.open];
  for (const d of figures.departments) rows.push(cell('department', d, d.rank));
  for (const d of figures.districts) rows.push(cell('district', d, null));
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], cast: { boolean: (value) => (value ? 'true' : 'false') } });
}
