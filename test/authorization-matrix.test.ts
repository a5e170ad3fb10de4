import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../server/domain/actor.js';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { tableCounts } from './helpers/fixtures.js';
import { staffSession, type SignedIn } from './helpers/staff.js';

/**
 * Every role × every staff endpoint × a complaint of its own jurisdiction and one of another: allowed, or refused
 * with 401 (not signed in), 403 (role or jurisdiction) or 404 (where even the complaint's existence is not theirs).
 * The expectations are written out by hand from DESIGN.md section 1, not computed from the code under test.
 */
let database: TestDatabase;
let app: FastifyInstance;
let own: { id: string; area_id: string };
let foreign: { id: string; area_id: string };
let categoryId: string;
let otherHealthCategory: string;
const sessions = new Map<Who, SignedIn>();

type Who = StaffRole | 'anonymous';
const WHO: Who[] = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor', 'analyst', 'intake_agent', 'administrator', 'anonymous'];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  categoryId = (await database.db.query(`select id from categories where department_id = 'health' limit 1`)).rows[0].id;
  otherHealthCategory = (await database.db.query(`select id from categories where department_id = 'health' and id <> $1 limit 1`, [categoryId])).rows[0].id;
  own = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar'`)).rows[0];
  foreign = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.malakand.swat'`)).rows[0];
  sessions.set('officer', await staffSession(app, 'officer', { officeIds: [own.id] }));
  sessions.set('head_of_office', await staffSession(app, 'head_of_office', { officeIds: [own.id] }));
  sessions.set('department_monitor', await staffSession(app, 'department_monitor', { scope: [{ departmentId: 'health', areaId: 'kp.peshawar' }] }));
  sessions.set('provincial_monitor', await staffSession(app, 'provincial_monitor', { scope: [{ departmentId: null, areaId: 'kp' }] }));
  for (const role of ['analyst', 'intake_agent', 'administrator'] as const) sessions.set(role, await staffSession(app, role));
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const file = async (office: { area_id: string }) =>
  (await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'The vaccination centre is closed every afternoon.', location: { areaId: office.area_id }, anonymous: true } })).json().code as string;
const call = (who: Who, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: who === 'anonymous' ? {} : sessions.get(who)!.headers, ...(payload && { payload }) });

interface Endpoint {
  name: string;
  /** Called with a complaint filed just before, in the jurisdiction asked for. */
  run(who: Who, place: 'own' | 'foreign', code: string): Promise<{ statusCode: number }>;
  expect: Record<Who, number | [own: number, foreign: number]>;
  /** Writes that must leave the database untouched when refused. */
  writes?: boolean;
}

const office = (place: 'own' | 'foreign') => (place === 'own' ? own : foreign);
const REFUSED_ROLES = { analyst: 403, intake_agent: 403, administrator: 403, anonymous: 401 } as const;
// The intake desk is the intake agents' alone (they file; everyone else works or reads complaints elsewhere).
const INTAKE_ONLY = { officer: 403, head_of_office: 403, department_monitor: 403, provincial_monitor: 403, analyst: 403, administrator: 403, anonymous: 401 } as const;
let diaryCounter = 0;
const ENDPOINTS: Endpoint[] = [
  { name: 'GET queue', run: (who) => call(who, 'GET', '/api/v1/staff/complaints'), expect: { officer: 200, head_of_office: 200, department_monitor: 200, provincial_monitor: 200, ...REFUSED_ROLES } },
  {
    name: 'GET complaint',
    run: (who, _place, code) => call(who, 'GET', `/api/v1/staff/complaints/${code}`),
    expect: { officer: [200, 404], head_of_office: [200, 404], department_monitor: [200, 404], provincial_monitor: [200, 200], ...REFUSED_ROLES },
  },
  {
    name: 'POST note',
    writes: true,
    run: (who, _place, code) => call(who, 'POST', `/api/v1/staff/complaints/${code}/notes`, { text: 'Checked the register.' }),
    expect: { officer: [200, 403], head_of_office: [200, 403], department_monitor: [200, 403], provincial_monitor: [200, 200], ...REFUSED_ROLES },
  },
  {
    name: 'POST acknowledge',
    writes: true,
    run: (who, _place, code) => call(who, 'POST', `/api/v1/staff/complaints/${code}/acknowledge`),
    expect: { officer: [200, 403], head_of_office: [200, 403], department_monitor: [403, 403], provincial_monitor: [403, 403], ...REFUSED_ROLES },
  },
  {
    name: 'POST assign',
    writes: true,
    run: (who, _place, code) => call(who, 'POST', `/api/v1/staff/complaints/${code}/assign`, { officerId: sessions.get('officer')!.id }),
    expect: { officer: [403, 403], head_of_office: [200, 403], department_monitor: [403, 403], provincial_monitor: [403, 403], ...REFUSED_ROLES },
  },
  {
    name: 'POST reject',
    writes: true,
    run: (who, _place, code) => call(who, 'POST', `/api/v1/staff/complaints/${code}/reject`, { reason: 'Not a public service.' }),
    expect: { officer: [403, 403], head_of_office: [200, 403], department_monitor: [403, 403], provincial_monitor: [403, 403], ...REFUSED_ROLES },
  },
  {
    name: 'POST transfer',
    writes: true,
    run: (who, place, code) => call(who, 'POST', `/api/v1/staff/complaints/${code}/transfer`, { toOfficeId: place === 'own' ? foreign.id : own.id, reason: 'Wrong district.' }),
    // Moving it out of the officer's reach answers 204; moving it in from a foreign office is refused.
    expect: { officer: [204, 403], head_of_office: [204, 403], department_monitor: [204, 403], provincial_monitor: [200, 200], ...REFUSED_ROLES },
  },
  {
    name: 'POST category',
    writes: true,
    run: (who, _place, code) => call(who, 'POST', `/api/v1/staff/complaints/${code}/category`, { categoryId: otherHealthCategory, reason: 'Filed under the wrong heading.' }),
    expect: { officer: [200, 403], head_of_office: [200, 403], department_monitor: [200, 403], provincial_monitor: [200, 200], ...REFUSED_ROLES },
  },
  {
    name: 'POST bulk assign',
    run: (who, _place, code) => call(who, 'POST', '/api/v1/staff/complaints/bulk/assign', { codes: [code], officerId: sessions.get('officer')!.id }),
    expect: { officer: 403, head_of_office: 200, department_monitor: 200, provincial_monitor: 200, ...REFUSED_ROLES },
  },
  {
    name: 'GET officers of an office',
    run: (who, place) => call(who, 'GET', `/api/v1/staff/offices/${office(place).id}/officers`),
    expect: { officer: [200, 404], head_of_office: [200, 404], department_monitor: [200, 404], provincial_monitor: [200, 200], ...REFUSED_ROLES },
  },
  {
    name: 'POST contact details',
    run: async (who, place) => {
      const named = (await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId, description: 'The vaccinator never came to our street.', location: { areaId: office(place).area_id }, contact: { phone: '0345 1112223' } } })).json().code;
      return call(who, 'POST', `/api/v1/staff/complaints/${named}/contact`, { purpose: 'to arrange a visit' });
    },
    expect: { officer: [200, 403], head_of_office: [200, 403], department_monitor: [200, 403], provincial_monitor: [200, 200], ...REFUSED_ROLES },
  },
  {
    name: 'GET abuse flags',
    run: (who) => call(who, 'GET', '/api/v1/staff/abuse/flags'),
    expect: { officer: 403, head_of_office: 403, department_monitor: 403, provincial_monitor: 200, analyst: 403, intake_agent: 403, administrator: 200, anonymous: 401 },
  },
  {
    name: 'GET held e-mail',
    run: (who) => call(who, 'GET', '/api/v1/staff/abuse/held-mail'),
    expect: { officer: 403, head_of_office: 403, department_monitor: 403, provincial_monitor: 200, analyst: 403, intake_agent: 403, administrator: 200, anonymous: 401 },
  },
  {
    name: 'GET audit log',
    run: (who) => call(who, 'GET', '/api/v1/audit/log'),
    expect: { officer: 403, head_of_office: 403, department_monitor: 403, provincial_monitor: 403, analyst: 200, intake_agent: 403, administrator: 200, anonymous: 401 },
  },
  {
    name: 'GET intake caller lookup',
    run: (who) => call(who, 'GET', '/api/v1/staff/intake/callers?phone=03451112223'),
    expect: { ...INTAKE_ONLY, intake_agent: 200 },
  },
  {
    name: 'GET intake filings',
    run: (who) => call(who, 'GET', '/api/v1/staff/intake/filings'),
    expect: { ...INTAKE_ONLY, intake_agent: 200 },
  },
  {
    name: 'POST intake complaint for a caller',
    writes: true,
    run: (who, place) => call(who, 'POST', '/api/v1/staff/intake/complaints', { categoryId, description: 'The caller says the BHU is locked.', location: { areaId: office(place).area_id }, contact: { phone: '0345 1112224' } }),
    expect: { ...INTAKE_ONLY, intake_agent: 201 },
  },
  {
    name: 'POST intake call log',
    writes: true,
    run: (who) => call(who, 'POST', '/api/v1/staff/intake/calls', { callerPhone: '0345 1112225', durationSeconds: 60, outcome: 'information_given' }),
    expect: { ...INTAKE_ONLY, intake_agent: 201 },
  },
  {
    name: 'POST intake letter',
    writes: true,
    run: (who, place) => call(who, 'POST', '/api/v1/staff/intake/letters', { diaryNumber: `M-${++diaryCounter}`, receivedOn: '2026-01-05', officeId: office(place).id, categoryId, description: 'A letter about the closed health unit.' }),
    expect: { ...INTAKE_ONLY, intake_agent: 201 },
  },
  {
    name: 'GET intake letter and its slip',
    run: async (who, place) => {
      const entered = await call('intake_agent', 'POST', '/api/v1/staff/intake/letters', { diaryNumber: `S-${++diaryCounter}`, receivedOn: '2026-01-05', officeId: office(place).id, categoryId, description: 'A letter about the closed health unit.' });
      const { letter } = entered.json();
      const found = await call(who, 'GET', `/api/v1/staff/intake/letters/${letter.diaryNumber}?office=${office(place).id}`);
      const slip = await call(who, 'GET', letter.acknowledgementUrl);
      // Both answers agree, or the row reports the one that does not.
      return found.statusCode === slip.statusCode ? found : { statusCode: -slip.statusCode };
    },
    expect: { ...INTAKE_ONLY, intake_agent: 200 },
  },
  {
    name: 'GET admin users',
    run: (who) => call(who, 'GET', '/api/v1/admin/users'),
    expect: { officer: 403, head_of_office: 403, department_monitor: 403, provincial_monitor: 403, analyst: 403, intake_agent: 403, administrator: 200, anonymous: 401 },
  },
  {
    name: 'GET admin models',
    run: (who) => call(who, 'GET', '/api/v1/admin/models'),
    expect: { officer: 403, head_of_office: 403, department_monitor: 403, provincial_monitor: 403, analyst: 403, intake_agent: 403, administrator: 200, anonymous: 401 },
  },
  {
    name: 'POST admin model rollback',
    writes: true,
    run: (who) => call(who, 'POST', '/api/v1/admin/models/rollback'),
    // No model yet: the administrator is let in and told there is nothing to roll back to.
    expect: { officer: 403, head_of_office: 403, department_monitor: 403, provincial_monitor: 403, analyst: 403, intake_agent: 403, administrator: 409, anonymous: 401 },
  },
  {
    name: 'POST admin users',
    writes: true,
    run: (who, place) => call(who, 'POST', '/api/v1/admin/users', { username: `made-by-${who}-${place}`.replace(/_/g, '-'), displayName: 'New Analyst', role: 'analyst' }),
    expect: { officer: 403, head_of_office: 403, department_monitor: 403, provincial_monitor: 403, analyst: 403, intake_agent: 403, administrator: 201, anonymous: 401 },
  },
];

describe('authorisation matrix', () => {
  const cases = ENDPOINTS.flatMap((endpoint) => WHO.flatMap((who) => (['own', 'foreign'] as const).map((place) => ({ endpoint, who, place }))));
  it.each(cases.map((c) => [c.endpoint.name, c.who, c.place, c] as const))('%s as %s (%s jurisdiction)', async (_name, who, place, { endpoint }) => {
    const expected = endpoint.expect[who];
    const status = Array.isArray(expected) ? expected[place === 'own' ? 0 : 1] : expected;
    const code = await file(office(place));
    const before = await tableCounts(database.db);
    const response = await endpoint.run(who, place, code);
    expect(response.statusCode).toBe(status);
    // A refused write leaves no trace: no event, no outbox message, no account.
    if (endpoint.writes && status >= 400) expect(await tableCounts(database.db)).toEqual(before);
  });
});
