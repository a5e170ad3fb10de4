import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { staffSession, type SignedIn } from './helpers/staff.js';

let database: TestDatabase;
let app: FastifyInstance;
let office: { id: string; area_id: string };
let otherOffice: { id: string };
let categoryId: string;
let officer: SignedIn;
let stranger: SignedIn;
let monitor: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db, { EKHTYAR_DAILY_CAP: '2', EKHTYAR_HELPLINE: '1800-00-1234' });
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  office = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar'`)).rows[0];
  otherOffice = (await database.db.query(`select id from offices where department_id = 'health' and area_id = 'kp.malakand.swat'`)).rows[0];
  officer = await staffSession(app, 'officer', { officeIds: [office.id] });
  stranger = await staffSession(app, 'officer', { officeIds: [otherOffice.id] });
  monitor = await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] });
  admin = await staffSession(app, 'administrator');
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const file = (contact: object, extra: object = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'The dispensary is closed before noon.', location: { areaId: office.area_id }, contact, ...extra } });
const post = (who: SignedIn, url: string, payload?: object) => app.inject({ method: 'POST', url, headers: who.headers, ...(payload && { payload }) });

describe('reading a citizen’s contact details', () => {
  it('shows them to the office working the complaint, for a stated purpose, and records the read twice over', async () => {
    const { code } = (await file({ name: 'Shabana Gul', phone: '0301 2223334' })).json();
    const read = await post(officer, `/api/v1/staff/complaints/${code}/contact`, { purpose: 'to arrange a site visit', fields: ['name', 'phone'] });
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('private, no-store');
    expect(read.json()).toMatchObject({ code, contact: { name: 'Shabana Gul', phone: '+923012223334' } });
    const logged = (await database.db.query(`select staff_id, fields, purpose from personal_data_reads order by read_at desc limit 1`)).rows[0];
    expect(logged).toMatchObject({ staff_id: officer.id, purpose: 'to arrange a site visit' });
    const audit = (await database.db.query(`select actor_id, subject_id, payload from audit_log where action = 'personal_data.read' order by id desc limit 1`)).rows[0];
    expect(audit).toMatchObject({ actor_id: officer.id, subject_id: code, payload: { purpose: 'to arrange a site visit' } });
  });

  it('refuses another office, an anonymous citizen and a read without a purpose, recording nothing', async () => {
    const { code } = (await file({ name: 'Gul Khan', phone: '0301 5556667' })).json();
    const anonymous = (await file({ phone: '0301 5556668' }, { anonymous: true })).json().code;
    const before = (await database.db.query('select count(*)::int as n from personal_data_reads')).rows[0].n;
    expect((await post(stranger, `/api/v1/staff/complaints/${code}/contact`, { purpose: 'curiosity' })).statusCode).toBe(403);
    expect((await post(officer, `/api/v1/staff/complaints/${anonymous}/contact`, { purpose: 'to call them' })).json().code).toBe('citizen_anonymous');
    const blank = await post(officer, `/api/v1/staff/complaints/${code}/contact`, { purpose: '  ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().errors[0].pointer).toBe('/purpose');
    expect((await database.db.query('select count(*)::int as n from personal_data_reads')).rows[0].n).toBe(before);
  });
});

describe('reviewing habitual complainants', () => {
  it('lets the provincial cell see a citizen refused at the daily cap and exempt them, so they can file again', async () => {
    const contact = { phone: '0333 7778889' };
    expect((await file(contact)).statusCode).toBe(201);
    expect((await file(contact)).statusCode).toBe(201);
    const refused = await file(contact);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().detail).toContain('1800-00-1234');
    expect((await app.inject({ method: 'GET', url: '/api/v1/staff/abuse/flags', headers: officer.headers })).statusCode).toBe(403);
    const flags = (await app.inject({ method: 'GET', url: '/api/v1/staff/abuse/flags', headers: monitor.headers })).json().flags;
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ status: 'open', reason: 'daily_cap', cap: 2 });
    expect(JSON.stringify(flags)).not.toContain('7778889');
    const exempted = await post(monitor, `/api/v1/staff/abuse/flags/${flags[0].id}/exemption`, { reason: 'Union council member filing for his village' });
    expect(exempted.statusCode).toBe(201);
    expect((await file(contact)).statusCode).toBe(201);
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/staff/abuse/exemptions', headers: admin.headers })).json().exemptions;
    expect(listed.map((e: { id: string }) => e.id)).toContain(exempted.json().id);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/staff/abuse/exemptions/${exempted.json().id}`, headers: monitor.headers })).statusCode).toBe(204);
    expect((await file(contact)).statusCode).toBe(429);
  });
});

describe('the audit log', () => {
  it('shows administrators and auditors the sign-ins and contact reads, newest first, and nobody else', async () => {
    await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'no-such-person', password: 'guessing at random' } });
    const log = await app.inject({ method: 'GET', url: '/api/v1/audit/log?limit=500', headers: admin.headers });
    expect(log.statusCode).toBe(200);
    const actions = log.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.signed_in', 'staff.sign_in_failed', 'staff.account_created']));
    const ids = log.json().entries.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const failed = await app.inject({ method: 'GET', url: '/api/v1/audit/log?action=staff.sign_in_failed', headers: admin.headers });
    expect(failed.json().entries[0]).toMatchObject({ action: 'staff.sign_in_failed', payload: { username: 'no-such-person', reason: 'unknown_user' } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit/log', headers: officer.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit/log' })).statusCode).toBe(401);
  });
});
