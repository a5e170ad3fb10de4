import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../server/domain/actor.js';
import { canWorkOn, type StaffActor } from '../server/domain/permissions/jurisdiction.js';
import { openAppPool, openAppPools, withStaffScope, type AppPools } from '../server/store/db.js';
import { jurisdictionSql } from '../server/store/staff-queue.repository.js';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { PNG_1X1 } from './helpers/fixtures.js';

let database: TestDatabase;
let pools: AppPools;
let peshawar: { id: string; area_id: string };
let swat: { id: string; area_id: string };
const place = new Map<string, { officeId: string | null; departmentId: string | null; areaId: string | null }>();

beforeAll(async () => {
  database = await createTestDatabase();
  pools = await openAppPools(database.url, 3);
  const app = await buildTestApp(database.db);
  try {
    // Categories that require no extra field: this test is about scope, not the category's form.
    const categories = (await database.db.query(`select id, department_id from categories where department_id in ('health', 'education', 'police') and not attributes @> '[{"required": true}]' order by id`)).rows;
    peshawar = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.peshawar.peshawar'`)).rows[0];
    swat = (await database.db.query(`select id, area_id from offices where department_id = 'health' and area_id = 'kp.malakand.swat'`)).rows[0];
    const areas = ['kp.peshawar.peshawar', 'kp.malakand.swat', 'kp.peshawar.charsadda', 'kp.hazara.abbottabad'];
    // Complaints of three departments in four districts, with contacts, photos and (without an area) triage.
    for (const [i, category] of categories.slice(0, 9).entries()) {
      for (const areaId of areas) {
        await app.services.intake.submit({ categoryId: category.id, description: `Complaint ${i} in ${areaId}, for the scope test.`, location: { areaId }, contact: { phone: `0300${String(1000000 + i).slice(0, 7)}` }, photos: [{ data: PNG_1X1.toString('base64') }] }, null);
      }
    }
    await app.services.intake.submit({ categoryId: categories[0].id, description: 'Nobody knows where this is yet.', contact: { email: 'somewhere@example.pk' } }, null);
  } finally {
    await app.close();
  }
  for (const r of (await database.db.query('select id, office_id, department_id, area_id from complaints')).rows) place.set(r.id, { officeId: r.office_id, departmentId: r.department_id, areaId: r.area_id });
}, 120_000);
afterAll(async () => {
  await pools.close();
  await database.drop();
});

const officer = (): StaffActor => ({ id: 'o1', role: 'officer', officeIds: [peshawar.id], scope: [] });
const ids = async (actor: StaffActor, sql: string) => withStaffScope(pools.staff, actor, async (tx) => (await tx.query(sql)).rows);

describe('row-level security', () => {
  it('shows an officer of Peshawar none of Swat’s complaints, events, photos or citizens, even to a query with no filter at all', async () => {
    const complaints = await ids(officer(), 'select id, office_id from complaints');
    expect(complaints.length).toBeGreaterThan(0);
    expect(complaints.every((c) => c.office_id === peshawar.id)).toBe(true);
    expect((await database.db.query('select count(*)::int as n from complaints where office_id = $1', [swat.id])).rows[0].n).toBeGreaterThan(0);
    const visible = new Set(complaints.map((c) => c.id));
    for (const table of ['complaint_events', 'attachments']) {
      const rows = await ids(officer(), `select complaint_id from ${table}`);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => visible.has(r.complaint_id))).toBe(true);
    }
    const citizens = await ids(officer(), 'select id from citizens');
    const theirs = (await database.db.query('select citizen_id from complaints where office_id = $1 and citizen_id is not null', [peshawar.id])).rows.map((r) => r.citizen_id);
    expect(new Set(citizens.map((c) => c.id))).toEqual(new Set(theirs));
  });

  it('lets an officer change no complaint of another office, whatever the statement says', async () => {
    const changed = await withStaffScope(pools.staff, officer(), async (tx) => (await tx.query(`update complaints set description = 'tampered' where office_id = $1`, [swat.id])).rowCount);
    expect(changed).toBe(0);
    expect((await database.db.query(`select count(*)::int as n from complaints where description = 'tampered'`)).rows[0].n).toBe(0);
  });

  it('shows nothing when no scope was set (a forgotten scope fails closed)', async () => {
    expect((await pools.staff.query('select count(*)::int as n from complaints')).rows[0].n).toBe(0);
    expect((await pools.staff.query('select count(*)::int as n from citizens')).rows[0].n).toBe(0);
  });

  it('connects as a role that is neither superuser nor owner nor able to bypass row-level security, and RESET ROLE keeps it', async () => {
    for (const [pool, role] of [[pools.staff, 'ekhtyar_staff'], [pools.service, 'ekhtyar_app']] as const) {
      const { rows } = await pool.query(`select current_user as who, r.rolsuper, r.rolbypassrls, (select tableowner from pg_tables where tablename = 'complaints') as owner
                                           from pg_roles r where r.rolname = current_user`);
      expect(rows[0]).toMatchObject({ who: role, rolsuper: false, rolbypassrls: false });
      expect(rows[0].owner).not.toBe(role);
      const client = await pool.connect();
      try {
        await client.query('reset role');
        expect((await client.query('select current_user as who')).rows[0].who).toBe(role);
      } finally {
        client.release();
      }
    }
  });

  it('refuses to start with a clear message when the database user may not act as the application roles', async () => {
    const user = `ekhtyar_norole_${process.pid}`;
    await database.db.query(`drop role if exists ${user}`);
    await database.db.query(`create role ${user} login password 'not-a-member'`);
    try {
      const url = new URL(database.url);
      url.username = user;
      url.password = 'not-a-member';
      await expect(openAppPool(url.toString(), 1, 'staff')).rejects.toThrow(/cannot act as ekhtyar_staff: run "GRANT ekhtyar_app, ekhtyar_staff TO/);
    } finally {
      await database.db.query(`drop role ${user}`);
    }
  });

  it('agrees with the jurisdiction rules (canWorkOn) and their SQL twin for any role and scope', async () => {
    const offices = (await database.db.query('select id from offices where id in (select office_id from complaints) order by id')).rows.map((r) => r.id as string);
    const scopeAreas = ['kp', 'kp.peshawar', 'kp.peshawar.peshawar', 'kp.malakand', 'kp.malakand.swat', 'kp.hazara.abbottabad'];
    const actor = fc.record({
      role: fc.constantFrom<StaffRole>('officer', 'head_of_office', 'department_monitor', 'provincial_monitor', 'analyst', 'administrator'),
      officeIds: fc.subarray(offices, { maxLength: 3 }),
      scope: fc.array(fc.record({ departmentId: fc.constantFrom(null, 'health', 'education', 'police'), areaId: fc.constantFrom(...scopeAreas) }), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(actor, async (a) => {
        const staff: StaffActor = { id: 'x', ...a };
        const expected = [...place].filter(([, p]) => canWorkOn(staff, p)).map(([id]) => id).sort();
        const byPolicy = (await ids(staff, 'select id from complaints')).map((r) => r.id as string).sort();
        const params: unknown[] = [];
        const byQuery = (await database.db.query(`select id from complaints c where ${jurisdictionSql(staff, params)}`, params)).rows.map((r) => r.id as string).sort();
        expect(byPolicy).toEqual(expected);
        expect(byQuery).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
