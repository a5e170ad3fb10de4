import { selfAndAncestors } from './area-tree.js';

/** What routing needs to know of an office. */
export interface OfficeRef {
  id: string;
  departmentId: string;
  areaId: string;
}

/**
 * Finds the office of a department that covers an area: the office on the area itself or, failing that,
 * on the nearest enclosing area (a tehsil complaint goes to the district office of a district-level department).
 */
export class OfficeFinder {
  private readonly byDepartmentArea = new Map<string, OfficeRef>();

  constructor(offices: Iterable<OfficeRef>) {
    for (const office of offices) this.byDepartmentArea.set(key(office.departmentId, office.areaId), office);
  }

  /** The covering office, or null when the department has no office over that area. */
  find(departmentId: string, areaId: string): OfficeRef | null {
    for (const candidate of selfAndAncestors(areaId)) {
      const office = this.byDepartmentArea.get(key(departmentId, candidate));
      if (office) return office;
    }
    return null;
  }
}

function key(departmentId: string, areaId: string): string {
  return `${departmentId}\u0000${areaId}`;
}
