import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dmsToDegrees, exifGpsTags, pointFromExifGps } from './photo-location.js';

// Reads "d/1 m/1 s/10000" back into numbers, as an EXIF reader would.
const rationals = (text: string) => text.split(' ').map((r) => Number(r.split('/')[0]) / Number(r.split('/')[1]));

describe('photo GPS positions', () => {
  it('reads degrees, minutes and seconds with their hemisphere', () => {
    expect(pointFromExifGps({ GPSLatitude: [34, 0, 36], GPSLatitudeRef: 'N', GPSLongitude: [71, 34, 48], GPSLongitudeRef: 'E' })).toEqual({ latitude: 34.01, longitude: 71.58 });
    expect(pointFromExifGps({ GPSLatitude: [33, 52, 0], GPSLatitudeRef: 'S', GPSLongitude: [151, 12, 0], GPSLongitudeRef: 'W' })).toEqual({
      latitude: -(33 + 52 / 60),
      longitude: -(151 + 12 / 60),
    });
  });

  it.each([
    [undefined],
    [{}],
    [{ GPSLatitude: [0, 0, 0], GPSLatitudeRef: 'N', GPSLongitude: [0, 0, 0], GPSLongitudeRef: 'E' }],
    [{ GPSLatitude: [91, 0, 0], GPSLatitudeRef: 'N', GPSLongitude: [71, 0, 0], GPSLongitudeRef: 'E' }],
    [{ GPSLatitude: [34, 61, 0], GPSLatitudeRef: 'N', GPSLongitude: [71, 0, 0], GPSLongitudeRef: 'E' }],
    [{ GPSLatitude: 'north', GPSLongitude: [71, 0, 0] }],
    [{ GPSLatitude: [34, Number.NaN, 0], GPSLongitude: [71, 0, 0] }],
  ])('has no position for %j', (gps) => {
    expect(pointFromExifGps(gps)).toBeNull();
  });

  it('writes a point so that reading it back gives the point to within a ten-thousandth of a second', () => {
    fc.assert(
      fc.property(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }), (latitude, longitude) => {
        const tags = exifGpsTags({ latitude, longitude });
        const lat = dmsToDegrees(rationals(tags.GPSLatitude!), tags.GPSLatitudeRef, 'S');
        const lon = dmsToDegrees(rationals(tags.GPSLongitude!), tags.GPSLongitudeRef, 'W');
        expect(Math.abs(lat! - latitude)).toBeLessThanOrEqual(1 / 3600 / 10_000);
        expect(Math.abs(lon! - longitude)).toBeLessThanOrEqual(1 / 3600 / 10_000);
        for (const parts of [rationals(tags.GPSLatitude!), rationals(tags.GPSLongitude!)]) {
          expect(parts[1]).toBeLessThan(60);
          expect(parts[2]).toBeLessThan(60);
        }
      }),
    );
  });

  it('never throws and never gives a point off the globe, whatever the EXIF block holds', () => {
    fc.assert(
      fc.property(fc.record({ GPSLatitude: fc.anything(), GPSLatitudeRef: fc.anything(), GPSLongitude: fc.oneof(fc.array(fc.double()), fc.anything()), GPSLongitudeRef: fc.anything() }, { requiredKeys: [] }), (gps) => {
        const point = pointFromExifGps(gps);
        if (point) {
          expect(Math.abs(point.latitude)).toBeLessThanOrEqual(90);
          expect(Math.abs(point.longitude)).toBeLessThanOrEqual(180);
        }
      }),
    );
  });
});
