import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../../../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../../../../../test/helpers/database.js';
import { startTestSmtp, type TestSmtp } from '../../../../../../test/helpers/smtp.js';
import { staffSession, type SignedIn } from '../../../../../../test/helpers/staff.js';
import { dayNumber, dayString } from '../../../../../ai/spikes/spike-alerts.js';
import { previousWorkingDay } from '../../../../../services/spike-alert.service.js';
import { openAppPools, withStaffScope } from '../../../../../store/db.js';
import { SpikeAlertRepository } from '../../../../../store/spike-alert.repository.js';

let database: TestDatabase;
let app: FastifyInstance;
let smtp: TestSmtp;
let categoryId: string;
const PESHAWAR = 'kp.peshawar.peshawar';
const HOLIDAY = '2025-06-10';
let provincial: SignedIn;
let health: SignedIn;
let healthSwat: SignedIn;
let education: SignedIn;
let officer: SignedIn;

// Noon in Karachi on a day.
const noon = (day: string) => new Date(`${day}T12:00:00+05:00`);
const submit = (day: string) => app.services.intake.submit({ categoryId, description: 'No medicines at the dispensary.', location: { areaId: PESHAWAR }, anonymous: true }, null, noon(day));
const get = (who: SignedIn, url: string) => app.inject({ method: 'GET', url, headers: who.headers });
const episodes = async () => (await database.db.query('select category_id, district_id, first_day::text, last_day::text, alert_days, status from spike_alerts order by first_day')).rows;
const notifications = async () => (await database.db.query('select n.staff_user_id, o.topic, o.recipient_staff_id, o.status, o.last_error from spike_alert_notifications n join outbox o on o.id = n.outbox_id order by n.staff_user_id')).rows;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtp();
  app = await buildTestApp(database.db, { SMTP_URL: smtp.url, EKHTYAR_PUBLIC_URL: 'https://ekhtyar.example.pk' });
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' order by id limit 1`)).rows[0].id;
  const office = (await database.db.query(`select id from offices where department_id = 'health' and area_id = $1`, [PESHAWAR])).rows[0].id;
  provincial = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
  health = await staffSession(app, 'department_monitor', { scope: [{ departmentId: 'health', areaId: 'kp' }] });
  healthSwat = await staffSession(app, 'department_monitor', { scope: [{ departmentId: 'health', areaId: 'kp.malakand.swat' }] });
  education = await staffSession(app, 'department_monitor', { scope: [{ departmentId: 'police', areaId: 'kp' }] });
  officer = await staffSession(app, 'officer', { officeIds: [office] });
  // The provincial monitor has a work address; the health monitor has none.
  await database.db.query(`update staff_users set email = 'cm.cell@kp.gov.pk' where id = $1`, [provincial.id]);
  await database.db.query(`update staff_users set email = null where id = $1`, [health.id]);
  // The calendar of this test: one holiday, in the middle of June 2025.
  await database.db.query('delete from holidays');
  await database.db.query(`insert into holidays (date, name_en, kind) values ($1, 'Test holiday', 'special')`, [HOLIDAY]);

  // Peshawar: one complaint a day from February to mid-June (none on the holiday), then: 9 on the holiday (a queue at
  // the one open desk), and 9 on each of 16 and 17 June.
  for (let n = dayNumber('2025-02-01'); n <= dayNumber('2025-06-18'); n++) if (dayString(n) !== HOLIDAY) await submit(dayString(n));
  for (let i = 0; i < 9; i++) await submit(HOLIDAY);
  for (const day of ['2025-06-16', '2025-06-17']) for (let i = 0; i < 8; i++) await submit(day);
}, 300_000);
afterAll(async () => {
  await app.close();
  await smtp.close();
  await database.drop();
});

describe('the morning spike alert job', () => {
  it('does not judge a holiday, whatever its count', async () => {
    const judged = await app.services.spikeAlerts.judgeDay(HOLIDAY);
    expect(judged).toEqual({ day: HOLIDAY, judged: false, alerts: 0, opened: 0, extended: 0, notified: 0 });
    expect(await episodes()).toEqual([]);
  });

  it('stays quiet on an ordinary day after the holiday (the holiday is not learnt as a low day)', async () => {
    expect(await app.services.spikeAlerts.judgeDay('2025-06-11')).toMatchObject({ judged: true, alerts: 0, opened: 0 });
    expect(await episodes()).toEqual([]);
  });

  it('opens one episode for a surge and tells each monitor whose scope covers it once', async () => {
    const judged = await app.services.spikeAlerts.judgeDay('2025-06-16');
    expect(judged).toMatchObject({ day: '2025-06-16', judged: true, alerts: 1, opened: 1, extended: 0, notified: 2 });
    expect(await episodes()).toEqual([{ category_id: categoryId, district_id: PESHAWAR, first_day: '2025-06-16', last_day: '2025-06-16', alert_days: 1, status: 'open' }]);
    const told = await notifications();
    expect(told.map((n) => n.staff_user_id).sort()).toEqual([provincial.id, health.id].sort());
    expect(told.every((n) => n.topic === 'staff.spike_alert' && n.recipient_staff_id === n.staff_user_id)).toBe(true);
  });

  it('opens and tells nothing more when run again for the same day', async () => {
    expect(await app.services.spikeAlerts.judgeDay('2025-06-16')).toMatchObject({ alerts: 1, opened: 0, extended: 0, notified: 0 });
    expect(await episodes()).toHaveLength(1);
    expect(await notifications()).toHaveLength(2);
  });

  it('extends the episode with the next alert day, without telling anyone again', async () => {
    expect(await app.services.spikeAlerts.judgeDay('2025-06-17')).toMatchObject({ alerts: 1, opened: 0, extended: 1, notified: 0 });
    expect(await app.services.spikeAlerts.judgeDay('2025-06-17')).toMatchObject({ opened: 0, extended: 0, notified: 0 });
    expect(await episodes()).toEqual([expect.objectContaining({ first_day: '2025-06-16', last_day: '2025-06-17', alert_days: 2 })]);
    expect(await notifications()).toHaveLength(2);
  });

  it('e-mails the monitor with an address through the outbox, and sets the other aside with the reason', async () => {
    // (The complaints' own rows go first: anonymous, they are set aside.)
    await app.services.notifications.deliverDue(new Date(), 1000);
    const told = await notifications();
    expect(told.find((n) => n.staff_user_id === provincial.id)).toMatchObject({ status: 'sent' });
    expect(told.find((n) => n.staff_user_id === health.id)).toMatchObject({ status: 'skipped', last_error: 'no e-mail address on the staff account' });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toMatchObject({ text: 'cm.cell@kp.gov.pk' });
    expect(smtp.received[0]!.subject).toMatch(/^Spike alert: .+ in Peshawar$/);
    expect(smtp.received[0]!.text).toContain('https://ekhtyar.example.pk/staff/dashboard');
  });

  it('bridges a holiday between two alert days: the day before it is the one an episode must have reached', () => {
    expect(previousWorkingDay('2025-06-11', new Set([HOLIDAY]))).toBe('2025-06-09');
    expect(previousWorkingDay('2025-06-12', new Set([HOLIDAY]))).toBe('2025-06-11');
  });
});

describe('GET /api/v1/staff/analytics/alerts and acknowledging', () => {
  it('lists the episode to the monitors whose scope covers it, and to nobody else', async () => {
    const response = await get(health, '/api/v1/staff/analytics/alerts?status=open');
    expect(response.statusCode, response.body).toBe(200);
    const [episode] = response.json().alerts;
    expect(episode).toMatchObject({ categoryId, departmentId: 'health', districtId: PESHAWAR, firstDay: '2025-06-16', lastDay: '2025-06-17', alertDays: 2, status: 'open', acknowledgedBy: null });
    expect(episode.peak.observed).toBe(9);
    expect(episode.peak.expected).toBeLessThan(2);
    expect((await get(provincial, '/api/v1/staff/analytics/alerts')).json().alerts).toHaveLength(1);
    expect((await get(healthSwat, '/api/v1/staff/analytics/alerts')).json().alerts).toEqual([]);
    expect((await get(education, '/api/v1/staff/analytics/alerts')).json().alerts).toEqual([]);
    const bad = await get(health, '/api/v1/staff/analytics/alerts?status=closed');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('lets a monitor of its scope acknowledge it once, on the audit log; others get 403 or 404', async () => {
    const id = (await get(health, '/api/v1/staff/analytics/alerts')).json().alerts[0].id;
    const url = `/api/v1/staff/analytics/alerts/${id}/acknowledge`;
    expect((await app.inject({ method: 'POST', url, headers: officer.headers, payload: {} })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url, headers: healthSwat.headers, payload: {} })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url, headers: { cookie: health.cookie }, payload: {} })).statusCode).toBe(403);
    const done = await app.inject({ method: 'POST', url, headers: health.headers, payload: { note: 'DHO Peshawar asked to check the dispensary stock.' } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ id, status: 'acknowledged', acknowledgedBy: health.id, note: 'DHO Peshawar asked to check the dispensary stock.' });
    const again = await app.inject({ method: 'POST', url, headers: provincial.headers, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('spike_alert_acknowledged');
    const { rows } = await database.db.query(`select actor_id, subject_type, subject_id, payload from audit_log where action = 'analytics.spike_alert_acknowledged'`);
    expect(rows).toEqual([{ actor_id: health.id, subject_type: 'spike_alert', subject_id: id, payload: expect.objectContaining({ districtId: PESHAWAR, note: 'DHO Peshawar asked to check the dispensary stock.' }) }]);
    expect((await get(provincial, '/api/v1/staff/analytics/alerts?status=open')).json().alerts).toEqual([]);
    expect((await get(provincial, '/api/v1/staff/analytics/alerts?status=acknowledged')).json().alerts).toHaveLength(1);
  });

  it('is held to the scope by row-level security itself, not only by the query', async () => {
    const pools = await openAppPools(database.url, 2);
    try {
      const repo = new SpikeAlertRepository();
      const read = (scope: { departmentId: string | null; areaId: string }[]) => withStaffScope(pools.staff, { role: 'department_monitor', officeIds: [], scope }, (tx) => repo.list(tx, { limit: 10 }));
      expect(await read([{ departmentId: 'health', areaId: 'kp.malakand.swat' }])).toEqual([]);
      expect(await read([{ departmentId: 'police', areaId: 'kp' }])).toEqual([]);
      expect(await read([{ departmentId: 'health', areaId: 'kp.peshawar' }])).toHaveLength(1);
    } finally {
      await pools.close();
    }
  });

  it('is described in the OpenAPI document, with the other analytics routes', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    for (const path of ['trends', 'topics', 'performance', 'alerts']) expect(doc.paths[`/api/v1/staff/analytics/${path}`].get, path).toBeDefined();
    expect(doc.paths['/api/v1/staff/analytics/alerts/{id}/acknowledge'].post).toBeDefined();
  });

  it('refuses an id that is not a uuid with problem+json naming it', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/staff/analytics/alerts/nope/acknowledge', headers: health.headers, payload: {} });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
