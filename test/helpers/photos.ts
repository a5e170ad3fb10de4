import exifReader from 'exif-reader';
import sharp from 'sharp';

/** Width, height and raw RGBA bytes of an image: what it shows, whatever its encoding and metadata. */
export async function pixels(image: Buffer): Promise<{ width: number; height: number; data: Buffer }> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** The EXIF GPS block of an image, or null when it has no EXIF or no GPS. */
export async function exifGps(image: Buffer): Promise<Record<string, unknown> | null> {
  const { exif } = await sharp(image).metadata();
  return exif ? (exifReader(exif).GPSInfo ?? null) : null;
}

/** A real JPEG as a phone writes it: `width`×`height`, EXIF with camera make, the orientation given and (optionally) a GPS position in degrees/minutes/seconds. */
export async function phoneJpeg(options: { width?: number; height?: number; orientation?: number; gps?: { latitude: number; longitude: number } } = {}): Promise<Buffer> {
  const { width = 40, height = 20, orientation = 1, gps } = options;
  // The left half red, the right half blue: a rotation shows in where the colours end up.
  const left = await sharp({ create: { width: Math.ceil(width / 2), height, channels: 3, background: { r: 220, g: 20, b: 20 } } }).png().toBuffer();
  const gpsTags = gps
    ? {
        GPSLatitudeRef: gps.latitude < 0 ? 'S' : 'N',
        GPSLatitude: dms(Math.abs(gps.latitude)),
        GPSLongitudeRef: gps.longitude < 0 ? 'W' : 'E',
        GPSLongitude: dms(Math.abs(gps.longitude)),
      }
    : undefined;
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 20, b: 220 } } })
    .composite([{ input: left, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation })
    .withExif({ IFD0: { Make: 'TestPhone', Model: 'Serial 12345' }, ...(gpsTags && { IFD3: gpsTags }) })
    .toBuffer();
}

function dms(value: number): string {
  const degrees = Math.floor(value);
  const minutes = Math.floor((value - degrees) * 60);
  const seconds = Math.round(((value - degrees) * 60 - minutes) * 60 * 100);
  return `${degrees}/1 ${minutes}/1 ${seconds}/100`;
}
