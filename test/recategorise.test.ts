import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterModelRepository } from '../server/store/router-model.repository.js';
import { buildTestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { tableCounts } from './helpers/fixtures.js';
import { staffSession, type SignedIn } from './helpers/staff.js';

/**
 * Officers correcting a complaint's category: within the department by "recategorise", into another department's
 * category only by a transfer that names it. Each correction is a labelled example for the routing classifier and
 * an entry on the audit log; a refused one writes nothing.
 */
let database: TestDatabase;
let app: FastifyInstance;
let office: { id: string; area_id: string };
let waterOffice: { id: string };
let officer: SignedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database.db);
  office = (await database.db.query(`select id, area_id from offices where department_id = 'health' order by id limit 1`)).rows[0];
  waterOffice = (await database.db.query(`select id from offices where department_id = 'water-sanitation' order by id limit 1`)).rows[0];
  officer = await staffSession(app, 'officer', { officeIds: [office.id] });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

const file = async () => (await app.services.intake.submit({ categoryId: 'doctor-staff-absent', description: 'The medicine store of the BHU has been empty for a month.', location: { areaId: office.area_id }, anonymous: true }, null)).code;
const post = (code: string, path: string, payload: object, version = 2) => app.inject({ method: 'POST', url: `/api/v1/staff/complaints/${code}/${path}`, headers: { ...officer.headers, 'if-match': `"${version}"` }, payload });
const complaint = async (code: string) => (await database.db.query('select id, category_id, department_id, office_id, event_count from complaints where code = $1', [code])).rows[0];
const examples = async (id: string) => (await database.db.query('select category_id, source, actor_id from routing_examples where complaint_id = $1 order by id', [id])).rows;
const audits = async (id: string) => (await database.db.query(`select action, actor_id, payload from audit_log where subject_type = 'complaint' and subject_id = $1 order by id`, [id])).rows;

describe('recategorising a complaint', () => {
  it('is offered to the office, and puts the complaint in another category of its department, with an example and an audit entry', async () => {
    const code = await file();
    const view = await app.inject({ method: 'GET', url: `/api/v1/staff/complaints/${code}`, headers: officer.headers });
    expect(view.json().actions).toContain('recategorise');
    const response = await post(code, 'category', { categoryId: 'medicine-shortage', reason: 'It is about medicines, not staff.' });
    expect(response.statusCode).toBe(200);
    const c = await complaint(code);
    expect(c.category_id).toBe('medicine-shortage');
    const { rows } = await database.db.query(`select type, visibility, payload from complaint_events where complaint_id = $1 order by seq desc limit 1`, [c.id]);
    expect(rows[0]).toEqual({ type: 'recategorised', visibility: 'internal', payload: { fromCategoryId: 'doctor-staff-absent', categoryId: 'medicine-shortage', reason: 'It is about medicines, not staff.' } });
    expect(await examples(c.id)).toEqual([{ category_id: 'medicine-shortage', source: 'recategorised', actor_id: officer.id }]);
    expect(await audits(c.id)).toEqual([{ action: 'complaint.recategorised', actor_id: officer.id, payload: { fromCategoryId: 'doctor-staff-absent', toCategoryId: 'medicine-shortage', by: 'recategorised' } }]);
    // The correction is what retraining learns, though the complaint is still open.
    const learnt = (await new RouterModelRepository().trainingRows(database.db, 1000)).filter((r) => r.text.startsWith('The medicine store'));
    expect(learnt).toEqual([expect.objectContaining({ label: 'medicine-shortage', corrected: true })]);
  });

  it("refuses another department's category (that is a transfer), an unknown one, the same one or no reason, writing nothing", async () => {
    const code = await file();
    const before = await tableCounts(database.db);
    const other = await post(code, 'category', { categoryId: 'contaminated-water', reason: 'Dirty water.' });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'category_of_other_department', errors: [{ pointer: '/categoryId' }] });
    expect(other.json().detail).toContain('transfer');
    expect((await post(code, 'category', { categoryId: 'no-such-category', reason: 'x' })).json()).toMatchObject({ status: 422, errors: [{ pointer: '/categoryId' }] });
    expect((await post(code, 'category', { categoryId: 'doctor-staff-absent', reason: 'x' })).json()).toMatchObject({ status: 409, code: 'same_category' });
    expect((await post(code, 'category', { categoryId: 'medicine-shortage', reason: '   ' })).statusCode).toBe(422);
    expect((await post(code, 'category', { categoryId: 'Medicine Shortage!', reason: 'x' })).statusCode).toBe(400);
    expect((await post(code, 'category', { categoryId: 'medicine-shortage', reason: 'x' }, 7)).statusCode).toBe(409);
    expect(await tableCounts(database.db)).toEqual(before);
    expect((await complaint(code)).category_id).toBe('doctor-staff-absent');
  });
});

describe('a transfer to another department that names the category', () => {
  it('moves the complaint with its new category, keeping the example', async () => {
    const code = await file();
    const response = await post(code, 'transfer', { toOfficeId: waterOffice.id, reason: 'The BHU has no clean water: a water supply matter.', categoryId: 'contaminated-water' });
    expect([200, 204]).toContain(response.statusCode);
    const c = await complaint(code);
    expect(c).toMatchObject({ category_id: 'contaminated-water', department_id: 'water-sanitation', office_id: waterOffice.id });
    expect(await examples(c.id)).toEqual([{ category_id: 'contaminated-water', source: 'transferred', actor_id: officer.id }]);
    expect(await audits(c.id)).toEqual([expect.objectContaining({ action: 'complaint.recategorised', payload: { fromCategoryId: 'doctor-staff-absent', toCategoryId: 'contaminated-water', by: 'transferred', toDepartmentId: 'water-sanitation' } })]);
  });

  it('refuses a category the receiving office does not handle, writing nothing', async () => {
    const code = await file();
    const before = await tableCounts(database.db);
    const response = await post(code, 'transfer', { toOfficeId: waterOffice.id, reason: 'Wrong office.', categoryId: 'medicine-shortage' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ pointer: '/categoryId' })]);
    expect(await tableCounts(database.db)).toEqual(before);
    expect((await complaint(code)).office_id).toBe(office.id);
  });
});
