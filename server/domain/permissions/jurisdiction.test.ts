import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canWorkOn, type StaffActor } from './jurisdiction.js';

const place = { officeId: 'health@kp.peshawar.charsadda', departmentId: 'health', areaId: 'kp.peshawar.charsadda.tangi' };
const actor = (role: StaffActor['role'], officeIds: string[] = [], scope: StaffActor['scope'] = []): StaffActor => ({ id: 'u1', role, officeIds, scope });

describe('jurisdiction', () => {
  it('lets an officer act only in their own office', () => {
    expect(canWorkOn(actor('officer', ['health@kp.peshawar.charsadda']), place)).toBe(true);
    expect(canWorkOn(actor('officer', ['health@kp.peshawar.peshawar']), place)).toBe(false);
    expect(canWorkOn(actor('officer', [], [{ departmentId: null, areaId: 'kp' }]), place)).toBe(false);
  });

  it('lets a head of office act over their office and the area under them', () => {
    expect(canWorkOn(actor('head_of_office', [], [{ departmentId: 'health', areaId: 'kp.peshawar' }]), place)).toBe(true);
    expect(canWorkOn(actor('head_of_office', [], [{ departmentId: 'police', areaId: 'kp.peshawar' }]), place)).toBe(false);
  });

  it('lets a department monitor act across the province in their department only', () => {
    expect(canWorkOn(actor('department_monitor', [], [{ departmentId: 'health', areaId: 'kp' }]), place)).toBe(true);
    expect(canWorkOn(actor('department_monitor', [], [{ departmentId: 'revenue', areaId: 'kp' }]), place)).toBe(false);
  });

  it('keeps an area prefix from matching a neighbour with a longer name', () => {
    expect(canWorkOn(actor('department_monitor', [], [{ departmentId: 'health', areaId: 'kp.peshawar.charsadda' }]), { ...place, areaId: 'kp.peshawar.charsadda-2' })).toBe(false);
  });

  it('places triage complaints with no area only within a province-wide scope', () => {
    const triage = { officeId: null, departmentId: 'health', areaId: null };
    expect(canWorkOn(actor('provincial_monitor', [], [{ departmentId: null, areaId: 'kp' }]), triage)).toBe(true);
    expect(canWorkOn(actor('department_monitor', [], [{ departmentId: 'health', areaId: 'kp.peshawar' }]), triage)).toBe(false);
  });

  it('never lets analysts, administrators or intake agents work a complaint, whatever their scope', () => {
    fc.assert(
      fc.property(fc.constantFrom('analyst', 'administrator', 'intake_agent' as const), (role) => {
        expect(canWorkOn(actor(role as StaffActor['role'], [place.officeId], [{ departmentId: null, areaId: 'kp' }]), place)).toBe(false);
      }),
    );
  });
});
