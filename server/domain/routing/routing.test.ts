import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressMatcher } from './address-matcher.js';
import { isWithinArea, selfAndAncestors } from './area-tree.js';
import { AreaLocator } from './locate.js';
import { OfficeFinder } from './office-finder.js';

describe('area tree', () => {
  it('treats an area as inside itself and its ancestors, and not inside a sibling with a common prefix', () => {
    expect(isWithinArea('kp.mardan.swabi.topi', 'kp.mardan')).toBe(true);
    expect(isWithinArea('kp.mardan', 'kp.mardan')).toBe(true);
    expect(isWithinArea('kp.mardan-2', 'kp.mardan')).toBe(false);
    expect(selfAndAncestors('kp.a.b')).toEqual(['kp.a.b', 'kp.a', 'kp']);
  });
});

describe('office finder', () => {
  const finder = new OfficeFinder([
    { id: 'health@kp.a.x', departmentId: 'health', areaId: 'kp.a.x' },
    { id: 'higher-education@kp', departmentId: 'higher-education', areaId: 'kp' },
  ]);

  it('sends a tehsil complaint to the district office of a district-level department', () => {
    expect(finder.find('health', 'kp.a.x.t1')?.id).toBe('health@kp.a.x');
  });

  it('sends any complaint of a province-level department to its provincial office', () => {
    expect(finder.find('higher-education', 'kp.a.x.t1')?.id).toBe('higher-education@kp');
  });

  it('finds nothing when the department has no office over the area (the complaint goes to triage)', () => {
    expect(finder.find('health', 'kp.b.y')).toBeNull();
    expect(finder.find('police', 'kp.a.x')).toBeNull();
  });
});

describe('area locator', () => {
  const square = (lon: number, lat: number) => ({ type: 'Polygon' as const, coordinates: [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]] });
  const locator = new AreaLocator([
    { areaId: 'kp.a.x', geometry: square(70, 33) },
    { areaId: 'kp.a.y', geometry: { type: 'MultiPolygon', coordinates: [square(72, 33).coordinates, square(72, 35).coordinates] } },
  ]);

  it('finds the district containing a point, including in the second part of a multipolygon', () => {
    expect(locator.locate(33.5, 70.5)).toBe('kp.a.x');
    expect(locator.locate(35.5, 72.5)).toBe('kp.a.y');
  });

  it('finds nothing for a point outside every district', () => {
    expect(locator.locate(24.86, 67.01)).toBeNull();
  });

  it('never throws on any coordinates', () => {
    fc.assert(fc.property(fc.double(), fc.double(), (lat, lon) => {
      const found = locator.locate(lat, lon);
      expect(found === null || typeof found === 'string').toBe(true);
    }));
  });
});

describe('address matcher', () => {
  const matcher = new AddressMatcher([
    { id: 'kp.p.charsadda', level: 'district', names: ['Charsadda', 'چارسدہ'] },
    { id: 'kp.p.charsadda.tangi', level: 'tehsil', names: ['Tangi'] },
    { id: 'kp.m.swat', level: 'district', names: ['Swat'] },
    { id: 'kp.m.swat.kabal', level: 'tehsil', names: ['Kabal'] },
    { id: 'kp.q.other.kabal', level: 'tehsil', names: ['Kabal'] },
  ]);

  it('finds the district named in an address, in either script', () => {
    expect(matcher.match('Mohalla Qazi Khel, Charsadda')).toBe('kp.p.charsadda');
    expect(matcher.match('محلہ قاضی خیل، چارسدہ')).toBe('kp.p.charsadda');
  });

  it('prefers a tehsil whose district is named too', () => {
    expect(matcher.match('Main bazaar, Tangi, District Charsadda')).toBe('kp.p.charsadda.tangi');
    expect(matcher.match('Kabal, Swat')).toBe('kp.m.swat.kabal');
  });

  it('takes an unambiguous tehsil alone, but not one whose name two districts share', () => {
    expect(matcher.match('near the hospital, Tangi')).toBe('kp.p.charsadda.tangi');
    expect(matcher.match('Kabal bazaar')).toBeNull();
  });

  it('matches whole words only', () => {
    expect(matcher.match('Swatch shop, Islamabad')).toBeNull();
  });

  it('never throws and only returns known areas', () => {
    const known = new Set(['kp.p.charsadda', 'kp.p.charsadda.tangi', 'kp.m.swat', 'kp.m.swat.kabal', 'kp.q.other.kabal']);
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      const found = matcher.match(text);
      expect(found === null || known.has(found)).toBe(true);
    }));
  });
});
