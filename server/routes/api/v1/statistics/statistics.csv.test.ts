import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../test/helpers/database.js';
import type { PublicStatistics } from '../../../../services/statistics.service.js';
import { CSV_COLUMNS, publicStatisticsCsv } from './csv.presenter.js';

const rates = { received: 0, resolved: 0, resolvedByOutcome: { full_relief: 0, partial_relief: 0, no_relief: 0 }, closed: 0, closedSatisfied: 0, reopened: 0, resolvedWithinSla: 0, satisfiedClosureRate: null, reopenRate: null, slaCompliance: null, medianHoursToResolve: null };
const figures: PublicStatistics = {
  period: { from: '2026-01-01', to: '2026-01-31' },
  totals: { ...rates, received: 12, resolved: 7, slaCompliance: 0.5714 },
  open: { byState: {}, ageing: { '0-3': 1, '4-7': 2, '8-15': 0, '16-30': 0, '31+': 3 }, overdue: 1 },
  escalationsByLevel: { 1: 0, 2: 0, 3: 0 },
  trend: [],
  departments: [
    { id: 'health', name: { en: 'Health, "Primary" care', ur: 'صحت', ps: null }, suppressed: false, received: 9, resolved: 6, satisfiedClosureRate: 0.8, reopenRate: 0, slaCompliance: 0.5, medianHoursToResolve: 30.5, open: 5, openSuppressed: false, rank: 1 },
    { id: 'police', name: { en: 'Police', ur: null, ps: null }, suppressed: true, received: null, resolved: null, satisfiedClosureRate: null, reopenRate: null, slaCompliance: null, medianHoursToResolve: null, open: null, openSuppressed: true, rank: null },
  ],
  districts: [{ id: 'kp.peshawar.peshawar', name: { en: 'Peshawar', ur: 'پشاور', ps: 'پېښور' }, suppressed: false, received: 12, resolved: 7, satisfiedClosureRate: null, reopenRate: null, slaCompliance: 0.5714, medianHoursToResolve: 20, open: 6, openSuppressed: false }],
};

describe('the public statistics as CSV', () => {
  it('has a header, the province, each department with its rank and each district; withheld figures are empty', () => {
    const rows = parse(publicStatisticsCsv(figures), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => [r.level, r.id])).toEqual([['province', 'kp'], ['department', 'health'], ['department', 'police'], ['district', 'kp.peshawar.peshawar']]);
    expect(rows[0]).toMatchObject({ period_from: '2026-01-01', period_to: '2026-01-31', received: '12', resolved: '7', sla_compliance: '0.5714', satisfied_closure_rate: '', open: '6', suppressed: 'false' });
    // A name with a comma and quotes stays one field.
    expect(rows[1]).toMatchObject({ name_en: 'Health, "Primary" care', name_ur: 'صحت', name_ps: '', rank: '1', median_hours_to_resolve: '30.5' });
    expect(rows[2]).toMatchObject({ suppressed: 'true', received: '', open: '', rank: '' });
    expect(rows[3]).toMatchObject({ name_ps: 'پېښور', rank: '', sla_compliance: '0.5714' });
  });
});

describe('GET /api/v1/public/statistics.csv', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database.db);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers text/csv as a download, the same figures as the JSON, and 400 for a bad period', async () => {
    const csv = await app.inject({ url: '/api/v1/public/statistics.csv?from=2026-01-01&to=2026-01-31' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="ekhtyar-statistics-2026-01-01-2026-01-31.csv"');
    const json = (await app.inject({ url: '/api/v1/public/statistics?from=2026-01-01&to=2026-01-31' })).json() as PublicStatistics;
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.level === 'department').map((r) => r.id)).toEqual(json.departments.map((d) => d.id));
    expect(rows.filter((r) => r.level === 'district').map((r) => r.id)).toEqual(json.districts.map((d) => d.id));
    expect(rows[0]).toMatchObject({ level: 'province', received: String(json.totals.received) });
    const bad = await app.inject({ url: '/api/v1/public/statistics.csv?from=2026-02-30' });
    expect(bad.statusCode).toBe(400);
  });
});
